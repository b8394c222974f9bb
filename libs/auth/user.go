// Package auth authenticates callers with JWTs (EdDSA: Ed25519 keys with key ids) and carries the
// caller's identity through the request context. What a caller may do is decided by the app
// layer from the identity, not here.
package auth

import "context"

// Role is what a caller is to the booking system.
type Role string

// The roles; RoleService is another service of this system calling an internal method.
const (
	RoleAttendee Role = "attendee"
	RoleTrainer  Role = "trainer"
	RoleService  Role = "service"
)

func (r Role) valid() bool { return r == RoleAttendee || r == RoleTrainer || r == RoleService }

// User is the authenticated caller.
type User struct {
	UUID string
	Role Role
	Name string
}

type userKey struct{}

// NewContext returns ctx carrying u.
func NewContext(ctx context.Context, u User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// FromContext returns the caller authenticated for this request, if any.
func FromContext(ctx context.Context) (User, bool) {
	u, ok := ctx.Value(userKey{}).(User)
	return u, ok
}
