package command_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/kratos-monorepo/monorepo/services/user/adapters"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

func TestUpdateTrainingBalance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		delta int
		want  int
		err   error
	}{
		{"schedule takes one", -1, 1, nil},
		{"cancel returns one", 1, 3, nil},
		{"late trainer cancel returns two", 2, 4, nil},
		{"spend everything", -2, 0, nil},
		{"overdraw", -3, 2, user.ErrBalanceTooLow},
		{"zero change", 0, 2, user.ErrZeroBalanceChange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			repo := adapters.NewMemoryUserRepository()
			id := uuid.NewString()
			if err := command.NewCreateUserHandler(repo, nil, nil).Handle(ctx, command.CreateUser{
				UserID: id, Role: "attendee", DisplayName: "Ana", Balance: 2,
			}); err != nil {
				t.Fatal(err)
			}

			err := command.NewUpdateTrainingBalanceHandler(repo, nil, nil).Handle(ctx, command.UpdateTrainingBalance{OperationID: "op-1", UserID: id, Delta: tt.delta})

			if !errors.Is(err, tt.err) {
				t.Fatalf("Handle() = %v, want %v", err, tt.err)
			}
			u, err := repo.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if u.Balance() != tt.want {
				t.Errorf("balance = %d, want %d", u.Balance(), tt.want)
			}
		})
	}
}

func TestUpdateTrainingBalanceOfUnknownUser(t *testing.T) {
	t.Parallel()
	h := command.NewUpdateTrainingBalanceHandler(adapters.NewMemoryUserRepository(), nil, nil)
	err := h.Handle(context.Background(), command.UpdateTrainingBalance{OperationID: "op-1", UserID: uuid.NewString(), Delta: -1})
	if !errors.Is(err, user.ErrUserNotFound) {
		t.Errorf("Handle() = %v, want %v", err, user.ErrUserNotFound)
	}
}
