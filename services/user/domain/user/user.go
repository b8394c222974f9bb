// Package user is the user aggregate: who someone is and how many trainings they can still book.
package user

import (
	"unicode/utf8"

	"github.com/google/uuid"
)

// MaxDisplayNameLength bounds names so that they fit calendars and notifications.
const MaxDisplayNameLength = 100

// User is a trainer or an attendee with a training balance. Fields are private so the balance
// can only change through the methods that keep it at or above zero.
type User struct {
	id          string
	role        Role
	displayName string
	balance     int
}

// New validates a new user.
func New(id string, role Role, displayName string, balance int) (*User, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrInvalidID
	}
	if role.IsZero() {
		return nil, ErrUnknownRole
	}
	if displayName == "" {
		return nil, ErrEmptyDisplayName
	}
	if utf8.RuneCountInString(displayName) > MaxDisplayNameLength {
		return nil, ErrDisplayNameTooLong
	}
	if balance < 0 {
		return nil, ErrNegativeBalance
	}
	return &User{id: id, role: role, displayName: displayName, balance: balance}, nil
}

// UnmarshalFromDatabase rebuilds a user that was valid when stored. It still validates, because
// a row changed by hand must not become an aggregate that breaks its own rules.
func UnmarshalFromDatabase(id, role, displayName string, balance int) (*User, error) {
	r, err := NewRole(role)
	if err != nil {
		return nil, err
	}
	return New(id, r, displayName, balance)
}

func (u *User) ID() string          { return u.id }
func (u *User) Role() Role          { return u.role }
func (u *User) DisplayName() string { return u.displayName }
func (u *User) Balance() int        { return u.balance }
