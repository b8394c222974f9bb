// Package ports exposes the training service's use cases over gRPC and HTTP (kratos),
// translating between the generated API types and the app layer. Who may do what is decided by
// the app and the domain; this layer only turns the JWT's caller into the app's User.
package ports

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	"github.com/kratos-monorepo/monorepo/services/training/app"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// Server implements trainingv1.TrainingServiceServer and trainingv1.TrainingServiceHTTPServer.
type Server struct {
	trainingv1.UnimplementedTrainingServiceServer
	app app.Application
}

var (
	_ trainingv1.TrainingServiceServer     = (*Server)(nil)
	_ trainingv1.TrainingServiceHTTPServer = (*Server)(nil)
)

// NewServer serves application.
func NewServer(application app.Application) *Server { return &Server{app: application} }

// ListTrainings gives the trainer every training and an attendee their own.
func (s *Server) ListTrainings(ctx context.Context, _ *trainingv1.ListTrainingsRequest) (*trainingv1.ListTrainingsResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	var trs []query.Training
	if c.user.Type() == training.Trainer {
		trs, err = s.app.Queries.AllTrainings.Handle(ctx, query.AllTrainings{User: c.user})
	} else {
		trs, err = s.app.Queries.TrainingsForUser.Handle(ctx, query.TrainingsForUser{User: c.user})
	}
	if err != nil {
		return nil, err
	}
	return &trainingv1.ListTrainingsResponse{Trainings: toProtoTrainings(trs)}, nil
}

// ScheduleTraining books a training; its uuid is made here, so the client learns it from the
// answer and a retried command could carry the same one.
func (s *Server) ScheduleTraining(ctx context.Context, req *trainingv1.ScheduleTrainingRequest) (*trainingv1.ScheduleTrainingResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	at, err := trainingTime(req.GetTime())
	if err != nil {
		return nil, err
	}
	cmd := command.ScheduleTraining{
		TrainingUUID: uuid.NewString(),
		User:         c.user,
		UserName:     c.name,
		TrainingTime: at,
		Notes:        req.GetNotes(),
	}
	pending, err := pendingOr(s.app.Commands.ScheduleTraining.Handle(ctx, cmd))
	if err != nil {
		return nil, err
	}
	return &trainingv1.ScheduleTrainingResponse{Uuid: cmd.TrainingUUID, Pending: pending}, nil
}

// CancelTraining cancels the caller's training (any training for the trainer).
func (s *Server) CancelTraining(ctx context.Context, req *trainingv1.CancelTrainingRequest) (*trainingv1.CancelTrainingResponse, error) {
	pending, err := onTraining(ctx, req.GetUuid(), s.app.Commands.CancelTraining)
	if err != nil {
		return nil, err
	}
	return &trainingv1.CancelTrainingResponse{Pending: pending}, nil
}

// RescheduleTraining moves a training directly.
func (s *Server) RescheduleTraining(ctx context.Context, req *trainingv1.RescheduleTrainingRequest) (*trainingv1.RescheduleTrainingResponse, error) {
	return moveTraining(ctx, req, s.app.Commands.RescheduleTraining)
}

// RequestReschedule proposes a new time to the other side.
func (s *Server) RequestReschedule(ctx context.Context, req *trainingv1.RescheduleTrainingRequest) (*trainingv1.RescheduleTrainingResponse, error) {
	return moveTraining(ctx, req, s.app.Commands.RequestTrainingReschedule)
}

// ApproveReschedule accepts the other side's proposal.
func (s *Server) ApproveReschedule(ctx context.Context, req *trainingv1.RescheduleDecisionRequest) (*trainingv1.RescheduleTrainingResponse, error) {
	return decideReschedule(ctx, req, s.app.Commands.ApproveTrainingReschedule)
}

// RejectReschedule turns the other side's proposal down.
func (s *Server) RejectReschedule(ctx context.Context, req *trainingv1.RescheduleDecisionRequest) (*trainingv1.RescheduleTrainingResponse, error) {
	return decideReschedule(ctx, req, s.app.Commands.RejectTrainingReschedule)
}

// onTraining runs, as the caller, a command on the training the request names.
func onTraining[C command.CancelTraining | command.ApproveTrainingReschedule | command.RejectTrainingReschedule](ctx context.Context, rawUUID string, h decorator.CommandHandler[C]) (pending bool, err error) {
	t, err := target(ctx, rawUUID)
	if err != nil {
		return false, err
	}
	return pendingOr(h.Handle(ctx, C(t)))
}

// decideReschedule answers the other side's proposal with one of the two decisions.
func decideReschedule[C command.ApproveTrainingReschedule | command.RejectTrainingReschedule](ctx context.Context, req *trainingv1.RescheduleDecisionRequest, h decorator.CommandHandler[C]) (*trainingv1.RescheduleTrainingResponse, error) {
	pending, err := onTraining(ctx, req.GetUuid(), h)
	if err != nil {
		return nil, err
	}
	return &trainingv1.RescheduleTrainingResponse{Pending: pending}, nil
}

// moveTraining runs one of the two commands that move a training to the request's new time.
func moveTraining[C command.RescheduleTraining | command.RequestTrainingReschedule](ctx context.Context, req *trainingv1.RescheduleTrainingRequest, h decorator.CommandHandler[C]) (*trainingv1.RescheduleTrainingResponse, error) {
	t, err := target(ctx, req.GetUuid())
	if err != nil {
		return nil, err
	}
	at, err := trainingTime(req.GetTime())
	if err != nil {
		return nil, err
	}
	move := command.MoveRequest{TrainingUUID: t.TrainingUUID, User: t.User, NewTime: at, NewNotes: req.Notes}
	pending, err := pendingOr(h.Handle(ctx, C(move)))
	if err != nil {
		return nil, err
	}
	return &trainingv1.RescheduleTrainingResponse{Pending: pending}, nil
}

// target is the caller and the checked uuid of the training they act on.
func target(ctx context.Context, rawUUID string) (command.TrainingRequest, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return command.TrainingRequest{}, err
	}
	id, err := trainingUUID(rawUUID)
	if err != nil {
		return command.TrainingRequest{}, err
	}
	return command.TrainingRequest{TrainingUUID: id, User: c.user}, nil
}

// pendingOr turns a command's ErrChangePending into a success with pending set: the change is
// recorded and will be completed without another request (see command.Operation).
func pendingOr(err error) (bool, error) {
	if errors.Is(err, command.ErrChangePending) {
		return true, nil
	}
	return false, err
}
