// Command training runs the training service: `training -conf ./configs` (the folder is
// optional; the defaults are embedded).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/kratos-monorepo/monorepo/libs/config/bootstrap"
	"github.com/kratos-monorepo/monorepo/services/training/service"
)

// version is stamped by Bazel (x_defs) in release builds.
var version = "dev"

func main() {
	confDir := flag.String("conf", "", "folder of config files overriding the embedded defaults")
	migrateOnly := flag.Bool("migrate", false, "apply the database migrations, then exit")
	showVersion := flag.Bool("version", false, "print the version, then exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(service.Name, version)
		return
	}
	if err := run(*confDir, *migrateOnly); err != nil {
		fmt.Fprintln(os.Stderr, "training:", err)
		os.Exit(1)
	}
}

func run(confDir string, migrateOnly bool) error {
	// Files, Nacos or both, as the config's `config.source` says (libs/config/bootstrap).
	bc, c, err := bootstrap.Load(service.Name, service.DefaultConfig, confDir)
	if err != nil {
		return err
	}
	defer c.Close()
	// New migrates; the connections to the other services are lazy, so -migrate needs neither.
	svc, err := service.New(context.Background(), bc, version)
	if err != nil {
		return err
	}
	defer svc.Close()
	if migrateOnly {
		return nil
	}
	// Values that may change at run time (log.level) follow the config while serving.
	if err := svc.WatchConfig(c); err != nil {
		return err
	}
	return svc.Kratos().Run()
}
