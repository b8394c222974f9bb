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

func TestCreateUserRejectsBadInputAndStoresNothing(t *testing.T) {
	t.Parallel()
	id := uuid.NewString()
	tests := []struct {
		name string
		cmd  command.CreateUser
		err  error
	}{
		{"unknown role", command.CreateUser{UserID: id, Role: "admin", DisplayName: "Ana"}, user.ErrUnknownRole},
		{"no name", command.CreateUser{UserID: id, Role: "attendee"}, user.ErrEmptyDisplayName},
		{"negative balance", command.CreateUser{UserID: id, Role: "attendee", DisplayName: "Ana", Balance: -1}, user.ErrNegativeBalance},
		{"bad id", command.CreateUser{UserID: "7", Role: "attendee", DisplayName: "Ana"}, user.ErrInvalidID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			repo := adapters.NewMemoryUserRepository()
			if err := command.NewCreateUserHandler(repo, nil, nil).Handle(context.Background(), tt.cmd); !errors.Is(err, tt.err) {
				t.Fatalf("Handle() = %v, want %v", err, tt.err)
			}
			if _, err := repo.Get(context.Background(), tt.cmd.UserID); !errors.Is(err, user.ErrUserNotFound) {
				t.Errorf("Get() after rejected create = %v, want %v", err, user.ErrUserNotFound)
			}
		})
	}
}

func TestCreateUserTwiceConflicts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := command.NewCreateUserHandler(adapters.NewMemoryUserRepository(), nil, nil)
	cmd := command.CreateUser{UserID: uuid.NewString(), Role: "trainer", DisplayName: "Tom"}
	if err := h.Handle(ctx, cmd); err != nil {
		t.Fatal(err)
	}
	if err := h.Handle(ctx, cmd); !errors.Is(err, user.ErrUserAlreadyExists) {
		t.Errorf("second Handle() = %v, want %v", err, user.ErrUserAlreadyExists)
	}
}
