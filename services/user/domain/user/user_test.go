package user_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

const validID = "0f8fad5b-d9cb-469f-a165-70867728950e"

func TestNewValidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		id      string
		role    user.Role
		display string
		balance int
		want    error
	}{
		{"valid attendee", validID, user.Attendee, "Ana", 3, nil},
		{"valid trainer with empty balance", validID, user.Trainer, "Tom", 0, nil},
		{"id not a uuid", "42", user.Attendee, "Ana", 0, user.ErrInvalidID},
		{"zero role", validID, user.Role{}, "Ana", 0, user.ErrUnknownRole},
		{"empty name", validID, user.Attendee, "", 0, user.ErrEmptyDisplayName},
		{"name too long", validID, user.Attendee, strings.Repeat("é", user.MaxDisplayNameLength+1), 0, user.ErrDisplayNameTooLong},
		{"longest name", validID, user.Attendee, strings.Repeat("é", user.MaxDisplayNameLength), 0, nil},
		{"only spaces", validID, user.Attendee, " \t ", 0, user.ErrEmptyDisplayName},
		{"NUL, which PostgreSQL cannot store", validID, user.Attendee, "Ada\x00", 0, user.ErrDisplayNameNotText},
		{"a line break", validID, user.Attendee, "Ada\nLovelace", 0, user.ErrDisplayNameNotText},
		{"a terminal escape", validID, user.Attendee, "Ada\x1b[31m", 0, user.ErrDisplayNameNotText},
		{"a right-to-left override", validID, user.Attendee, "Ada \u202Enimda", 0, user.ErrDisplayNameNotText},
		{"not UTF-8", validID, user.Attendee, "Ada\xff", 0, user.ErrDisplayNameNotText},
		{"letters, spaces and a joined emoji", validID, user.Attendee, "Ada Lovelace-Byron 👩‍💻 名前", 0, nil},
		{"negative balance", validID, user.Attendee, "Ana", -1, user.ErrNegativeBalance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := user.New(tt.id, tt.role, tt.display, tt.balance)
			if !errors.Is(err, tt.want) {
				t.Fatalf("New() error = %v, want %v", err, tt.want)
			}
			if err == nil && (u.ID() != tt.id || u.Role() != tt.role || u.DisplayName() != tt.display || u.Balance() != tt.balance) {
				t.Errorf("New() = %+v, want the given fields", u)
			}
		})
	}
}

func TestNewRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want user.Role
		err  error
	}{
		{"trainer", user.Trainer, nil},
		{"attendee", user.Attendee, nil},
		{"Trainer", user.Role{}, user.ErrUnknownRole},
		{"", user.Role{}, user.ErrUnknownRole},
	}
	for _, tt := range tests {
		got, err := user.NewRole(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("NewRole(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestUnmarshalFromDatabaseRejectsBrokenRows(t *testing.T) {
	t.Parallel()
	if _, err := user.UnmarshalFromDatabase(validID, "admin", "Ana", 1); !errors.Is(err, user.ErrUnknownRole) {
		t.Errorf("unknown role: error = %v, want %v", err, user.ErrUnknownRole)
	}
	if _, err := user.UnmarshalFromDatabase(validID, "attendee", "Ana", -2); !errors.Is(err, user.ErrNegativeBalance) {
		t.Errorf("negative balance: error = %v, want %v", err, user.ErrNegativeBalance)
	}
	u, err := user.UnmarshalFromDatabase(validID, "trainer", "Tom", 5)
	if err != nil || u.Role() != user.Trainer || u.Balance() != 5 {
		t.Errorf("UnmarshalFromDatabase() = %+v, %v; want trainer Tom with 5", u, err)
	}
}

// Names stored before control characters were refused still load: their users keep logging in
// and booking.
func TestUnmarshalFromDatabaseKeepsNamesStoredBeforeTheTextRule(t *testing.T) {
	t.Parallel()
	u, err := user.UnmarshalFromDatabase(validID, "attendee", "Ada\nLovelace", 1)
	if err != nil || u.DisplayName() != "Ada\nLovelace" {
		t.Errorf("UnmarshalFromDatabase(a name with a line break) = %v, %v", u, err)
	}
}
