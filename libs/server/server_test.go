package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
)

var errNoteTooLong = errs.Invalid("note-too-long", "the note is longer than 1000 characters")

func TestToKratosKeepsDomainReasonsAndHidesTheRest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err     error
		code    int
		reason  string
		message string
	}{
		{fmt.Errorf("schedule: %w", errNoteTooLong), 400, "note-too-long", "the note is longer than 1000 characters"},
		{errors.New("pq: password=secret rejected"), 500, "internal", "internal error"},
		{context.DeadlineExceeded, 504, "timeout", "the request took too long"},
		{kerrors.NotFound("user-not-found", "m"), 404, "user-not-found", "m"},
	}
	for _, tt := range tests {
		got := server.ToKratos(tt.err)
		if int(got.Code) != tt.code || got.Reason != tt.reason || got.Message != tt.message {
			t.Errorf("ToKratos(%v) = %d %s %q, want %d %s %q", tt.err, got.Code, got.Reason, got.Message, tt.code, tt.reason, tt.message)
		}
	}
}

func startHTTP(t testing.TB, keys *auth.Verifier) string {
	t.Helper()
	return startHTTPLogging(t, keys, log.Options{Output: io.Discard})
}

func startHTTPLogging(t testing.TB, keys *auth.Verifier, logOptions log.Options) string {
	t.Helper()
	return startHTTPConfig(t, keys, logOptions, &conf.Server{Http: &conf.Server_Listener{Addr: "127.0.0.1:0"}})
}

// startHTTPConfig serves a few test routes on a server built from cfg: /public (no token),
// /note (a domain error), /me (the caller), POST /decode (decodes a body, no token).
func startHTTPConfig(t testing.TB, keys *auth.Verifier, logOptions log.Options, cfg *conf.Server) string {
	t.Helper()
	logger, err := log.New(logOptions)
	if err != nil {
		t.Fatal(err)
	}
	m, err := metrics.New(metrics.WithService("test", "v0"), metrics.WithoutDefaultRegistry())
	if err != nil {
		t.Fatal(err)
	}
	srv := server.NewHTTP(server.Options{
		Config: cfg,
		Logger: logger, Metrics: m, Keys: keys,
		Public: []string{"/public"},
	})
	route := srv.Route("/")
	handle := func(path string, fn func(ctx context.Context) (any, error)) {
		route.GET(path, func(c khttp.Context) error {
			khttp.SetOperation(c, path)
			h := c.Middleware(func(ctx context.Context, _ any) (any, error) { return fn(ctx) })
			out, err := h(c, nil)
			if err != nil {
				return err
			}
			return c.Result(200, out)
		})
	}
	route.POST("/decode", func(c khttp.Context) error {
		var in struct{ Note string }
		if err := c.Bind(&in); err != nil {
			return err
		}
		return c.Result(200, in)
	})
	handle("/public", func(context.Context) (any, error) { return map[string]string{"ok": "yes"}, nil })
	handle("/panic", func(context.Context) (any, error) { panic("a bug") })
	handle("/note", func(context.Context) (any, error) { return nil, errNoteTooLong })
	handle("/me", func(ctx context.Context) (any, error) {
		u, _ := auth.FromContext(ctx)
		return map[string]string{"uuid": u.UUID}, nil
	})
	// Endpoint opens the listener; asking before Start avoids racing Start for it.
	endpoint, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Start(context.Background()) }()
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	return "http://" + endpoint.Host
}

type reply struct {
	status int
	body   map[string]any
	raw    string
}

func get(t *testing.T, url, token string) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func TestHTTPServerAuthenticatesMapsErrorsAndExportsMetrics(t *testing.T) {
	t.Parallel()
	keys := authtest.Verifier("test")
	base := startHTTP(t, keys)
	token := authtest.Token(t, auth.User{UUID: "u-1", Role: auth.RoleAttendee}, time.Hour)

	if r := get(t, base+"/public", ""); r.status != 200 {
		t.Errorf("public without token: %d %s", r.status, r.raw)
	}
	if r := get(t, base+"/me", ""); r.status != 401 || r.body["reason"] != "missing-token" {
		t.Errorf("no token: %d %s, want 401 missing-token", r.status, r.raw)
	}
	if r := get(t, base+"/me", "forged"); r.status != 401 || r.body["reason"] != "invalid-token" {
		t.Errorf("bad token: %d %s, want 401 invalid-token", r.status, r.raw)
	}
	if r := get(t, base+"/me", token); r.status != 200 || r.body["uuid"] != "u-1" {
		t.Errorf("good token: %d %s", r.status, r.raw)
	}
	if r := get(t, base+"/note", token); r.status != 400 || r.body["reason"] != "note-too-long" {
		t.Errorf("domain error: %d %s, want 400 note-too-long", r.status, r.raw)
	}
	if r := get(t, base+"/panic", token); r.status != 500 || r.body["reason"] != server.ReasonInternal {
		t.Errorf("panic: %d %s, want 500 %s", r.status, r.raw, server.ReasonInternal)
	}
	if r := get(t, base+"/healthz", ""); r.status != 200 {
		t.Errorf("healthz: %d", r.status)
	}
	if r := get(t, base+"/metrics", ""); r.status != 200 || !strings.Contains(r.raw, `operation="/note"`) {
		t.Errorf("metrics do not show the /note requests:\n%s", r.raw)
	}
}

// BenchmarkAuthenticatedRequest is one HTTP request through the whole middleware chain
// (request id, logging, metrics, error mapping, JWT) over loopback.
func BenchmarkAuthenticatedRequest(b *testing.B) {
	keys := authtest.Verifier("test")
	base := startHTTP(b, keys)
	token := authtest.Token(b, auth.User{UUID: "u-1", Role: auth.RoleAttendee}, time.Hour)
	req, _ := http.NewRequest(http.MethodGet, base+"/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	b.ReportAllocs()
	for b.Loop() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

func TestUndecodableInputIsA400WithOurReason(t *testing.T) {
	t.Parallel()
	keys := authtest.Verifier("test")
	base := startHTTP(t, keys)
	token := authtest.Token(t, auth.User{UUID: "u-1", Role: auth.RoleAttendee}, time.Hour)
	for name, body := range map[string]string{"not utf-8": "\x80", "not json": "{", "wrong type": `{"note": 5}`} {
		req, _ := http.NewRequest(http.MethodPost, base+"/decode", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got struct{ Reason string }
		_ = json.Unmarshal(raw, &got)
		if resp.StatusCode != 400 || got.Reason != server.ReasonMalformedRequest {
			t.Errorf("%s: %d %s, want 400 %s", name, resp.StatusCode, raw, server.ReasonMalformedRequest)
		}
	}
}

func TestRequestsAreLoggedAtTheLevelOfWhoIsAtFault(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.DebugLevel)
	keys := authtest.Verifier("test")
	base := startHTTPLogging(t, keys, log.Options{Core: core})
	token := authtest.Token(t, auth.User{UUID: "u-1", Role: auth.RoleAttendee}, time.Hour)
	get(t, base+"/me", token)
	get(t, base+"/note", token)

	want := map[string]zapcore.Level{"/me": zapcore.InfoLevel, "/note": zapcore.WarnLevel}
	for _, e := range logs.FilterMessage("request").All() {
		fields := e.ContextMap()
		op, _ := fields["operation"].(string)
		level, ok := want[op]
		if !ok {
			continue
		}
		delete(want, op)
		if e.Level != level {
			t.Errorf("%s logged at %v, want %v", op, e.Level, level)
		}
		if op == "/note" && fields["reason"] != "note-too-long" {
			t.Errorf("/note logged reason %v", fields["reason"])
		}
		if _, logged := fields["args"]; logged {
			t.Errorf("%s logged the request's arguments", op)
		}
	}
	if len(want) > 0 {
		t.Errorf("no request line for %v", want)
	}
}
