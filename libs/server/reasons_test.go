package server_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/tools/build/proto/openapi"
)

// The OpenAPI documents list the reasons every service shares (tools/build/proto/openapi); each one
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
			t.Errorf("tools/build/proto/openapi.SharedReasons lacks {%q, %d}", reason, status)
		}
	}
	if len(openapi.SharedReasons) != len(want) {
		t.Errorf("SharedReasons has %d reasons, libs answer %d: %v", len(openapi.SharedReasons), len(want), openapi.SharedReasons)
	}
}

func TestCheckKeysFollowsTheMode(t *testing.T) {
	t.Parallel()
	user := &conf.Auth{SigningKey: auth.DevelopmentUserKey}
	trainer := &conf.Auth{UserKeys: []string{auth.DevelopmentUserPublicKey}}
	training := &conf.Auth{SigningKey: auth.DevelopmentServiceKey, UserKeys: []string{authtest.UserKey.Public().String()}}
	trusting := &conf.Auth{UserKeys: []string{authtest.UserKey.Public().String()},
		ServiceKeys: map[string]string{"training": auth.DevelopmentServicePublicKey}}
	for _, tt := range []struct {
		name        string
		a           *conf.Auth
		issuer      bool
		development bool
		want        error
	}{
		{"user service on the development key", user, true, false, auth.ErrPublicKey},
		{"the same in development", user, true, true, nil},
		{"trainer trusting the development user key", trainer, false, false, auth.ErrPublicKey},
		{"training signing with the development service key", training, false, false, auth.ErrPublicKey},
		{"trusting the development service key", trusting, false, false, auth.ErrPublicKey},
		{"user service without a key", &conf.Auth{}, true, true, auth.ErrNoSigningKey},
		{"a service without users' keys", &conf.Auth{}, false, true, auth.ErrNoUserKeys},
		{"keys of its own", authtest.Conf("training"), false, false, nil},
		{"the user service's own key", authtest.Conf("user"), true, false, nil},
	} {
		if err := server.CheckKeys(tt.a, tt.issuer, tt.development); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
			t.Errorf("%s: CheckKeys = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestAnUnknownModeIsRefused(t *testing.T) {
	t.Parallel()
	if _, err := server.New("test", "v0", &conf.Bootstrap{Mode: "dev", Auth: authtest.Conf("test")}); !errors.Is(err, conf.ErrUnknownMode) {
		t.Errorf("mode dev: %v, want %v", err, conf.ErrUnknownMode)
	}
}
