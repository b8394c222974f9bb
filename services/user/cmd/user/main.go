// Command user runs the user service: `user -conf ./configs` (the folder is optional; the
// defaults are embedded). -migrate applies the database migrations and exits; -version prints
// the version.
package main

import (
	"github.com/kratos-monorepo/monorepo/libs/runner"
	"github.com/kratos-monorepo/monorepo/services/user/service"
)

// version is stamped by Bazel (x_defs) in release builds.
var version = "dev"

func main() { runner.Main(service.Name, service.DefaultConfig, version, service.New) }
