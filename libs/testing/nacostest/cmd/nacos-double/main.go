// Command nacos-double runs the Nacos test double (package nacostest) as a server of its own,
// for the cluster deployment test (deploy/clustertest), where it stands in for Nacos on the
// [nacos] host because no Nacos server can be had here. It is NOT Nacos: see nacostest's
// package comment for what it implements. Never deploy it.
//
// It listens where a Nacos 2 server does: the SDK's gRPC on -grpc-addr (9848, the HTTP port +
// 1000), and on -http-addr (8848) the two HTTP paths the deployment reads: the actuator's
// Prometheus endpoint (/nacos/actuator/prometheus, scraped by deploy/prometheus' nacos job,
// with the double's own gauges) and /nacos/actuator/health.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

func main() {
	grpcAddr := flag.String("grpc-addr", ":9848", "where the SDK's gRPC connections arrive (Nacos: HTTP port + 1000)")
	httpAddr := flag.String("http-addr", ":8848", "actuator endpoints (health, Prometheus metrics)")
	flag.Parse()
	if err := run(*grpcAddr, *httpAddr); err != nil {
		log.Fatalf("nacos-double: %v", err)
	}
}

func run(grpcAddr, httpAddr string) error {
	host, portText, err := net.SplitHostPort(grpcAddr)
	if err != nil {
		return fmt.Errorf("-grpc-addr %q: %w", grpcAddr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return fmt.Errorf("-grpc-addr %q: port: %w", grpcAddr, err)
	}
	server := nacostest.NewAt(host, port)
	if err := server.Start(); err != nil {
		return err
	}
	defer server.Stop()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /nacos/actuator/health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintln(w, `{"status":"UP"}`)
	})
	mux.HandleFunc("GET /nacos/actuator/prometheus", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		_, _ = fmt.Fprintf(w, "# HELP nacos_double_connections SDK connections set up with the Nacos test double.\n"+
			"# TYPE nacos_double_connections gauge\nnacos_double_connections %d\n"+
			"# HELP nacos_double_instances Service instances registered in the Nacos test double.\n"+
			"# TYPE nacos_double_instances gauge\nnacos_double_instances %d\n",
			server.Connections(), server.InstanceCount())
	})
	httpServer := &http.Server{Addr: httpAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	failed := make(chan error, 1)
	go func() { failed <- httpServer.ListenAndServe() }()
	log.Printf("nacos-double (a test double, not Nacos): gRPC on %s, HTTP on %s", grpcAddr, httpAddr)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-stop:
	case err := <-failed:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return httpServer.Shutdown(ctx)
}
