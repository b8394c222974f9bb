// Package ports exposes the training service's use cases over gRPC and HTTP (kratos),
// translating between the generated API types and the app layer. Who may do what is decided by
// the app and the domain; this layer only turns the JWT's caller into the app's User.
package ports

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

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
	c, id, err := s.target(ctx, req.GetUuid())
	if err != nil {
		return nil, err
	}
	pending, err := pendingOr(s.app.Commands.CancelTraining.Handle(ctx, command.CancelTraining{TrainingUUID: id, User: c.user}))
	if err != nil {
		return nil, err
	}
	return &trainingv1.CancelTrainingResponse{Pending: pending}, nil
}

// RescheduleTraining moves a training directly.
func (s *Server) RescheduleTraining(ctx context.Context, req *trainingv1.RescheduleTrainingRequest) (*trainingv1.RescheduleTrainingResponse, error) {
	c, id, at, err := s.move(ctx, req)
	if err != nil {
		return nil, err
	}
	cmd := command.RescheduleTraining{TrainingUUID: id, User: c.user, NewTime: at, NewNotes: req.Notes}
	pending, err := pendingOr(s.app.Commands.RescheduleTraining.Handle(ctx, cmd))
	if err != nil {
		return nil, err
	}
	return &trainingv1.RescheduleTrainingResponse{Pending: pending}, nil
}

// RequestReschedule proposes a new time to the other side.
func (s *Server) RequestReschedule(ctx context.Context, req *trainingv1.RescheduleTrainingRequest) (*trainingv1.RescheduleTrainingResponse, error) {
	c, id, at, err := s.move(ctx, req)
	if err != nil {
		return nil, err
	}
	cmd := command.RequestTrainingReschedule{TrainingUUID: id, User: c.user, NewTime: at, NewNotes: req.Notes}
	if err := s.app.Commands.RequestTrainingReschedule.Handle(ctx, cmd); err != nil {
		return nil, err
	}
	return &trainingv1.RescheduleTrainingResponse{}, nil
}

// ApproveReschedule accepts the other side's proposal.
func (s *Server) ApproveReschedule(ctx context.Context, req *trainingv1.RescheduleDecisionRequest) (*trainingv1.RescheduleTrainingResponse, error) {
	c, id, err := s.target(ctx, req.GetUuid())
	if err != nil {
		return nil, err
	}
	cmd := command.ApproveTrainingReschedule{TrainingUUID: id, User: c.user}
	pending, err := pendingOr(s.app.Commands.ApproveTrainingReschedule.Handle(ctx, cmd))
	if err != nil {
		return nil, err
	}
	return &trainingv1.RescheduleTrainingResponse{Pending: pending}, nil
}

// RejectReschedule turns the other side's proposal down.
func (s *Server) RejectReschedule(ctx context.Context, req *trainingv1.RescheduleDecisionRequest) (*trainingv1.RescheduleTrainingResponse, error) {
	c, id, err := s.target(ctx, req.GetUuid())
	if err != nil {
		return nil, err
	}
	cmd := command.RejectTrainingReschedule{TrainingUUID: id, User: c.user}
	if err := s.app.Commands.RejectTrainingReschedule.Handle(ctx, cmd); err != nil {
		return nil, err
	}
	return &trainingv1.RescheduleTrainingResponse{}, nil
}

// target is the caller and the checked uuid of the training they act on.
func (s *Server) target(ctx context.Context, rawUUID string) (caller, string, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return caller{}, "", err
	}
	id, err := trainingUUID(rawUUID)
	if err != nil {
		return caller{}, "", err
	}
	return c, id, nil
}

// move is target plus the checked new time of a reschedule.
func (s *Server) move(ctx context.Context, req *trainingv1.RescheduleTrainingRequest) (caller, string, time.Time, error) {
	c, id, err := s.target(ctx, req.GetUuid())
	if err != nil {
		return caller{}, "", time.Time{}, err
	}
	at, err := trainingTime(req.GetTime())
	if err != nil {
		return caller{}, "", time.Time{}, err
	}
	return c, id, at, nil
}

// pendingOr turns a command's ErrChangePending into a success with pending set: the change is
// recorded and will be completed without another request (see command.Operation).
func pendingOr(err error) (bool, error) {
	if errors.Is(err, command.ErrChangePending) {
		return true, nil
	}
	return false, err
}
