// Package openapitest holds a service's HTTP API to its OpenAPI document: Transport checks
// every response a test receives against the document (github.com/getkin/kin-openapi), and
// Lint checks a document is valid OpenAPI and follows this project's rules.
package openapitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// ErrorSchema is the schema every error response refers to (tools/build/proto/openapi).
const ErrorSchema = "kratos.Error"

// Load parses doc and fails t unless it is valid OpenAPI.
func Load(t testing.TB, doc []byte) *openapi3.T {
	t.Helper()
	d, err := load(doc)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func load(doc []byte) (*openapi3.T, error) {
	d, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	if err := d.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: the document is invalid: %w", err)
	}
	return d, nil
}

// Transport is an HTTP transport for a service's clients in tests: it sends each request
// with base (http.DefaultTransport when nil) and fails t when the response, status, headers or
// body, is not one the document allows for that operation, or the operation is not in the
// document at all.
func Transport(t testing.TB, doc []byte, base http.RoundTripper) http.RoundTripper {
	t.Helper()
	d := Load(t, doc)
	router, err := gorillamux.NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	if base == nil {
		base = http.DefaultTransport
	}
	return &validating{t: t, router: router, base: base}
}

type validating struct {
	t      testing.TB
	router routers.Router
	base   http.RoundTripper
	mu     sync.Mutex // testing.TB is safe for concurrent use; this keeps reports whole
}

func (v *validating) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := v.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, readErr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if readErr != nil {
		return resp, nil // the client sees the short body and reports it
	}
	if problem := v.check(req, resp, body); problem != "" {
		v.mu.Lock()
		defer v.mu.Unlock()
		v.t.Errorf("%s %s answered %d %s: not what the OpenAPI document allows: %s",
			req.Method, req.URL.Path, resp.StatusCode, truncate(body), problem)
	}
	return resp, nil
}

func (v *validating) check(req *http.Request, resp *http.Response, body []byte) string {
	// The router matches on the path and method only; the request was already sent.
	match := req.Clone(context.Background())
	route, params, err := v.router.FindRoute(match)
	if err != nil {
		return "the operation is not in the document: " + err.Error()
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: match, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: resp.StatusCode,
		Header: resp.Header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true, // a status the operation does not list falls to default, or fails
			MultiError:            true,
		},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return err.Error()
	}
	return ""
}

func truncate(body []byte) string {
	if len(body) > 300 {
		return string(body[:300]) + "..."
	}
	return string(body)
}

// Lint returns what is wrong with doc: OpenAPI validity (kin-openapi) and this project's rules.
// Every operation has an operationId, a summary and tags, declares bearer security, and lists
// a success, a 4xx and a default response; every error response is a kratos error
// (ErrorSchema) whose reason lists the reasons; google.rpc.Status appears nowhere.
func Lint(doc []byte) []string {
	d, err := load(doc)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if d.Info == nil || d.Info.Title == "" || d.Info.Description == "" || d.Info.Version == "" {
		add("info needs a title, a description and a version")
	}
	scheme := d.Components.SecuritySchemes["bearer"]
	if scheme == nil || scheme.Value == nil || scheme.Value.Type != "http" || !strings.EqualFold(scheme.Value.Scheme, "bearer") {
		add("components.securitySchemes.bearer must be an http bearer scheme")
	}
	errSchema := d.Components.Schemas[ErrorSchema]
	if errSchema == nil || errSchema.Value == nil {
		add("components.schemas.%s is missing", ErrorSchema)
	} else {
		for _, p := range []string{"code", "reason", "message", "metadata"} {
			if errSchema.Value.Properties[p] == nil {
				add("%s lacks the property %s", ErrorSchema, p)
			}
		}
		if r := errSchema.Value.Properties["reason"]; r != nil && (r.Value == nil || len(r.Value.Enum) == 0) {
			add("%s.reason lists no reasons", ErrorSchema)
		}
	}
	for name := range d.Components.Schemas {
		if strings.HasPrefix(name, "google.rpc.") {
			add("components.schemas.%s: errors are kratos errors, not %s", name, name)
		}
	}
	for _, path := range d.Paths.InMatchingOrder() {
		for method, op := range d.Paths.Value(path).Operations() {
			where := method + " " + path
			if op.OperationID == "" || op.Summary == "" || len(op.Tags) == 0 {
				add("%s: needs an operationId, a summary and tags", where)
			}
			if op.Security == nil || len(*op.Security) == 0 {
				add("%s: declares no security (bearer, or an explicit empty list for a public operation)", where)
			}
			lintResponses(where, op, add)
		}
	}
	sort.Strings(problems)
	return problems
}

func lintResponses(where string, op *openapi3.Operation, add func(string, ...any)) {
	if op.Responses == nil {
		add("%s: no responses", where)
		return
	}
	var success, clientError bool
	for status, ref := range op.Responses.Map() {
		switch {
		case strings.HasPrefix(status, "2"):
			success = true
			continue
		case strings.HasPrefix(status, "4"):
			clientError = true
		}
		if ref.Value == nil || ref.Value.Description == nil || *ref.Value.Description == "" {
			add("%s: response %s has no description", where, status)
			continue
		}
		media := ref.Value.Content.Get("application/json")
		if media == nil || media.Schema == nil || media.Schema.Ref != "#/components/schemas/"+ErrorSchema {
			add("%s: response %s is not a %s", where, status, ErrorSchema)
		}
	}
	if !success || !clientError || op.Responses.Default() == nil {
		add("%s: needs a 2xx, a 4xx and a default response", where)
	}
}
