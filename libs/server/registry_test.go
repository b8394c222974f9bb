package server_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/nacos"
	"github.com/kratos-monorepo/monorepo/libs/nacos/nacosregistry"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

func TestBadRegistryConfigIsANamedError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		registry *conf.Registry
		want     error
	}{
		{"unknown kind", &conf.Registry{Kind: "consul"}, server.ErrUnknownRegistry},
		{"nacos without servers", &conf.Registry{Kind: conf.RegistryNacos}, nacos.ErrNoServers},
		{"bad server address", &conf.Registry{Kind: conf.RegistryNacos, Nacos: &conf.Nacos{Servers: []string{"nacos"}}}, nacos.ErrBadServerAddr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bc := &conf.Bootstrap{Auth: authtest.Conf("test"), Registry: tt.registry}
			_, err := server.New("trainer", "v1", bc)
			if !errors.Is(err, tt.want) || errs.KindOf(err) != errs.KindInvalid {
				t.Fatalf("err = %v (kind %v), want %v", err, errs.KindOf(err), tt.want)
			}
		})
	}
}

// Without a registry there is nothing to discover through: clients dial addresses.
func TestStaticRegistryHasNoDiscoveryOrRegistrar(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"", conf.RegistryStatic} {
		b, err := server.NewBase("user", "v1", &conf.Bootstrap{
			Auth: authtest.Conf("test"), Registry: &conf.Registry{Kind: kind},
		})
		if err != nil {
			t.Fatal(err)
		}
		if b.Discovery() != nil || b.Registrar() != nil {
			t.Errorf("kind %q: Discovery %v, Registrar %v, want nil", kind, b.Discovery(), b.Registrar())
		}
		b.Close()
	}
}

// A service whose registry is Nacos does not run unregistered: when Nacos cannot be reached at
// start, Run stops with a named error.
func TestAppStopsWhenNacosCannotBeReachedAtStart(t *testing.T) {
	t.Parallel()
	nacos := nacostest.Start(t)
	nacos.Stop()
	app := newNacosBase(t, "trainer", nacos).App()
	done := make(chan error, 1)
	go func() { done <- app.Run() }()
	select {
	case err := <-done:
		if !errors.Is(err, nacosregistry.ErrUnavailable) {
			t.Fatalf("Run = %v, want ErrUnavailable", err)
		}
	case <-time.After(15 * time.Second):
		_ = app.Stop()
		<-done
		t.Fatal("the app runs without being registered")
	}
}
