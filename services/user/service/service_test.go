package service_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
	"github.com/kratos-monorepo/monorepo/services/user/service"
)

const (
	attendeeID = "3b9c7d2e-5f1a-4c8b-8d6e-7f0a1b2c3d4e"
	unknownID  = "00000000-0000-4000-8000-000000000000"
)

type fixture struct {
	addrs servicetest.Addrs
}

// start runs the user service on its embedded storage (SQLite in a temporary folder) with one
// attendee holding 2 credits.
func start(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	bc := &conf.Bootstrap{
		Server: servicetest.Listeners(),
		Data:   &conf.Data{Database: &conf.Data_Database{Driver: "sqlite", Source: filepath.Join(t.TempDir(), "user.db")}},
		Auth:   authtest.Conf("user"),
		// argon2id's cheapest sane cost: these tests check behaviour, not the hash's strength.
		Settings: servicetest.Settings(&service.Settings{Accounts: &service.Accounts{Argon2MemoryKib: 8 * 1024}}),
	}
	svc, err := service.New(ctx, bc, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	create := command.CreateUser{UserID: attendeeID, Role: "attendee", DisplayName: "Ada", Balance: 2}
	if err := svc.Application.Commands.CreateUser.Handle(ctx, create); err != nil {
		t.Fatal(err)
	}
	return fixture{addrs: servicetest.Start(t, svc.Base, svc.Kratos())}
}

func (f fixture) token(t *testing.T, u auth.User) string {
	t.Helper()
	return authtest.Token(t, u, time.Hour)
}

func wantError(t *testing.T, err error, code int, reason string) {
	t.Helper()
	e := kerrors.FromError(err)
	if err == nil || int(e.Code) != code || e.Reason != reason {
		t.Errorf("error = %v, want %d %s", err, code, reason)
	}
}

func TestCurrentUserOverHTTP(t *testing.T) {
	t.Parallel()
	f := start(t)
	token := f.token(t, auth.User{UUID: attendeeID, Role: auth.RoleAttendee})
	client := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, userv1.OpenAPI, auth.Bearer(token)))

	u, err := client.GetCurrentUser(context.Background(), &userv1.GetCurrentUserRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if u.GetUuid() != attendeeID || u.GetRole() != userv1.Role_ROLE_ATTENDEE || u.GetBalance() != 2 || u.GetDisplayName() != "Ada" {
		t.Errorf("GetCurrentUser = %v", u)
	}

	anonymous := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, userv1.OpenAPI))
	_, err = anonymous.GetCurrentUser(context.Background(), &userv1.GetCurrentUserRequest{})
	wantError(t, err, 401, "missing-token")

	stranger := f.token(t, auth.User{UUID: unknownID, Role: auth.RoleAttendee})
	_, err = userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, userv1.OpenAPI, auth.Bearer(stranger))).
		GetCurrentUser(context.Background(), &userv1.GetCurrentUserRequest{})
	wantError(t, err, 404, "user-not-found")
}

func TestBalanceOverGRPCIsForServicesAndNeverNegative(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	userToken := f.token(t, auth.User{UUID: attendeeID, Role: auth.RoleAttendee})
	asUser := userv1.NewUserServiceClient(servicetest.GRPCConn(t, f.addrs.GRPC, auth.Bearer(userToken)))
	asService := userv1.NewUserServiceClient(servicetest.GRPCConn(t, f.addrs.GRPC, auth.Bearer(authtest.ServiceToken(t, "user"))))

	_, err := asUser.UpdateTrainingBalance(ctx, &userv1.UpdateTrainingBalanceRequest{UserUuid: attendeeID, Delta: 5, OperationId: "t/1/0"})
	wantError(t, err, 403, "service-only")

	for i := range 2 {
		id := fmt.Sprintf("t-%d/1/0-change-balance", i)
		// The same id twice: the second call is answered as the first and takes nothing more.
		for range 2 {
			if _, err := asService.UpdateTrainingBalance(ctx, &userv1.UpdateTrainingBalanceRequest{UserUuid: attendeeID, Delta: -1, OperationId: id}); err != nil {
				t.Fatalf("take a credit with %s: %v", id, err)
			}
		}
	}
	refused := &userv1.UpdateTrainingBalanceRequest{UserUuid: attendeeID, Delta: -1, OperationId: "t-2/1/0-change-balance"}
	_, err = asService.UpdateTrainingBalance(ctx, refused)
	wantError(t, err, 409, "balance-too-low")
	// A refusal is an answer too: after a credit arrives, the same id is still refused.
	if _, err := asService.UpdateTrainingBalance(ctx, &userv1.UpdateTrainingBalanceRequest{UserUuid: attendeeID, Delta: 1, OperationId: "refund-1"}); err != nil {
		t.Fatal(err)
	}
	_, err = asService.UpdateTrainingBalance(ctx, refused)
	wantError(t, err, 409, "balance-too-low")
	_, err = asService.UpdateTrainingBalance(ctx, &userv1.UpdateTrainingBalanceRequest{UserUuid: attendeeID, Delta: -2, OperationId: "refund-1"})
	wantError(t, err, 409, "operation-id-reused")
	_, err = asService.UpdateTrainingBalance(ctx, &userv1.UpdateTrainingBalanceRequest{UserUuid: attendeeID, Delta: -1})
	wantError(t, err, 400, "operation-id-missing")
	_, err = asService.UpdateTrainingBalance(ctx, &userv1.UpdateTrainingBalanceRequest{UserUuid: attendeeID, Delta: -1, OperationId: strings.Repeat("x", 129)})
	wantError(t, err, 400, "operation-id-invalid")
	if _, err := asService.UpdateTrainingBalance(ctx, &userv1.UpdateTrainingBalanceRequest{UserUuid: attendeeID, Delta: -1, OperationId: "take-back"}); err != nil {
		t.Fatal(err)
	}

	me, err := asUser.GetCurrentUser(ctx, &userv1.GetCurrentUserRequest{})
	if err != nil || me.GetBalance() != 0 {
		t.Errorf("balance after the refused booking = %v, %v; want 0", me, err)
	}
	_, err = asService.UpdateTrainingBalance(ctx, &userv1.UpdateTrainingBalanceRequest{UserUuid: "not-a-uuid", Delta: 1, OperationId: "nobody"})
	wantError(t, err, 404, "user-not-found")
}
