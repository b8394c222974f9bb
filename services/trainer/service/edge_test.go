package service_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/server"
)

// The trainer binary links expvar and golang.org/x/net/trace, which put /debug/vars,
// /debug/requests and /debug/events on Go's default mux: none is served, nor any other path
// outside the API, and an oversize body is refused without a token before it is read.
func TestTheEdgeServesOnlyTheAPI(t *testing.T) {
	t.Parallel()
	f := start(t, backends()["sqlite"](t))
	base := "http://" + f.addrs.HTTP
	call := func(method, path string, body io.Reader) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, body)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct{ Reason string }
		_ = json.NewDecoder(resp.Body).Decode(&e)
		return resp.StatusCode, e.Reason
	}
	for _, path := range []string{"/debug/vars", "/debug/requests", "/debug/events", "/debug/pprof/", "/trainer"} {
		if status, reason := call(http.MethodGet, path, nil); status != 404 || reason != server.ReasonRouteNotFound {
			t.Errorf("GET %s: %d %q, want 404 %s", path, status, reason, server.ReasonRouteNotFound)
		}
	}
	if status, reason := call(http.MethodPost, "/trainer/hours/available", nil); status != 405 || reason != server.ReasonMethodNotAllowed {
		t.Errorf("POST /trainer/hours/available: %d %q, want 405 %s", status, reason, server.ReasonMethodNotAllowed)
	}
	body := strings.NewReader(`{"hours": ["` + strings.Repeat("x", server.DefaultMaxBodyBytes) + `"]}`)
	if status, reason := call(http.MethodPut, "/trainer/hours/available", body); status != 413 || reason != server.ReasonRequestTooLarge {
		t.Errorf("PUT of 1 MiB without a token: %d %q, want 413 %s", status, reason, server.ReasonRequestTooLarge)
	}
}
