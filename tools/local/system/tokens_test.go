package system_test

import (
	"context"
	"testing"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
)

func wantRefused(t *testing.T, what string, err error, code int32, reason string) {
	t.Helper()
	if e := kerrors.FromError(err); err == nil || e.Code != code || e.Reason != reason {
		t.Errorf("%s: %v, want %d %s", what, err, code, reason)
	}
}

// Across the three services over real sockets: a login's token (signed by the user service)
// passes at trainer and training, which know the user service's keys only from its JWKS
// document; a token of any other key is refused; the training service's own token passes only
// where a service is expected, for the service it names as audience, and a user's token never
// passes there.
func TestTokensAcrossTheServices(t *testing.T) {
	services := startSystem(t)
	ctx := context.Background()
	login, err := userv1.NewUserServiceClient(servicetest.GRPCConn(t, services["user"].GRPC)).
		Login(ctx, &userv1.LoginRequest{Email: demo.TrainerEmail, Password: demo.Password})
	if err != nil {
		t.Fatal(err)
	}
	hour := timestamppb.New(time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 4).Add(11 * time.Hour))
	open := &trainerv1.MakeHoursRequest{Hours: []*timestamppb.Timestamp{hour}}
	trainerAs := func(token string) trainerv1.TrainerServiceClient {
		return trainerv1.NewTrainerServiceClient(servicetest.GRPCConn(t, services["trainer"].GRPC, auth.Bearer(token)))
	}
	if _, err := trainerAs(login.GetAccessToken()).MakeHoursAvailable(ctx, open); err != nil {
		t.Fatalf("the trainer's login token at the trainer service: %v", err)
	}

	forged := authtest.Forged(t, demo.Trainer)
	_, err = trainerAs(forged).MakeHoursAvailable(ctx, open)
	wantRefused(t, "a token of another key at trainer", err, 401, "invalid-token")
	_, err = trainingv1.NewTrainingServiceClient(servicetest.GRPCConn(t, services["training"].GRPC, auth.Bearer(forged))).
		ListTrainings(ctx, &trainingv1.ListTrainingsRequest{})
	wantRefused(t, "a token of another key at training", err, 401, "invalid-token")

	forTrainer, err := demo.ServiceToken("trainer")
	if err != nil {
		t.Fatal(err)
	}
	booking := &trainerv1.HourRequest{Time: hour, OperationId: "tokens-test/1"}
	if _, err := trainerAs(forTrainer).ScheduleTraining(ctx, booking); err != nil {
		t.Fatalf("training's token where a service is expected: %v", err)
	}
	_, err = trainerAs(login.GetAccessToken()).CancelTraining(ctx, booking)
	wantRefused(t, "a user's token where a service is expected", err, 403, "service-only")
	_, err = trainerAs(forTrainer).MakeHoursUnavailable(ctx, open)
	wantRefused(t, "a service's token where a trainer is expected", err, 403, "trainer-only")
	_, err = userv1.NewUserServiceClient(servicetest.GRPCConn(t, services["user"].GRPC, auth.Bearer(forTrainer))).
		GetCurrentUser(ctx, &userv1.GetCurrentUserRequest{})
	wantRefused(t, "a service's token for trainer at user", err, 401, "invalid-token")
}
