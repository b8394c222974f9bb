package user_test

import (
	"errors"
	"testing"

	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

func newAttendee(t *testing.T, balance int) *user.User {
	t.Helper()
	u, err := user.New(validID, user.Attendee, "Ana", balance)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestBalanceChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		balance int
		change  func(*user.User) error
		want    int
		err     error
	}{
		{"take a credit", 2, (*user.User).TakeCredit, 1, nil},
		{"take the last credit", 1, (*user.User).TakeCredit, 0, nil},
		{"take from empty balance", 0, (*user.User).TakeCredit, 0, user.ErrBalanceTooLow},
		{"return one credit", 0, func(u *user.User) error { return u.ReturnCredits(1) }, 1, nil},
		{"return two credits on late trainer cancel", 1, func(u *user.User) error { return u.ReturnCredits(2) }, 3, nil},
		{"return zero credits", 1, func(u *user.User) error { return u.ReturnCredits(0) }, 1, user.ErrNonPositiveCredits},
		{"return negative credits", 1, func(u *user.User) error { return u.ReturnCredits(-1) }, 1, user.ErrNonPositiveCredits},
		{"change by positive delta", 1, func(u *user.User) error { return u.ChangeBalance(5) }, 6, nil},
		{"change down to zero", 3, func(u *user.User) error { return u.ChangeBalance(-3) }, 0, nil},
		{"change below zero", 3, func(u *user.User) error { return u.ChangeBalance(-4) }, 3, user.ErrBalanceTooLow},
		{"change by zero", 3, func(u *user.User) error { return u.ChangeBalance(0) }, 3, user.ErrZeroBalanceChange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := newAttendee(t, tt.balance)
			if err := tt.change(u); !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if u.Balance() != tt.want {
				t.Errorf("balance = %d, want %d", u.Balance(), tt.want)
			}
		})
	}
}
