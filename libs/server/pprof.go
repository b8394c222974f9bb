package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	klog "github.com/go-kratos/kratos/v2/log"
)

// pprofServer serves Go's profiler on its own listener (server.pprof_addr), apart from the API
// port, so a running service can be profiled under real traffic (go tool pprof
// http://127.0.0.1:6060/debug/pprof/profile?seconds=10) without the API ever serving these
// pages. It has its own mux: what libraries put on http.DefaultServeMux stays unreachable here
// too.
type pprofServer struct {
	addr string
	log  *klog.Helper
	srv  *http.Server
}

func newPprofServer(addr string, log *klog.Helper) *pprofServer {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	// No write timeout: a CPU profile or trace answers after the seconds it was asked for.
	return &pprofServer{addr: addr, log: log, srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}}
}

func (s *pprofServer) Start(context.Context) error {
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		return err
	}
	s.log.Infow("msg", "server listening", "transport", "pprof", "addr", l.Addr().String())
	if err := s.srv.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *pprofServer) Stop(ctx context.Context) error {
	s.log.Infow("msg", "server stopping", "transport", "pprof")
	return s.srv.Shutdown(ctx)
}
