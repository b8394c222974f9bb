package adapters

import (
	"context"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

// TrainerGRPCClient is command.TrainerService over the trainer service's gRPC API.
//
// Every call carries its operation id, and the trainer applies each id once and answers repeats
// as the first time. The client itself does not retry: the saga that makes the calls retries
// whole steps, with backoff, for as long as it takes (app/command's Saga).
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
// discovery:///trainer.grpc with WithDiscovery); calls carry the service token signer signs for the trainer service.
func NewTrainerGRPCClient(ctx context.Context, endpoint string, signer *auth.ServiceSigner, opts ...ClientOption) (*TrainerGRPCClient, error) {
	conn, err := dial(ctx, endpoint, "trainer", signer, opts)
	if err != nil {
		return nil, err
	}
	return &TrainerGRPCClient{conn: conn, client: trainerv1.NewTrainerServiceClient(conn)}, nil
}

// ScheduleTraining reserves the hour at: command.ErrHourNotAvailable when the trainer says no.
func (c *TrainerGRPCClient) ScheduleTraining(ctx context.Context, operationID string, at time.Time) error {
	_, err := c.client.ScheduleTraining(ctx, &trainerv1.HourRequest{Time: timestamppb.New(at), OperationId: operationID})
	return trainerUpstream.translate(ctx, err, scheduleReasons)
}

// CancelTraining frees the hour at. Any refusal is the system's fault (the training was booked
// at that hour), so none is expected.
func (c *TrainerGRPCClient) CancelTraining(ctx context.Context, operationID string, at time.Time) error {
	_, err := c.client.CancelTraining(ctx, &trainerv1.HourRequest{Time: timestamppb.New(at), OperationId: operationID})
	return trainerUpstream.translate(ctx, err, nil)
}

// Close closes the connection.
func (c *TrainerGRPCClient) Close() error { return c.conn.Close() }
