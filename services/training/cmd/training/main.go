// Command training runs the training service: `training -conf ./configs` (the folder is
// optional; the defaults are embedded). -migrate applies the database migrations and exits
// (the connections to the other services are lazy, so it needs neither); -version prints the
// version.
package main

import (
	"context"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/runner"
	"github.com/kratos-monorepo/monorepo/services/training/service"
)

// version is stamped by Bazel (x_defs) in release builds.
var version = "dev"

func main() {
	runner.Main(service.Name, service.DefaultConfig, version,
		func(ctx context.Context, bc *conf.Bootstrap, v string) (*service.Service, error) {
			return service.New(ctx, bc, v)
		})
}
