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

// Serve sends one raw request for target ("path?query") to handler (a service's HTTP server,
// middleware included) without a socket: fuzz targets and bad-input tests use it to send bytes
// no generated client would.
func Serve(t testing.TB, handler http.Handler, method, target, body, token string) Reply {
	t.Helper()
	path, query, _ := strings.Cut(target, "?")
	return ServeRaw(t, handler, method, path, query, body, token)
}

// ServeRaw is Serve with the path and query apart, each taken as is (no escaping), so either
// may hold any bytes, '?' included.
func ServeRaw(t testing.TB, handler http.Handler, method, path, query, body, token string) Reply {
	t.Helper()
	req := httptest.NewRequest(method, "/", strings.NewReader(body))
	req.URL.Path, req.URL.RawPath, req.URL.RawQuery = path, "", query
	req.Header.Set("Content-Type", "application/json")
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

// CheckNoServerError fails t when a client's bytes made a 5xx, or a 400 does not say why.
// (Other 4xx may come from the router, such as a 404 for a path no route has.)
func CheckNoServerError(t testing.TB, r Reply) {
	t.Helper()
	if r.Status >= 500 || (r.Status == http.StatusBadRequest && r.Reason == "") {
		t.Fatalf("%d %q: %s", r.Status, r.Reason, r.Body)
	}
}
