// Package demo names the example system's demo users and their passwords, shared by the local
// system (tools/local), the token tool (tools/devjwt) and the end-to-end tests.
package demo

import (
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

// UserKey is the development key the user service's embedded defaults sign users' tokens
// with. Never use it outside a developer's machine.
const UserKey = auth.DevelopmentUserKey

// ServiceKey is the development key the training service's embedded defaults sign its calls
// with.
const ServiceKey = auth.DevelopmentServiceKey

// The demo users the local system creates.
var (
	Trainer  = auth.User{UUID: "8a1f4b3e-2c6d-4e7f-9a0b-1c2d3e4f5a6b", Role: auth.RoleTrainer, Name: "Tess Trainer"}
	Attendee = auth.User{UUID: "3b9c7d2e-5f1a-4c8b-8d6e-7f0a1b2c3d4e", Role: auth.RoleAttendee, Name: "Adam Attendee"}
)

// AttendeeBalance is the demo attendee's starting training balance.
const AttendeeBalance = 10

// The demo users' e-mail addresses and (published, development-only) password.
const (
	TrainerEmail  = "tess@example.com"
	AttendeeEmail = "adam@example.com"
	Password      = "demo-password-123"
)

// Token is a token for u valid for ttl, signed with the development user key as the local
// system's user service signs one (role service is refused: see ServiceToken).
func Token(u auth.User, ttl time.Duration) (string, error) {
	key, err := auth.ParseSigningKey(UserKey)
	if err != nil {
		return "", err
	}
	return auth.NewIssuer(key).Sign(u, ttl)
}

// ServiceToken is a token of the local system's training service (its development key) for
// calls to audience.
func ServiceToken(audience string) (string, error) {
	key, err := auth.ParseSigningKey(ServiceKey)
	if err != nil {
		return "", err
	}
	return auth.NewServiceSigner("training", key).Token(audience)
}
