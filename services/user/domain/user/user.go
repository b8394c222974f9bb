// Package user is the user aggregate: who someone is and how many trainings they can still book.
package user

import (
	"strings"
	"unicode"
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

// New validates a new user; its display name must be text (CheckDisplayName).
func New(id string, role Role, displayName string, balance int) (*User, error) {
	if err := CheckDisplayName(displayName); err != nil {
		return nil, err
	}
	return build(id, role, displayName, balance)
}

// CheckDisplayName refuses a name that is empty or only spaces, longer than
// MaxDisplayNameLength characters, not UTF-8, or holding control characters (NUL, line
// breaks, terminal escapes) or the bidirectional overrides and isolates (U+202A-U+202E,
// U+2066-U+2069) that make a name display as another. A name is shown to the trainer in every
// training's list and travels in the access token; NUL also cannot be stored in PostgreSQL,
// where a sign-up with it failed as a 500.
func CheckDisplayName(name string) error {
	if strings.TrimSpace(name) == "" {
		return ErrEmptyDisplayName
	}
	if !utf8.ValidString(name) || strings.ContainsFunc(name, notDisplayable) {
		return ErrDisplayNameNotText
	}
	if utf8.RuneCountInString(name) > MaxDisplayNameLength {
		return ErrDisplayNameTooLong
	}
	return nil
}

func notDisplayable(r rune) bool {
	return unicode.IsControl(r) || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// build checks what every stored user keeps to, including those stored before
// CheckDisplayName's text rules.
func build(id string, role Role, displayName string, balance int) (*User, error) {
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
// a row changed by hand must not become an aggregate that breaks its own rules; a name stored
// before CheckDisplayName refused control characters still loads, so its user keeps working.
func UnmarshalFromDatabase(id, role, displayName string, balance int) (*User, error) {
	r, err := NewRole(role)
	if err != nil {
		return nil, err
	}
	return build(id, r, displayName, balance)
}

func (u *User) ID() string          { return u.id }
func (u *User) Role() Role          { return u.role }
func (u *User) DisplayName() string { return u.displayName }
func (u *User) Balance() int        { return u.balance }
