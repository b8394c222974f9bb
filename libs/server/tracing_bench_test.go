package server_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	khttp "github.com/go-kratos/kratos/v2/transport/http"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/metrics"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/tracing"
)

// ReadNote is the benchmark's query: one row by id, as a service's read path does.
type ReadNote struct {
	ID int64 `log:"note"`
}

type readNoteHandler struct{ db *sql.DB }

func (h readNoteHandler) Handle(ctx context.Context, q ReadNote) (string, error) {
	var body string
	err := h.db.QueryRowContext(ctx, "SELECT body FROM notes WHERE id = ?", q.ID).Scan(&body)
	return body, err
}

// BenchmarkReadPathTracing is one read request (HTTP, the whole middleware chain with a token,
// a decorated query, one SQLite SELECT, the request and query log lines) with tracing
// switched off and on, in one run:
//
//   - untraced: no tracing middleware at all (what the servers did before tracing);
//   - off: the embedded defaults (tracing.export false): spans are made for their ids, nothing
//     is recorded;
//   - on: export at the default sampling (every trace), the spans batched and sent over
//     OTLP/HTTP to a receiver in the same process that reads and drops them.
//
// Besides the wall time it reports cpu-ns/op, the process's CPU time per request, which a busy
// machine disturbs less; the receiver's share is in the "on" figure too.
//
// go test ./libs/server -run '^$' -bench ReadPathTracing -benchtime 3000x -count 3
func BenchmarkReadPathTracing(b *testing.B) {
	// kratos' own server lines ("listening on") would go to its default stderr logger.
	quiet, err := log.New(log.Options{Output: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	log.SetKratosGlobal(quiet)
	var received atomic.Int64
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		received.Add(n)
		w.WriteHeader(http.StatusOK)
	}))
	b.Cleanup(sink.Close)
	ratio := 1.0
	for _, bc := range []struct {
		name string
		cfg  *conf.Tracing // nil: no tracing middleware
	}{
		{"untraced", nil},
		{"off", &conf.Tracing{}},
		{"on", &conf.Tracing{Export: true, OtlpEndpoint: strings.TrimPrefix(sink.URL, "http://"), SamplingRatio: &ratio}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			url, token := startReadServer(b, bc.cfg)
			client := &http.Client{}
			get := func() {
				req, _ := http.NewRequest(http.MethodGet, url, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
			get() // connection and statement caches warm
			b.ReportAllocs()
			b.ResetTimer()
			cpu := processCPU()
			for range b.N {
				get()
			}
			// The process's CPU time (server, client, exporter and the in-process receiver)
			// per request: on a shared machine it varies far less than the wall time.
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
	if received.Load() == 0 {
		b.Error("tracing on exported nothing")
	}
}

// processCPU is the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startReadServer(b *testing.B, cfg *conf.Tracing) (url, token string) {
	b.Helper()
	ctx := context.Background()
	db, err := sqlstore.OpenSQLite(ctx, filepath.Join(b.TempDir(), "read.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(ctx, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL); INSERT INTO notes VALUES (1, 'hello')"); err != nil {
		b.Fatal(err)
	}
	logger, err := log.New(log.Options{Service: "bench", Output: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	m, err := metrics.New(metrics.WithService("bench", "v0"), metrics.WithoutDefaultRegistry())
	if err != nil {
		b.Fatal(err)
	}
	opts := server.Options{Config: &conf.Server{Http: &conf.Server_Listener{Addr: "127.0.0.1:0"}}, Logger: logger, Metrics: m, Keys: authtest.Verifier("bench")}
	if cfg != nil {
		tr, err := tracing.New(ctx, cfg, "bench", "v0")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = tr.Shutdown(context.Background()) })
		opts.Tracing = tr
	}
	query := decorator.ApplyQueryDecorators[ReadNote, string](readNoteHandler{db: db}, logger.Zap(), m)
	srv := server.NewHTTP(opts)
	srv.Route("/").GET("/notes/1", func(c khttp.Context) error {
		khttp.SetOperation(c, "/bench.v1.Notes/Get")
		h := c.Middleware(func(ctx context.Context, _ any) (any, error) {
			body, err := query.Handle(ctx, ReadNote{ID: 1})
			return map[string]string{"body": body}, err
		})
		out, err := h(c, nil)
		if err != nil {
			return err
		}
		return c.Result(200, out)
	})
	endpoint, err := srv.Endpoint()
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = srv.Start(context.Background()) }()
	b.Cleanup(func() { _ = srv.Stop(context.Background()) })
	token = authtest.Token(b, auth.User{UUID: "u-1", Role: auth.RoleAttendee}, time.Hour)
	return "http://" + endpoint.Host + "/notes/1", token
}
