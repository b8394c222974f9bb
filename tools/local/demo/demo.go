// Package demo names the example system's demo users and development secret, shared by the
// local system (tools/local), the token tool (tools/devjwt) and the end-to-end tests.
package demo

import "github.com/kratos-monorepo/monorepo/libs/auth"

// JWTSecret is the development secret in the services' embedded defaults. Never use it outside
// a developer's machine.
const JWTSecret = auth.DevelopmentSecret

// The demo users the local system creates.
var (
	Trainer  = auth.User{UUID: "8a1f4b3e-2c6d-4e7f-9a0b-1c2d3e4f5a6b", Role: auth.RoleTrainer, Name: "Tess Trainer"}
	Attendee = auth.User{UUID: "3b9c7d2e-5f1a-4c8b-8d6e-7f0a1b2c3d4e", Role: auth.RoleAttendee, Name: "Adam Attendee"}
)

// AttendeeBalance is the demo attendee's starting training balance.
const AttendeeBalance = 10
