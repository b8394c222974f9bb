package auth_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/go-kratos/kratos/v2/transport"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

// fakeTransport is the smallest kratos Transporter: a request's headers.
type fakeTransport struct{ header headerCarrier }

type headerCarrier http.Header

func (h headerCarrier) Get(k string) string      { return http.Header(h).Get(k) }
func (h headerCarrier) Set(k, v string)          { http.Header(h).Set(k, v) }
func (h headerCarrier) Add(k, v string)          { http.Header(h).Add(k, v) }
func (h headerCarrier) Keys() []string           { return nil }
func (h headerCarrier) Values(k string) []string { return http.Header(h).Values(k) }

func (f *fakeTransport) Kind() transport.Kind            { return transport.KindHTTP }
func (f *fakeTransport) Endpoint() string                { return "" }
func (f *fakeTransport) Operation() string               { return "/test" }
func (f *fakeTransport) RequestHeader() transport.Header { return f.header }
func (f *fakeTransport) ReplyHeader() transport.Header   { return headerCarrier{} }

func serve(t *testing.T, keys *auth.Verifier, authorization string) (auth.User, error) {
	t.Helper()
	tr := &fakeTransport{header: headerCarrier{}}
	if authorization != "" {
		tr.header.Set("Authorization", authorization)
	}
	var seen auth.User
	handler := auth.Server(keys)(func(ctx context.Context, _ any) (any, error) {
		seen, _ = auth.FromContext(ctx)
		return nil, nil
	})
	_, err := handler(transport.NewServerContext(context.Background(), tr), nil)
	return seen, err
}

func TestServerPutsTheCallerIntoTheContext(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	keys, token := f.verifier, mustSign(t, f.issuer, attendee, time.Hour)
	got, err := serve(t, keys, "Bearer "+token)
	if err != nil || got != attendee {
		t.Fatalf("got %+v, %v; want %+v", got, err, attendee)
	}
}

// RFC 7235: the scheme is case-insensitive; spaces around the token do not matter.
func TestServerMatchesTheBearerSchemeCaseInsensitively(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	keys, token := f.verifier, mustSign(t, f.issuer, attendee, time.Hour)
	for _, header := range []string{"bearer " + token, "BEARER " + token, "BeArEr  " + token + " "} {
		if got, err := serve(t, keys, header); err != nil || got != attendee {
			t.Errorf("%q: got %+v, %v; want %+v", header[:8], got, err, attendee)
		}
	}
}

func TestServerRejectsRequestsWithoutAValidBearerToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	keys, token := f.verifier, mustSign(t, f.issuer, attendee, time.Hour)
	for name, header := range map[string]string{
		"no header": "", "basic scheme": "Basic " + token, "empty bearer": "Bearer ",
		"no space": "Bearer" + token, "blank bearer": "bearer   ",
	} {
		if _, err := serve(t, keys, header); !errors.Is(err, auth.ErrMissingToken) {
			t.Errorf("%s: error = %v, want ErrMissingToken", name, err)
		}
	}
	if _, err := serve(t, keys, "Bearer x.y.z"); !errors.Is(err, auth.ErrInvalidToken) {
		t.Errorf("bad token: error = %v, want ErrInvalidToken", err)
	}
}

func TestClientSendsAServiceToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	keys := f.verifier
	tr := &fakeTransport{header: headerCarrier{}}
	call := auth.Client(f.training, "trainer")(func(context.Context, any) (any, error) { return nil, nil })
	if _, err := call(transport.NewClientContext(context.Background(), tr), nil); err != nil {
		t.Fatal(err)
	}
	got, err := serve(t, keys, tr.header.Get("Authorization"))
	if err != nil || got.Role != auth.RoleService || got.UUID != "training" {
		t.Fatalf("server saw %+v, %v; want the training service", got, err)
	}
}
