package server_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/tools/proto/openapi"
)

// The OpenAPI documents list the reasons every service shares (tools/proto/openapi); each one
// this package or libs/auth answers over HTTP must be there, with its status.
func TestTheOpenAPIDocumentsListTheSharedReasons(t *testing.T) {
	t.Parallel()
	want := map[string]int{
		server.ReasonMalformedRequest: 400, server.ReasonRequestTooLarge: 413,
		server.ReasonRouteNotFound: 404, server.ReasonMethodNotAllowed: 405,
		server.ReasonInternal: 500, server.ReasonTimeout: 504, server.ReasonCanceled: 499,
	}
	for _, err := range []error{auth.ErrMissingToken, auth.ErrInvalidToken, auth.ErrExpiredToken} {
		ke := server.ToKratos(err)
		want[ke.Reason] = int(ke.Code)
	}
	for reason, status := range want {
		if !slices.Contains(openapi.SharedReasons, openapi.Reason{Name: reason, Status: status}) {
			t.Errorf("tools/proto/openapi.SharedReasons lacks {%q, %d}", reason, status)
		}
	}
	if len(openapi.SharedReasons) != len(want) {
		t.Errorf("SharedReasons has %d reasons, libs answer %d: %v", len(openapi.SharedReasons), len(want), openapi.SharedReasons)
	}
}

func TestCheckSecretFollowsTheMode(t *testing.T) {
	t.Parallel()
	bc := func(mode, secret string) *conf.Bootstrap {
		return &conf.Bootstrap{Mode: mode, Auth: &conf.Auth{JwtSecret: secret}}
	}
	for _, tt := range []struct {
		bc   *conf.Bootstrap
		want error
	}{
		{bc("", auth.DevelopmentSecret), auth.ErrPublicSecret},
		{bc(conf.ModeProduction, auth.DevelopmentSecret), auth.ErrPublicSecret},
		{bc(conf.ModeDevelopment, auth.DevelopmentSecret), nil},
		{bc("dev", auth.DevelopmentSecret), conf.ErrUnknownMode},
		{bc(conf.ModeProduction, "0123456789abcdef0123456789abcdef"), nil},
	} {
		if err := server.CheckSecret(tt.bc); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
			t.Errorf("mode %q: CheckSecret = %v, want %v", tt.bc.GetMode(), err, tt.want)
		}
	}
}
