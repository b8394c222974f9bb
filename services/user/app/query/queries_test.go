package query_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/kratos-monorepo/monorepo/services/user/adapters"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

func TestQueriesReadTheStoredUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	repo := adapters.NewMemoryUserRepository()
	u, _ := user.New(uuid.NewString(), user.Attendee, "Ana", 6)
	if err := repo.Add(ctx, u); err != nil {
		t.Fatal(err)
	}

	got, err := query.NewCurrentUserHandler(repo, nil, nil).Handle(ctx, query.CurrentUser{UserID: u.ID()})
	want := query.User{ID: u.ID(), Role: "attendee", DisplayName: "Ana", Balance: 6}
	if err != nil || got != want {
		t.Errorf("CurrentUser = %+v, %v; want %+v", got, err, want)
	}
}

func TestQueriesOfUnknownUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	repo := adapters.NewMemoryUserRepository()
	id := uuid.NewString()
	if _, err := query.NewCurrentUserHandler(repo, nil, nil).Handle(ctx, query.CurrentUser{UserID: id}); !errors.Is(err, user.ErrUserNotFound) {
		t.Errorf("CurrentUser error = %v, want %v", err, user.ErrUserNotFound)
	}
}
