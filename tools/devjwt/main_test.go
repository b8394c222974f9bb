package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
)

func output(t *testing.T, args ...string) map[string]string {
	t.Helper()
	var out bytes.Buffer
	if err := run(args, &out); err != nil {
		t.Fatalf("devjwt %v: %v", args, err)
	}
	values := map[string]string{}
	for _, line := range strings.Fields(out.String()) {
		k, v, _ := strings.Cut(line, "=")
		values[k] = v
	}
	return values
}

func mustParse(t *testing.T, text string) auth.PublicKey {
	t.Helper()
	k, err := auth.ParsePublicKey(text)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// The demo tokens pass where the local system's services verify: the development user key's
// public half for users, the development service key's for training's calls.
func TestTokensVerifyAsTheLocalSystemDoes(t *testing.T) {
	trainer := auth.NewVerifier("trainer", auth.StaticKeySet(mustParse(t, auth.DevelopmentUserPublicKey)),
		map[string]auth.PublicKey{"training": mustParse(t, auth.DevelopmentServicePublicKey)})
	tokens := output(t)
	for name, want := range map[string]auth.User{"TRAINER_TOKEN": demo.Trainer, "ATTENDEE_TOKEN": demo.Attendee} {
		if u, err := trainer.Verify(tokens[name]); err != nil || u != want {
			t.Errorf("%s verifies as %+v, %v; want %+v", name, u, err, want)
		}
	}
	service := output(t, "-role", "service", "-uuid", "training", "-audience", "trainer")["SERVICE_TOKEN"]
	if u, err := trainer.Verify(service); err != nil || u.Role != auth.RoleService || u.UUID != "training" {
		t.Errorf("the service token verifies as %+v, %v", u, err)
	}
	if err := run([]string{"-role", "service"}, &bytes.Buffer{}); err == nil {
		t.Error("-role service without -uuid and -audience passed")
	}
}

func TestNewKeysArePairs(t *testing.T) {
	pair := output(t, "-new-key")
	k, err := auth.ParseSigningKey(pair["SIGNING_KEY"])
	if err != nil || k.Public().String() != pair["PUBLIC_KEY"] {
		t.Fatalf("SIGNING_KEY %q does not match PUBLIC_KEY %q (%v)", pair["SIGNING_KEY"], pair["PUBLIC_KEY"], err)
	}
	users := output(t, "-key", pair["SIGNING_KEY"], "-role", "attendee", "-uuid", demo.Attendee.UUID)
	v := auth.NewVerifier("user", auth.StaticKeySet(k.Public()), nil)
	if _, err := v.Verify(users["ATTENDEE_TOKEN"]); err != nil {
		t.Errorf("a token signed with the new key: %v", err)
	}
}

// The README sends a new user to `bazel run //tools/devjwt -- -help`: the usage is the answer,
// not a failure, and no token is printed after it.
func TestHelpIsNotAnError(t *testing.T) {
	for _, arg := range []string{"-help", "-h"} {
		var out bytes.Buffer
		if err := run([]string{arg}, &out); err != nil {
			t.Errorf("devjwt %s = %v, want the usage and no error", arg, err)
		}
		if out.Len() != 0 {
			t.Errorf("devjwt %s printed %q after the usage", arg, out.String())
		}
	}
}

// A flag it does not know is still an error.
func TestAnUnknownFlagIsAnError(t *testing.T) {
	if err := run([]string{"-nope"}, &bytes.Buffer{}); err == nil {
		t.Error("devjwt -nope succeeded")
	}
}
