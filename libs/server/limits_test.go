package server_test

import (
	"bufio"
	"encoding/json"
	_ "expvar" // registers /debug/vars on http.DefaultServeMux, as linked-in libraries do
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
)

func testKeys(t testing.TB) *auth.Verifier {
	t.Helper()
	return authtest.Verifier("test")
}

func startLimited(t testing.TB, limits *conf.HTTPLimits) string {
	t.Helper()
	return startHTTPConfig(t, testKeys(t), log.Options{Output: io.Discard}, &conf.Server{
		Http: &conf.Server_Listener{Addr: "127.0.0.1:0"}, HttpLimits: limits,
	})
}

// zeros is an endless body that allocates nothing, so the test measures the server alone.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func post(t *testing.T, url string, body io.Reader, length int64) (status int, reason string, err error) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, body)
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = length // -1: chunked, the server learns the size only by reading
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var e struct{ Reason string }
	_ = json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Reason, nil
}

// A body over the limit is answered 413 request-too-large without a token, whether its size is
// declared or only found out while reading; one within the limit is decoded as before.
func TestOversizeBodiesAre413BeforeDecodingOrAuthentication(t *testing.T) {
	t.Parallel()
	base := startLimited(t, &conf.HTTPLimits{MaxBodyBytes: 1024})
	small := `{"note": "` + strings.Repeat("n", 900) + `"}`
	if status, _, err := post(t, base+"/decode", strings.NewReader(small), int64(len(small))); err != nil || status != 200 {
		t.Errorf("body within the limit: %d %v, want 200", status, err)
	}
	for name, length := range map[string]int64{"declared length": 4096, "chunked": -1} {
		status, reason, err := post(t, base+"/decode", io.LimitReader(zeros{}, 4096), length)
		if err != nil || status != http.StatusRequestEntityTooLarge || reason != server.ReasonRequestTooLarge {
			t.Errorf("%s: %d %q %v, want 413 %s", name, status, reason, err, server.ReasonRequestTooLarge)
		}
	}
}

// Ten concurrent 50 MB bodies without a token make the server allocate a few times the limit
// each, not the bodies: the allocation counter (which no garbage collection lowers) grows by
// far less than one body.
func TestOversizeBodiesDoNotGrowMemory(t *testing.T) {
	base := startLimited(t, nil) // the default limit, 1 MiB
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			// The server may close the connection while the client still writes: an error is
			// an acceptable end, a 2xx or a 401 is not.
			if status, _, err := post(t, base+"/decode", io.LimitReader(zeros{}, 50<<20), -1); err == nil && status != 413 {
				t.Errorf("50 MB body: status %d, want 413", status)
			}
		})
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 50<<20 {
		t.Errorf("ten 50 MB bodies allocated %d MB, want < 50 MB", grown>>20)
	}
}

// A client that sends its headers a byte at a time is disconnected after read_header_timeout.
func TestSlowClientsAreDisconnected(t *testing.T) {
	t.Parallel()
	timeout := 300 * time.Millisecond
	base := startLimited(t, &conf.HTTPLimits{ReadHeaderTimeout: durationpb.New(timeout)})
	// The server's deadline starts when it accepts, which may be before Dial returns: time from
	// before the dial, so the measured wait is never shorter than the server's.
	start := time.Now()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan time.Duration, 1)
	go func() {
		_, _ = io.Copy(io.Discard, conn) // returns when the server closes the connection
		closed <- time.Since(start)
	}()
	header := "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + strings.Repeat("s", 100)
	for i := 0; i < len(header); i++ {
		select {
		case took := <-closed:
			if took < timeout || took > timeout+time.Second {
				t.Errorf("disconnected after %v, want about %v", took, timeout)
			}
			return
		case <-time.After(50 * time.Millisecond):
		}
		if _, err := conn.Write([]byte{header[i]}); err != nil {
			break
		}
	}
	select {
	case took := <-closed:
		if took > timeout+time.Second {
			t.Errorf("disconnected after %v, want about %v", took, timeout)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("a client sending headers for %v is still connected", time.Since(start))
	}
}

// The server answers an idle keep-alive connection no longer than idle_timeout.
func TestIdleConnectionsAreClosed(t *testing.T) {
	t.Parallel()
	base := startLimited(t, &conf.HTTPLimits{IdleTimeout: durationpb.New(200 * time.Millisecond)})
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	if _, err := r.ReadByte(); err != io.EOF {
		t.Fatalf("idle connection: read %v, want EOF from the server closing it", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("idle connection closed after %v, want about 200ms", took)
	}
}

// Only the registered routes, /healthz and /metrics are served: the debug pages that expvar and
// net/http/pprof (imported by this test) put on http.DefaultServeMux, and every other path, get
// a kratos 404; a known path with another method a kratos 405.
func TestStrayPathsAndMethodsGetKratosErrors(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/debug/vars", "/debug/pprof/"} {
		rec := httptest.NewRecorder()
		http.DefaultServeMux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != 200 {
			t.Fatalf("the default mux does not serve %s (%d): this test would prove nothing", path, rec.Code)
		}
	}
	base := startLimited(t, nil)
	for _, path := range []string{"/debug/vars", "/debug/pprof/", "/debug/pprof/cmdline", "/nope", "/"} {
		r := get(t, base+path, "")
		if r.status != 404 || r.body["reason"] != server.ReasonRouteNotFound || r.body["code"] != float64(404) {
			t.Errorf("GET %s: %d %.80s, want a kratos 404 %s", path, r.status, r.raw, server.ReasonRouteNotFound)
		}
	}
	req, _ := http.NewRequest(http.MethodDelete, base+"/public", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct {
		Code   int
		Reason string
	}
	_ = json.NewDecoder(resp.Body).Decode(&e)
	if resp.StatusCode != 405 || e.Code != 405 || e.Reason != server.ReasonMethodNotAllowed {
		t.Errorf("DELETE /public: %d %+v, want a kratos 405 %s", resp.StatusCode, e, server.ReasonMethodNotAllowed)
	}
}

func TestLimitsDefaultWhenUnset(t *testing.T) {
	t.Parallel()
	l := server.LimitsOf(nil)
	if l.MaxBodyBytes != server.DefaultMaxBodyBytes || l.ReadHeaderTimeout != server.DefaultReadHeaderTimeout ||
		l.ReadTimeout != server.DefaultReadTimeout || l.WriteTimeout != server.DefaultWriteTimeout ||
		l.IdleTimeout != server.DefaultIdleTimeout || l.MaxHeaderBytes != server.DefaultMaxHeaderBytes {
		t.Errorf("LimitsOf(nil) = %+v, want the defaults", l)
	}
}
