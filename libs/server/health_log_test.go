package server_test

import (
	"context"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
)

// A gRPC health check is logged at debug: probes ask every few seconds and would fill an info log.
func TestHealthChecksAreLoggedAtDebug(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	logger, err := log.New(log.Options{Core: core, Level: "debug"})
	if err != nil {
		t.Fatal(err)
	}
	conn := dialGRPC(t, serveGRPC(t, &conf.Server{}, logger, authtest.Verifier("test")))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true)); err != nil {
		t.Fatal(err)
	}
	lines := logs.FilterMessage("request").FilterField(zapcore.Field{Key: "operation", Type: zapcore.StringType, String: "/grpc.health.v1.Health/Check"}).All()
	if len(lines) != 1 {
		t.Fatalf("%d request lines for the health check, want 1", len(lines))
	}
	if lines[0].Level != zapcore.DebugLevel {
		t.Errorf("health check logged at %v, want debug", lines[0].Level)
	}
}

// Health checking answers NotFound for a service name the server does not serve, and anyone
// may ask without a token: that stays a NotFound (route-not-found), never a 500 with an ERROR
// line, which would let any client fill the error log and the 5xx counts.
func TestHealthCheckOfAnUnknownServiceIsNotFoundAndNoError(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	logger, err := log.New(log.Options{Core: core, Level: "debug"})
	if err != nil {
		t.Fatal(err)
	}
	conn := dialGRPC(t, serveGRPC(t, &conf.Server{}, logger, authtest.Verifier("test")))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: "no.such.Service"}, grpc.WaitForReady(true))
	if status.Code(err) != codes.NotFound {
		t.Errorf("health check of an unknown service: %v, want %v", err, codes.NotFound)
	}
	if e := kerrors.FromError(err); e.Reason != server.ReasonRouteNotFound {
		t.Errorf("reason %q, want %q", e.Reason, server.ReasonRouteNotFound)
	}
	if n := logs.FilterLevelExact(zapcore.ErrorLevel).Len(); n != 0 {
		t.Errorf("%d ERROR lines for a client's health check of an unknown service: %v", n, logs.FilterLevelExact(zapcore.ErrorLevel).All())
	}
}
