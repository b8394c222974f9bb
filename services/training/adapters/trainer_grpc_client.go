package adapters

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

// TrainerGRPCClient is command.TrainerService over the trainer service's gRPC API.
//
// None of its calls is retried. Scheduling and cancelling are not idempotent: a retry after
// an answer was lost sees "hour not available" for the hour it just booked itself, and a
// retried cancel (the hour is named by its time, not by the training) could free an hour that
// someone booked in between. Requests that never reached the server are already retried by
// gRPC itself (transparent retry).
type TrainerGRPCClient struct {
	conn   *grpc.ClientConn
	client trainerv1.TrainerServiceClient
}

var _ command.TrainerService = (*TrainerGRPCClient)(nil)

// scheduleReasons are the trainer's answers that mean "this hour cannot be booked": the hour
// is taken or closed, or it is not an hour the trainer could ever open (not full, in the past,
// too far ahead, outside the working day). The last ones are the booking's input errors, so
// the attendee must see them as a conflict, not as the system's failure.
var scheduleReasons = reasonsOf(command.ErrHourNotAvailable,
	trainerv1.ErrorReason_HOUR_NOT_AVAILABLE,
	trainerv1.ErrorReason_HOUR_NOT_FULL,
	trainerv1.ErrorReason_HOUR_IN_PAST,
	trainerv1.ErrorReason_HOUR_TOO_FAR_AHEAD,
	trainerv1.ErrorReason_HOUR_TOO_EARLY,
	trainerv1.ErrorReason_HOUR_TOO_LATE,
)

// NewTrainerGRPCClient connects to the trainer service at endpoint (host:port, or
// discovery:///trainer.grpc with WithDiscovery); calls carry a service token signed with keys.
func NewTrainerGRPCClient(ctx context.Context, endpoint string, keys *auth.Keys, opts ...ClientOption) (*TrainerGRPCClient, error) {
	conn, err := dial(ctx, endpoint, keys, opts)
	if err != nil {
		return nil, err
	}
	return &TrainerGRPCClient{conn: conn, client: trainerv1.NewTrainerServiceClient(conn)}, nil
}

// ScheduleTraining reserves the hour at: command.ErrHourNotAvailable when the trainer says no.
func (c *TrainerGRPCClient) ScheduleTraining(ctx context.Context, at time.Time) error {
	_, err := c.client.ScheduleTraining(ctx, &trainerv1.HourRequest{Time: timestamppb.New(at)})
	return trainerUpstream.translate(ctx, err, scheduleReasons)
}

// CancelTraining frees the hour at. Any refusal is the system's fault (the training was booked
// at that hour), so none is expected.
func (c *TrainerGRPCClient) CancelTraining(ctx context.Context, at time.Time) error {
	_, err := c.client.CancelTraining(ctx, &trainerv1.HourRequest{Time: timestamppb.New(at)})
	return trainerUpstream.translate(ctx, err, nil)
}

// MoveTraining books newTime, then frees oldTime; when freeing fails it frees newTime again,
// so the calendar ends as it was. The trainer service has no move of its own, hence the two
// calls and the compensation here.
func (c *TrainerGRPCClient) MoveTraining(ctx context.Context, newTime, oldTime time.Time) error {
	if err := c.ScheduleTraining(ctx, newTime); err != nil {
		return err
	}
	err := c.CancelTraining(ctx, oldTime)
	if err == nil {
		return nil
	}
	// Undo even when the caller gave up, as the app's own undo does.
	if undoErr := c.CancelTraining(context.WithoutCancel(ctx), newTime); undoErr != nil {
		return errors.Join(command.ErrUndoFailed, err, undoErr)
	}
	return err
}

// Close closes the connection.
func (c *TrainerGRPCClient) Close() error { return c.conn.Close() }
