package service_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	"github.com/kratos-monorepo/monorepo/services/training/ports"
)

// The fuzz targets send arbitrary bytes through each HTTP decoder path of the service's
// handler (middleware, ports, app and SQLite storage included) as Ada, who owns one training
// so that some inputs reach it. The property: a client's bytes never cause a 5xx, and a 400
// always names its reason. The seeds, and the inputs fuzzing found in testdata/fuzz (bodies
// that are not UTF-8, which once made kratos answer an empty 500), run under plain `go test`;
// explore further with e.g. `go test -fuzz=FuzzScheduleTraining ./services/training/service`.

type fuzzFixture struct {
	handler  http.Handler
	token    string
	training string // Ada's training
}

func newFuzzFixture(f *testing.F) fuzzFixture {
	f.Helper()
	fx := newService(f)
	token := fx.token(f, ada)
	r := servicetest.ServeRaw(f, fx.svc.HTTP, http.MethodPost, "/trainings", "", `{"time":"`+hour(1).Format(time.RFC3339)+`","notes":"seed"}`, token)
	var scheduled trainingv1.ScheduleTrainingResponse
	if r.Status != http.StatusOK || json.Unmarshal([]byte(r.Body), &scheduled) != nil || scheduled.GetUuid() == "" {
		f.Fatalf("booking the seed training: %d %s", r.Status, r.Body)
	}
	return fuzzFixture{handler: fx.svc.HTTP, token: token, training: scheduled.GetUuid()}
}

// uuidSeeds are path values: Ada's training, and the forms a uuid parser may or may not take.
func uuidSeeds(id string) []string {
	return []string{
		id, strings.ToUpper(id), "{" + id + "}", "urn:uuid:" + id, strings.ReplaceAll(id, "-", ""),
		"00000000-0000-4000-8000-000000000000", "not-a-uuid", "", "%zz", "a/b", "..", strings.Repeat("f", 4096),
	}
}

// timeBodies are bodies with a time field: valid, at the ends of the calendar, beyond it, and
// in forms protojson refuses.
func timeBodies() []string {
	at := hour(2).Format(time.RFC3339)
	return []string{
		`{"time":"` + at + `"}`,
		`{"time":"` + at + `","notes":"` + strings.Repeat("x", 1001) + `"}`,
		`{"time":"` + at + `","notes":""}`,
		`{"time":"` + hour(2).Add(30*time.Minute).Format(time.RFC3339Nano) + `","notes":null}`,
		`{"time":"0001-01-01T00:00:00Z"}`, `{"time":"9999-12-31T23:59:59.999999999Z"}`,
		`{"time":"0000-01-01T00:00:00Z"}`, `{"time":"2031-03-06T09:00:00+14:00"}`,
		`{"time":{"seconds":1}}`, `{"time":null}`, `{"time":1}`, `{"uuid":"x","time":"` + at + `"}`,
		`{}`, `[`, ``, `null`, `{"notes":"\ud800"}`,
	}
}

var querySeeds = []string{
	"", "time=2031-03-06T09:00:00Z", "time.seconds=-62135596801&time.nanos=2000000000",
	"uuid=x", "notes=a&notes=b", "%zz;&&=",
}

func FuzzListTrainings(f *testing.F) {
	for _, q := range querySeeds {
		f.Add(q)
	}
	fx := newFuzzFixture(f)
	f.Fuzz(func(t *testing.T, query string) {
		servicetest.CheckNoServerError(t, servicetest.ServeRaw(t, fx.handler, http.MethodGet, "/trainings", query, "", fx.token))
	})
}

func FuzzScheduleTraining(f *testing.F) {
	for i, b := range timeBodies() {
		f.Add(b, querySeeds[i%len(querySeeds)])
	}
	fx := newFuzzFixture(f)
	f.Fuzz(func(t *testing.T, body, query string) {
		servicetest.CheckNoServerError(t, servicetest.ServeRaw(t, fx.handler, http.MethodPost, "/trainings", query, body, fx.token))
	})
}

func FuzzCancelTraining(f *testing.F) {
	fx := newFuzzFixture(f)
	for i, id := range uuidSeeds(fx.training) {
		f.Add(id, querySeeds[i%len(querySeeds)])
	}
	f.Fuzz(func(t *testing.T, id, query string) {
		servicetest.CheckNoServerError(t, servicetest.ServeRaw(t, fx.handler, http.MethodDelete, "/trainings/"+id, query, "", fx.token))
	})
}

// fuzzMove covers the PUT paths that take a uuid in the path and a body.
func fuzzMove(f *testing.F, action string, bodies []string) {
	fx := newFuzzFixture(f)
	ids := uuidSeeds(fx.training)
	for i, b := range bodies {
		f.Add(ids[i%len(ids)], b)
	}
	f.Fuzz(func(t *testing.T, id, body string) {
		servicetest.CheckNoServerError(t, servicetest.ServeRaw(t, fx.handler, http.MethodPut, "/trainings/"+id+"/"+action, "", body, fx.token))
	})
}

func FuzzRescheduleTraining(f *testing.F) { fuzzMove(f, "reschedule", timeBodies()) }

func FuzzRequestReschedule(f *testing.F) { fuzzMove(f, "request-reschedule", timeBodies()) }

var decisionBodies = []string{`{}`, `{"uuid":"x"}`, `[`, ``, `null`, `{"uuid":1}`}

func FuzzApproveReschedule(f *testing.F) { fuzzMove(f, "approve-reschedule", decisionBodies) }

func FuzzRejectReschedule(f *testing.F) { fuzzMove(f, "reject-reschedule", decisionBodies) }

// TestFuzzSeedsReachTheService guards the fuzz targets against testing only the router: the
// seed training is reachable, and bad input gets the named reasons the ports promise.
func TestFuzzSeedsReachTheService(t *testing.T) {
	t.Parallel()
	fx := newService(t)
	token := fx.token(t, ada)
	h := fx.svc.HTTP
	tests := []struct {
		method, path, body string
		status             int
		reason             string
	}{
		{http.MethodPost, "/trainings", `{"notes":"x"}`, 400, "missing-training-time"},
		{http.MethodPost, "/trainings", `[`, 400, "malformed-request"},
		{http.MethodPost, "/trainings", "\xef", 400, "malformed-request"},
		{http.MethodDelete, "/trainings/not-a-uuid", ``, 400, ports.ErrInvalidTrainingUUID.Reason()},
		{http.MethodPut, "/trainings/00000000-0000-4000-8000-000000000000/reschedule", `{"time":"` + hour(2).Format(time.RFC3339) + `"}`, 404, "training-not-found"},
		{http.MethodPut, "/trainings/00000000-0000-4000-8000-000000000000/reject-reschedule", `{}`, 404, "training-not-found"},
	}
	for _, tt := range tests {
		r := servicetest.ServeRaw(t, h, tt.method, tt.path, "", tt.body, token)
		if r.Status != tt.status || r.Reason != tt.reason {
			t.Errorf("%s %s %s: %d %q, want %d %q", tt.method, tt.path, tt.body, r.Status, r.Reason, tt.status, tt.reason)
		}
	}
}
