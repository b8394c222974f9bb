package adapters_test

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"github.com/go-kratos/kratos/v2/registry"
	kgrpc "github.com/go-kratos/kratos/v2/transport/grpc"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	"github.com/kratos-monorepo/monorepo/services/training/app/apptest"
)

// callers records who called a double, as its auth middleware saw them.
type callers struct {
	mu   sync.Mutex
	seen []auth.User
}

// check records the caller and refuses anyone but a service, as the real internal methods do.
func (c *callers) check(ctx context.Context) error {
	u, _ := auth.FromContext(ctx)
	c.mu.Lock()
	c.seen = append(c.seen, u)
	c.mu.Unlock()
	if u.Role != auth.RoleService {
		return kerrors.Forbidden("service-only", "only other services of this system may call this method")
	}
	return nil
}

func (c *callers) all() []auth.User {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]auth.User(nil), c.seen...)
}

// trainerServerDouble is a test double of the trainer service's gRPC API, keeping its rules
// in an apptest.TrainerCalendar and answering with the trainer's reasons.
type trainerServerDouble struct {
	trainerv1.UnimplementedTrainerServiceServer
	callers
	calendar *apptest.TrainerCalendar
	// hangAt is an hour whose booking never answers (a stuck trainer service).
	hangAt time.Time
}

func (d *trainerServerDouble) ScheduleTraining(ctx context.Context, req *trainerv1.HourRequest) (*trainerv1.HourResponse, error) {
	if err := d.check(ctx); err != nil {
		return nil, err
	}
	at := req.GetTime().AsTime()
	switch {
	case !at.Equal(at.Truncate(time.Hour)):
		return nil, kerrors.BadRequest("hour-not-full", "the time is not a full hour")
	case at.Equal(d.hangAt):
		<-ctx.Done()
		return nil, ctx.Err()
	}
	// The calendar answers command.ErrHourNotAvailable, which the server maps to its reason.
	if err := d.calendar.ScheduleTraining(ctx, req.GetOperationId(), at); err != nil {
		return nil, err
	}
	return &trainerv1.HourResponse{}, nil
}

func (d *trainerServerDouble) CancelTraining(ctx context.Context, req *trainerv1.HourRequest) (*trainerv1.HourResponse, error) {
	if err := d.check(ctx); err != nil {
		return nil, err
	}
	err := d.calendar.CancelTraining(ctx, req.GetOperationId(), req.GetTime().AsTime())
	if errors.Is(err, apptest.ErrHourNotScheduled) {
		return nil, kerrors.Conflict("no-training-scheduled", "no training is scheduled at this hour")
	}
	if err != nil {
		return nil, err
	}
	return &trainerv1.HourResponse{}, nil
}

// userServerDouble is a test double of the user service's gRPC API over apptest.UserBalances.
type userServerDouble struct {
	userv1.UnimplementedUserServiceServer
	callers
	balances *apptest.UserBalances
}

func (d *userServerDouble) UpdateTrainingBalance(ctx context.Context, req *userv1.UpdateTrainingBalanceRequest) (*userv1.UpdateTrainingBalanceResponse, error) {
	if err := d.check(ctx); err != nil {
		return nil, err
	}
	if err := d.balances.UpdateTrainingBalance(ctx, req.GetOperationId(), req.GetUserUuid(), int(req.GetDelta())); err != nil {
		return nil, err
	}
	return &userv1.UpdateTrainingBalanceResponse{}, nil
}

// serveGRPC runs a gRPC server built like every service's (libs/server: token check, domain
// errors as kratos reasons) on a free loopback port until the test ends.
func serveGRPC(t *testing.T, service string, register func(*kgrpc.Server)) string {
	t.Helper()
	return serveGRPCAt(t, "127.0.0.1:0", service, register)
}

// serveGRPCAt is serveGRPC on a given address (a client may already be calling it); service is
// the service the double stands for, the audience of the tokens it accepts.
func serveGRPCAt(t *testing.T, addr, service string, register func(*kgrpc.Server)) string {
	t.Helper()
	logger, err := log.New(log.Options{Output: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	m, err := metrics.New(metrics.WithService("double", "test"), metrics.WithoutDefaultRegistry())
	if err != nil {
		t.Fatal(err)
	}
	srv := server.NewGRPC(server.Options{
		Config: &conf.Server{Grpc: &conf.Server_Listener{Addr: addr}},
		Logger: logger, Metrics: m, Keys: authtest.Verifier(service),
	})
	register(srv)
	endpoint, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Start(context.Background()) }()
	t.Cleanup(func() {
		_ = srv.Stop(context.Background())
		<-done
	})
	return endpoint.Host
}

// keys signs the clients' calls as the training service does.
func keys(t *testing.T) *auth.ServiceSigner {
	t.Helper()
	return authtest.ServiceSigner("training")
}

// closedPort is a loopback address nobody listens on (any more).
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// discoveryDouble is a test double of a registry (Nacos) that knows one service's instances
// and never changes them.
type discoveryDouble struct {
	name      string
	endpoints []string
}

func (d discoveryDouble) instances() []*registry.ServiceInstance {
	out := make([]*registry.ServiceInstance, 0, len(d.endpoints))
	for i, e := range d.endpoints {
		out = append(out, &registry.ServiceInstance{ID: d.name + "-" + string(rune('a'+i)), Name: d.name, Endpoints: []string{"grpc://" + e}})
	}
	return out
}

func (d discoveryDouble) GetService(_ context.Context, name string) ([]*registry.ServiceInstance, error) {
	if name != d.name {
		return nil, nil
	}
	return d.instances(), nil
}

func (d discoveryDouble) Watch(ctx context.Context, name string) (registry.Watcher, error) {
	ctx, cancel := context.WithCancel(ctx)
	w := &watcherDouble{ctx: ctx, cancel: cancel}
	if name == d.name {
		w.first = d.instances()
	}
	return w, nil
}

// watcherDouble hands out the instances once, then blocks as a watcher without changes does.
type watcherDouble struct {
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	first  []*registry.ServiceInstance
}

func (w *watcherDouble) Next() ([]*registry.ServiceInstance, error) {
	w.mu.Lock()
	first := w.first
	w.first = nil
	w.mu.Unlock()
	if first != nil {
		return first, nil
	}
	<-w.ctx.Done()
	return nil, w.ctx.Err()
}

func (w *watcherDouble) Stop() error {
	w.cancel()
	return nil
}
