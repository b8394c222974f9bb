// Package runner is every service binary's main: the same flags, configuration loading,
// start-up and shutdown for each service.
//
//	<service> [-conf <folder>] [-migrate] [-version] [-run <command>]
package runner

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/go-kratos/kratos/v2"
	"github.com/go-kratos/kratos/v2/config"
	klog "github.com/go-kratos/kratos/v2/log"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/conf/bootstrap"
	"github.com/kratos-monorepo/monorepo/libs/log"
)

// Service is what a composition root builds.
type Service interface {
	// WatchConfig follows the values that may change while the service runs.
	WatchConfig(c config.Config) error
	// Kratos serves the ports until SIGINT/SIGTERM, then stops gracefully.
	Kratos(opts ...kratos.Option) *kratos.App
	// Close releases storage, logs and metrics.
	Close()
	// ServiceLogger is the service's logger, made kratos' process-wide one once the service is
	// built (libs/server's Base has it).
	ServiceLogger() klog.Logger
}

// Command is an operator command a service offers: `<service> -run <name> [-- args]` builds the
// service (opening its storage), runs the command, writes its answer to out and exits. The
// arguments after the flags are Args(ctx).
type Command func(ctx context.Context, out io.Writer) error

// Commander is a Service with operator commands.
type Commander interface {
	Commands() map[string]Command
}

// Build is a service's constructor; it opens and migrates storage.
type Build[S Service] func(ctx context.Context, bc *conf.Bootstrap, version string) (S, error)

// Main runs the service called name and exits: 0 after a clean shutdown, 1 on an error.
func Main[S Service](name string, defaults []byte, version string, build Build[S]) {
	if err := Run(os.Args[1:], os.Stdout, name, defaults, version, build); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// Run is Main without the exit, for tests.
func Run[S Service](args []string, out io.Writer, name string, defaults []byte, version string, build Build[S]) error {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	confDir := flags.String("conf", "", "folder of config files overriding the embedded defaults")
	migrateOnly := flags.Bool("migrate", false, "apply the database migrations, then exit")
	showVersion := flags.Bool("version", false, "print the version, then exit")
	runCommand := flags.String("run", "", "run the named operator command (the service's own list), then exit")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // Parse printed the usage, which is what -help asked for
		}
		return err
	}
	if *showVersion {
		_, err := fmt.Fprintln(out, name, version)
		return err
	}
	// Kratos logs through its process-wide logger from the first config it reads. Until the
	// service's own logger exists (its format and level are in the config), that is a JSON
	// logger naming the service, the services' default format; kratos' routine lines are
	// dropped (libs/log.KratosGlobal), so it writes only what went wrong.
	early, err := log.New(log.Options{Service: name, Version: version})
	if err != nil {
		return err
	}
	log.SetKratosGlobal(early)
	// Files, Nacos or both, as the config's `config.source` says.
	bc, c, err := bootstrap.Load(name, defaults, *confDir)
	if err != nil {
		return err
	}
	defer c.Close()
	svc, err := build(context.Background(), bc, version)
	if err != nil {
		return err
	}
	defer svc.Close()
	log.SetKratosGlobal(svc.ServiceLogger())
	if *migrateOnly {
		return nil // building the service migrated its storage
	}
	if *runCommand != "" {
		return runOperatorCommand(context.WithValue(context.Background(), argsKey{}, flags.Args()), svc, *runCommand, out)
	}
	if err := svc.WatchConfig(c); err != nil {
		return err
	}
	app := svc.Kratos()
	// kratos catches SIGINT/SIGTERM only once its servers have started; until then the default
	// action would kill the process mid start-up (a deployment that stops a service it just
	// started). Caught from here on, the signal stops the app as soon as it runs.
	stopped := make(chan os.Signal, 1)
	signal.Notify(stopped, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT)
	defer signal.Stop(stopped)
	go func() {
		if _, ok := <-stopped; ok {
			_ = app.Stop()
		}
	}()
	return app.Run()
}

type argsKey struct{}

// Args are an operator command's arguments: what follows the flags (`-run name -- args`).
func Args(ctx context.Context) []string {
	args, _ := ctx.Value(argsKey{}).([]string)
	return args
}

func runOperatorCommand(ctx context.Context, svc Service, name string, out io.Writer) error {
	var commands map[string]Command
	if c, ok := any(svc).(Commander); ok {
		commands = c.Commands()
	}
	command, ok := commands[name]
	if !ok {
		names := make([]string, 0, len(commands))
		for n := range commands {
			names = append(names, n)
		}
		sort.Strings(names)
		return fmt.Errorf("no operator command %q (this service has: %s)", name, strings.Join(names, ", "))
	}
	return command(ctx, out)
}
