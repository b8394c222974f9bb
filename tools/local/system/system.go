// Package system starts the whole example system (user, trainer, training, and the services
// tools/scaffold added) in one process:
// tools/local runs it for developers, the end-to-end tests for assertions.
package system

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"

	"github.com/go-kratos/kratos/v2"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/server"
	trainer "github.com/kratos-monorepo/monorepo/services/trainer/service"
	training "github.com/kratos-monorepo/monorepo/services/training/service"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
	user "github.com/kratos-monorepo/monorepo/services/user/service"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
)

// Options place the system. A zero port picks a free one.
type Options struct {
	DataDir string
	Host    string
	// Ports by service name ("user", "trainer", "training"): HTTP then gRPC.
	Ports map[string][2]int
	// Version is reported by every service.
	Version string
}

// Service is one running service's addresses (host:port).
type Service struct {
	Name       string
	HTTP, GRPC string
}

// System is the three services, started in dependency order.
type System struct {
	Services []Service
	apps     []*kratos.App
	closers  []func()
}

type part struct {
	base  *server.Base
	app   *kratos.App
	close func()
}

// Start builds the services and opens their listeners; Run serves them.
func Start(ctx context.Context, o Options) (*System, error) {
	s := &System{}
	load := func(name string, defaults []byte) (*conf.Bootstrap, error) {
		bc, c, err := conf.Load(defaults, "")
		if err != nil {
			return nil, err
		}
		c.Close()
		p := o.Ports[name]
		bc.Server.Http.Addr = net.JoinHostPort(o.Host, fmt.Sprint(p[0]))
		bc.Server.Grpc.Addr = net.JoinHostPort(o.Host, fmt.Sprint(p[1]))
		bc.Data.Database = &conf.Data_Database{Driver: "sqlite", Source: filepath.Join(o.DataDir, name+".db")}
		bc.Log = &conf.Log{Format: "console", Level: "info"}
		// The services sign with and trust the published development keys.
		bc.Mode = conf.ModeDevelopment
		return bc, nil
	}
	// trustUserService makes a service fetch users' keys from the user service's JWKS document,
	// as a deployment does, instead of the development key its defaults name.
	trustUserService := func(bc *conf.Bootstrap) {
		bc.Auth.UserKeys = nil
		bc.Auth.UserKeysUrl = "http://" + s.Services[0].HTTP + "/.well-known/jwks.json"
	}

	bc, err := load(user.Name, user.DefaultConfig)
	if err != nil {
		return nil, err
	}
	u, err := user.New(ctx, bc, o.Version)
	if err != nil {
		return nil, err
	}
	if err := s.add(user.Name, part{u.Base, u.Kratos(), u.Close}); err != nil {
		return nil, errors.Join(err, s.close())
	}
	if err := u.EnsureAccounts(ctx, demoAccounts...); err != nil {
		return nil, errors.Join(err, s.close())
	}

	if bc, err = load(trainer.Name, trainer.DefaultConfig); err != nil {
		return nil, errors.Join(err, s.close())
	}
	trustUserService(bc)
	t, err := trainer.New(ctx, bc, o.Version)
	if err != nil {
		return nil, errors.Join(err, s.close())
	}
	if err := s.add(trainer.Name, part{t.Base, t.Kratos(), t.Close}); err != nil {
		return nil, errors.Join(err, s.close())
	}

	if bc, err = load(training.Name, training.DefaultConfig); err != nil {
		return nil, errors.Join(err, s.close())
	}
	bc.Upstreams["trainer"].Endpoint = s.Services[1].GRPC
	bc.Upstreams["user"].Endpoint = s.Services[0].GRPC
	trustUserService(bc)
	tr, err := training.New(ctx, bc, o.Version)
	if err != nil {
		return nil, errors.Join(err, s.close())
	}
	if err := s.add(training.Name, part{tr.Base, tr.Kratos(), tr.Close}); err != nil {
		return nil, errors.Join(err, s.close())
	}
	if err := s.startScaffolded(ctx, load, o.Version); err != nil {
		return nil, errors.Join(err, s.close())
	}
	return s, nil
}

// add opens p's listeners (so callers know the real ports before Run) and remembers p.
func (s *System) add(name string, p part) error {
	s.closers = append(s.closers, p.close)
	h, err := p.base.HTTP.Endpoint()
	if err != nil {
		return err
	}
	g, err := p.base.GRPC.Endpoint()
	if err != nil {
		return err
	}
	s.Services = append(s.Services, Service{Name: name, HTTP: h.Host, GRPC: g.Host})
	s.apps = append(s.apps, p.app)
	return nil
}

// Run serves until ctx ends or a service fails, then stops all of them and releases storage.
func (s *System) Run(ctx context.Context) error {
	errs := make(chan error, len(s.apps))
	for _, app := range s.apps {
		go func() { errs <- app.Run() }()
	}
	var first error
	pending := len(s.apps)
	select {
	case <-ctx.Done():
	case first = <-errs:
		pending--
	}
	for _, app := range s.apps {
		_ = app.Stop()
	}
	// Storage closes only once every server has stopped serving.
	for ; pending > 0; pending-- {
		if err := <-errs; first == nil {
			first = err
		}
	}
	return errors.Join(first, s.close())
}

func (s *System) close() error {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
	return nil
}

// demoAccounts are the demo trainer and attendee, created unless an earlier run did; they log
// in with demo.Password, and tools/devjwt's tokens name the same users.
var demoAccounts = []command.CreateAccount{
	{UserID: demo.Trainer.UUID, Email: demo.TrainerEmail, Password: demo.Password, Role: string(demo.Trainer.Role),
		DisplayName: demo.Trainer.Name},
	{UserID: demo.Attendee.UUID, Email: demo.AttendeeEmail, Password: demo.Password, Role: string(demo.Attendee.Role),
		DisplayName: demo.Attendee.Name, Balance: demo.AttendeeBalance},
}
