package service_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	"github.com/kratos-monorepo/monorepo/services/training/service"
)

// TestStoragesKeepTrainingsAcrossRestarts runs the service on each configured database: a
// booking made before a restart is listed after it, and a note PostgreSQL could not store is
// refused as bad input on both.
func TestStoragesKeepTrainingsAcrossRestarts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		db   func(t *testing.T) *conf.Data_Database
	}{
		{"sqlite", func(t *testing.T) *conf.Data_Database {
			return &conf.Data_Database{Driver: "sqlite", Source: filepath.Join(t.TempDir(), "data", "training.db")}
		}},
		{"postgres", func(t *testing.T) *conf.Data_Database {
			return &conf.Data_Database{Driver: "postgres", Source: pgtest.NewDatabase(t)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := tt.db(t)
			first := newServiceOn(t, db)
			token := first.token(t, ada)
			at := hour(1).Format(time.RFC3339)
			if r := servicetest.ServeRaw(t, first.svc.HTTP, http.MethodPost, "/trainings", "", `{"time":"`+at+`","notes":"legs"}`, token); r.Status != 200 {
				t.Fatalf("booking: %d %s", r.Status, r.Body)
			}
			r := servicetest.ServeRaw(t, first.svc.HTTP, http.MethodPost, "/trainings", "", `{"time":"`+hour(2).Format(time.RFC3339)+`","notes":"a\u0000b"}`, token)
			if r.Status != 400 || r.Reason != "note-not-text" {
				t.Errorf("a note with NUL: %d %s, want 400 note-not-text", r.Status, r.Body)
			}
			first.svc.Close() // a second Close, by the fixture's cleanup, does nothing more

			second := newServiceOn(t, db)
			r = servicetest.ServeRaw(t, second.svc.HTTP, http.MethodGet, "/trainings", "", "", token)
			if r.Status != 200 || !containsAll(r.Body, `"notes":"legs"`, `"time":"`+at+`"`) || containsAll(r.Body, "a\\u0000b") {
				t.Errorf("after the restart Ada sees %d %s, want the one booking", r.Status, r.Body)
			}
		})
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// TestConfigurationMistakesStopTheStart: a service that cannot do its job does not start.
func TestConfigurationMistakesStopTheStart(t *testing.T) {
	t.Parallel()
	sqlite := &conf.Data_Database{Driver: "sqlite", Source: filepath.Join(t.TempDir(), "training.db")}
	tests := []struct {
		name string
		bc   *conf.Bootstrap
		want error
	}{
		{"unknown database driver", &conf.Bootstrap{
			Data: &conf.Data{Database: &conf.Data_Database{Driver: "mysql"}},
			Upstreams: map[string]*conf.Upstream{
				service.TrainerUpstream: {Endpoint: "127.0.0.1:1"}, service.UserUpstream: {Endpoint: "127.0.0.1:1"},
			},
		}, sqlstore.ErrUnknownDriver},
		{"no user service endpoint", &conf.Bootstrap{
			Data:      &conf.Data{Database: sqlite},
			Upstreams: map[string]*conf.Upstream{service.TrainerUpstream: {Endpoint: "127.0.0.1:1"}},
		}, service.ErrUpstreamMissing},
		{"no upstreams at all", &conf.Bootstrap{Data: &conf.Data{Database: sqlite}}, service.ErrUpstreamMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.bc.Server = servicetest.Listeners()
			tt.bc.Auth = authtest.Conf("training")
			tt.bc.Log = &conf.Log{Level: "error"}
			svc, err := service.New(context.Background(), tt.bc, "test")
			if err == nil {
				svc.Close()
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("New: %v, want %v", err, tt.want)
			}
		})
	}
}
