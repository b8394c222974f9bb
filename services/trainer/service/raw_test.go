package service_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// reply is what a raw HTTP request got back: the status and, for an error, kratos' reason.
type reply struct {
	status int
	reason string
	body   string
}

// serve sends one raw request to handler, the running service's HTTP handler, so that tests and
// fuzz targets reach the decoders with bytes no generated client would send.
func serve(t testing.TB, handler http.Handler, method, target, body, token string) reply {
	t.Helper()
	path, query, _ := strings.Cut(target, "?")
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	// Set after parsing: a fuzzed query may hold bytes a request line cannot, and the handler
	// must cope with whatever r.URL.Query() makes of it.
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
	return reply{status: rec.Code, reason: e.Reason, body: string(raw)}
}
