package log_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	kratoshttp "github.com/go-kratos/kratos/v2/transport/http"

	"github.com/kratos-monorepo/monorepo/libs/log"
)

// The middleware runs in a real kratos HTTP server: the id a client sends comes back, and one
// is made up when the client sends none.
func TestRequestIDMiddlewareEchoesOrCreatesTheID(t *testing.T) {
	t.Parallel()
	seen := make(chan string, 2)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := kratoshttp.NewServer(kratoshttp.Listener(lis), kratoshttp.Middleware(log.RequestIDMiddleware()))
	srv.Route("/").GET("/ping", func(c kratoshttp.Context) error {
		h := c.Middleware(func(ctx context.Context, _ any) (any, error) {
			seen <- log.RequestIDFrom(ctx)
			return "pong", nil
		})
		_, err := h(c, nil)
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, "pong")
	})
	go func() { _ = srv.Start(context.Background()) }()
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })

	url := "http://" + lis.Addr().String() + "/ping"
	client := &http.Client{Timeout: 5 * time.Second}

	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set(log.RequestIDHeader, "abc-123")
	resp := do(t, client, req)
	if got := resp.Header.Get(log.RequestIDHeader); got != "abc-123" {
		t.Errorf("echoed id = %q, want abc-123", got)
	}
	if got := <-seen; got != "abc-123" {
		t.Errorf("handler saw %q, want abc-123", got)
	}

	req, _ = http.NewRequest(http.MethodGet, url, nil)
	resp = do(t, client, req)
	made := resp.Header.Get(log.RequestIDHeader)
	if len(made) != 36 {
		t.Errorf("made-up id = %q, want a uuid", made)
	}
	if got := <-seen; got != made {
		t.Errorf("handler saw %q, reply carried %q", got, made)
	}

	// An id too long or outside the safe alphabet is neither echoed nor logged: it is replaced.
	for name, bad := range map[string]string{
		"500 KB":       strings.Repeat("a", 500<<10),
		"65 bytes":     strings.Repeat("a", log.MaxRequestIDLen+1),
		"a space":      "abc 123",
		"a fake field": `x" level=error msg="forged`,
		"non-ASCII":    "abc-é",
	} {
		req, _ = http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set(log.RequestIDHeader, bad)
		resp = do(t, client, req)
		replaced := resp.Header.Get(log.RequestIDHeader)
		if replaced == bad || len(replaced) != 36 {
			t.Errorf("%s: echoed id = %.40q, want a new uuid", name, replaced)
		}
		if got := <-seen; got != replaced {
			t.Errorf("%s: handler saw %.40q, reply carried %q", name, got, replaced)
		}
	}
}

func TestValidRequestIDAcceptsShortSafeIDs(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"abc-123", "0af7651916cd43dd8448eb211c80319c", "span:1.2_3", strings.Repeat("x", log.MaxRequestIDLen)} {
		if !log.ValidRequestID(id) {
			t.Errorf("ValidRequestID(%q) = false, want true", id)
		}
	}
	for _, id := range []string{"", "a/b", "a\nb", "a\x00"} {
		if log.ValidRequestID(id) {
			t.Errorf("ValidRequestID(%q) = true, want false", id)
		}
	}
}

func do(t *testing.T, c *http.Client, req *http.Request) *http.Response {
	t.Helper()
	// The listener is already open, so the request waits in its backlog until Serve runs.
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	return resp
}
