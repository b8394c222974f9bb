// Package query holds the user service's queries, one use case per file. Queries read through
// UserReadModel and skip the domain aggregate: reading needs no rules.
package query

import "context"

// User is what clients see of a user.
type User struct {
	ID          string
	Role        string
	DisplayName string
	Balance     int
}

// UserReadModel reads users; adapters implement it next to the repository.
type UserReadModel interface {
	// UserByID returns user.ErrUserNotFound when there is no such user.
	UserByID(ctx context.Context, id string) (User, error)
}
