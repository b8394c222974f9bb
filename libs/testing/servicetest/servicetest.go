// Package servicetest starts a service's kratos servers in-process for component and end-to-end
// tests, and dials them with the generated clients' transports.
package servicetest

import (
	"context"
	"errors"
	"testing"

	"github.com/go-kratos/kratos/v2"
	"github.com/go-kratos/kratos/v2/middleware"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/openapitest"
)

// Listeners is a server config on free loopback ports.
func Listeners() *conf.Server {
	return &conf.Server{
		Http: &conf.Server_Listener{Addr: "127.0.0.1:0"},
		Grpc: &conf.Server_Listener{Addr: "127.0.0.1:0"},
	}
}

// Addrs are where a started service listens (host:port).
type Addrs struct{ HTTP, GRPC string }

// Start runs app (built on base) until the test ends.
func Start(t testing.TB, base *server.Base, app *kratos.App) Addrs {
	t.Helper()
	// Endpoint opens each listener now, so Run serves on the addresses returned here.
	h, err := base.HTTP.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	g, err := base.GRPC.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Run() }()
	t.Cleanup(func() {
		if err := app.Stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
		// Stop may win the race with Run's start on a loaded machine; the server then reports
		// that it was stopped, which is what the test asked for.
		if err := <-done; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			t.Errorf("run: %v", err)
		}
	})
	return Addrs{HTTP: h.Host, GRPC: g.Host}
}

// HTTPClient dials addr; mw usually holds auth.Bearer(token). Every response it receives is
// checked against openAPI, the service's OpenAPI document (openapitest.Transport): a status,
// header or body the document does not allow fails the test.
func HTTPClient(t testing.TB, addr string, openAPI []byte, mw ...middleware.Middleware) *khttp.Client {
	t.Helper()
	c, err := khttp.NewClient(context.Background(), khttp.WithEndpoint(addr), khttp.WithMiddleware(mw...),
		khttp.WithTransport(openapitest.Transport(t, openAPI, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// GRPCConn dials addr without TLS.
func GRPCConn(t testing.TB, addr string, mw ...middleware.Middleware) *grpc.ClientConn {
	t.Helper()
	conn, err := kgrpc.DialInsecure(context.Background(), kgrpc.WithEndpoint(addr), kgrpc.WithMiddleware(mw...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// Settings is the config's settings section holding a service's own settings message.
func Settings(s proto.Message) *structpb.Struct {
	section, err := conf.SettingsOf(s)
	if err != nil {
		panic(err) // a generated message always marshals
	}
	return section
}
