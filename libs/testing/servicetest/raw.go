package servicetest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Reply is what a raw request got back.
type Reply struct {
	Status int
	Reason string // the kratos error reason, if the body is an error
	Body   string
}

// Serve sends one raw request to handler (a service's HTTP server, middleware included) without
// a socket: fuzz targets and bad-input tests use it to send bytes no generated client would.
func Serve(t testing.TB, handler http.Handler, method, target, body, token string) Reply {
	t.Helper()
	path, query, _ := strings.Cut(target, "?")
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	// Set after parsing: a fuzzed query may hold bytes a request line cannot.
	req.URL.RawQuery = query
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	raw, _ := io.ReadAll(rec.Result().Body)
	var e struct {
		Reason string `json:"reason"`
	}
	_ = json.Unmarshal(raw, &e)
	return Reply{Status: rec.Code, Reason: e.Reason, Body: string(raw)}
}

// CheckNoServerError fails t when a client's bytes made a 5xx, or a refusal has no reason.
func CheckNoServerError(t testing.TB, r Reply) {
	t.Helper()
	if r.Status >= 500 || (r.Status >= 400 && r.Reason == "") {
		t.Fatalf("%d %q: %s", r.Status, r.Reason, r.Body)
	}
}
