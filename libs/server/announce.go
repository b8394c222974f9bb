package server

import (
	"context"
	"errors"

	klog "github.com/go-kratos/kratos/v2/log"
	"github.com/go-kratos/kratos/v2/transport"
	"google.golang.org/grpc"
)

// endpointServer is a kratos server that knows its address (both of ours do; kratos' App needs
// the address to register the service).
type endpointServer interface {
	transport.Server
	transport.Endpointer
}

// announced logs its server's start and stop through the service's own logger, so the lines name
// the service. Kratos' servers say the same through kratos' process-wide logger, which cannot
// tell services in one process apart; libs/log.KratosGlobal drops those.
type announced struct {
	endpointServer
	transport string // "http" or "grpc"
	log       *klog.Helper
}

func (s announced) Start(ctx context.Context) error {
	// Endpoint opens the listener (Start would), so the line is written once the port accepts.
	ep, err := s.Endpoint()
	if err != nil {
		return err
	}
	s.log.Infow("msg", "server listening", "transport", s.transport, "addr", ep.Host)
	err = s.endpointServer.Start(ctx)
	if errors.Is(err, grpc.ErrServerStopped) {
		// Stopped before it began serving (a SIGTERM during start-up): a clean stop, not a
		// failure that would make the process exit with an error.
		return nil
	}
	return err
}

func (s announced) Stop(ctx context.Context) error {
	s.log.Infow("msg", "server stopping", "transport", s.transport)
	return s.endpointServer.Stop(ctx)
}
