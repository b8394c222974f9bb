package server_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
)

// server.pprof_addr opens Go's profiler on a listener of its own; the API port still never
// serves it.
func TestPprofIsServedOnItsOwnListenerOnly(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pprofAddr := l.Addr().String()
	l.Close()
	b, err := server.New("trainer", "v1", &conf.Bootstrap{
		Server: &conf.Server{
			Http: &conf.Server_Listener{Addr: "127.0.0.1:0"}, Grpc: &conf.Server_Listener{Addr: "127.0.0.1:0"},
			PprofAddr: pprofAddr,
		},
		Auth: authtest.Conf("trainer"),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	api, err := b.HTTP.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	runApp(t, b)
	get := func(url string) (int, string) {
		t.Helper()
		for range 100 { // the pprof listener opens when the app runs
			resp, err := http.Get(url)
			if err != nil {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp.StatusCode, string(body)
		}
		t.Fatalf("GET %s: no answer", url)
		return 0, ""
	}
	if code, body := get("http://" + pprofAddr + "/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("pprof index: %d %.200s", code, body)
	}
	if code, body := get("http://" + pprofAddr + "/debug/pprof/cmdline"); code != http.StatusOK || body == "" {
		t.Errorf("pprof cmdline: %d %q", code, body)
	}
	if code, _ := get("http://" + api.Host + "/debug/pprof/"); code != http.StatusNotFound {
		t.Errorf("the API port answers /debug/pprof/ with %d, want 404", code)
	}
}
