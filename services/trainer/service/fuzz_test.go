package service_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	"github.com/kratos-monorepo/monorepo/services/trainer/service"
)

// The fuzz targets feed arbitrary bytes to each HTTP decoder path of the running service's
// handler (its middleware, ports and storage included) as the trainer, who may reach every
// path. The property: a client's bytes never make a 5xx, and every refusal names its reason.
// The seeds run under plain `go test`; `go test -fuzz=FuzzGetCalendar ./services/trainer/service`
// explores further.

// fuzzHandler builds the service on a fresh SQLite file (one per fuzz worker process).
func fuzzHandler(f *testing.F) (http.Handler, string) {
	f.Helper()
	dir := f.TempDir()
	svc, err := service.New(context.Background(), bootstrap(sqliteIn(dir)), "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(svc.Close)
	token := authtest.Token(f, trainer, time.Hour)
	return svc.HTTP, token
}

func seedHours(f *testing.F) {
	tomorrow10 := tomorrowAt(10).AsTime().Format(time.RFC3339)
	for _, seed := range [][2]string{
		{`{"hours":["` + tomorrow10 + `"]}`, ``},
		{`{"hours":[]}`, ``},
		{`{}`, `hours=` + tomorrow10},
		{`{"hours":[null]}`, ``},
		{`{"hours":["2026-11-28T10:30:00Z","0001-01-01T00:00:00Z"]}`, ``},
		{`{"hours":["9999-12-31T23:00:00Z"]}`, `hours=0000-01-01T00:00:00Z`},
		{`{"hours":{"seconds":1}}`, `hours.seconds=-1&hours.nanos=2000000000`},
		{`[`, `%zz&hours=`},
		{``, ``},
		// Not UTF-8: once a bare 500, as kratos' error encoder could not marshal the message.
		{"\x80", ``},
	} {
		f.Add(seed[0], seed[1])
	}
}

func fuzzHours(f *testing.F, path string) {
	seedHours(f)
	handler, token := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, body, query string) {
		servicetest.CheckNoServerError(t, servicetest.Serve(t, handler, http.MethodPut, path+"?"+query, body, token))
	})
}

func FuzzMakeHoursAvailable(f *testing.F) { fuzzHours(f, "/trainer/hours/available") }

func FuzzMakeHoursUnavailable(f *testing.F) { fuzzHours(f, "/trainer/hours/unavailable") }

func FuzzGetCalendar(f *testing.F) {
	for _, seed := range []string{
		`date_from=2026-11-27T00:00:00Z&date_to=2026-12-03T00:00:00Z`,
		`date_from=9999-12-31T00:00:00Z&date_to=9999-12-31T23:59:59Z`,
		`date_from=0001-01-01T00:00:00Z&date_to=0001-03-01T00:00:00Z`,
		`date_from=0000-01-01T00:00:00Z&date_to=x`,
		`date_from.seconds=-62135596801&date_to.nanos=-1`,
		`date_to=2026-11-27T00:00:00+14:00&date_from=2026-11-27T00:00:00-12:00`,
		`date_from=2026-11-27T00:00:00Z`,
		`%zz;&&=`,
		``,
	} {
		f.Add(seed)
	}
	handler, token := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, query string) {
		servicetest.CheckNoServerError(t, servicetest.Serve(t, handler, http.MethodGet, "/trainer/calendar?"+query, "", token))
	})
}
