// Package ports exposes the trainer service's use cases over gRPC and HTTP (kratos), translating
// between the generated API types and the app layer.
package ports

import (
	"context"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	"github.com/kratos-monorepo/monorepo/services/trainer/app"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/command"
	"github.com/kratos-monorepo/monorepo/services/trainer/app/query"
)

// Server implements trainerv1.TrainerServiceServer and trainerv1.TrainerServiceHTTPServer.
type Server struct {
	trainerv1.UnimplementedTrainerServiceServer
	app app.Application
}

// NewServer serves application.
func NewServer(application app.Application) *Server { return &Server{app: application} }

// GetCalendar shows the trainer's hours to any authenticated caller.
func (s *Server) GetCalendar(ctx context.Context, req *trainerv1.GetCalendarRequest) (*trainerv1.Calendar, error) {
	if err := requireCaller(ctx); err != nil {
		return nil, err
	}
	from, err := toTime(req.GetDateFrom(), ErrDateRangeMissing)
	if err != nil {
		return nil, err
	}
	to, err := toTime(req.GetDateTo(), ErrDateRangeMissing)
	if err != nil {
		return nil, err
	}
	dates, err := s.app.Queries.Calendar.Handle(ctx, query.Calendar{From: from, To: to})
	if err != nil {
		return nil, err
	}
	return toCalendar(dates), nil
}

// MakeHoursAvailable offers hours; the app decides whether the caller may.
func (s *Server) MakeHoursAvailable(ctx context.Context, req *trainerv1.MakeHoursRequest) (*trainerv1.MakeHoursResponse, error) {
	return changeHours(ctx, req, s.app.Commands.MakeHoursAvailable)
}

// MakeHoursUnavailable withdraws hours; the app decides whether the caller may.
func (s *Server) MakeHoursUnavailable(ctx context.Context, req *trainerv1.MakeHoursRequest) (*trainerv1.MakeHoursResponse, error) {
	return changeHours(ctx, req, s.app.Commands.MakeHoursUnavailable)
}

// ScheduleTraining is for the training service; of concurrent calls for one hour one succeeds.
func (s *Server) ScheduleTraining(ctx context.Context, req *trainerv1.HourRequest) (*trainerv1.HourResponse, error) {
	return changeBooking(ctx, req, s.app.Commands.ScheduleTraining)
}

// CancelTraining is for the training service.
func (s *Server) CancelTraining(ctx context.Context, req *trainerv1.HourRequest) (*trainerv1.HourResponse, error) {
	return changeBooking(ctx, req, s.app.Commands.CancelTraining)
}

// changeHours runs one of the commands that open or close the caller's hours.
func changeHours[C command.MakeHoursAvailable | command.MakeHoursUnavailable](ctx context.Context, req *trainerv1.MakeHoursRequest, h decorator.CommandHandler[C]) (*trainerv1.MakeHoursResponse, error) {
	actor, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	hours, err := toTimes(req.GetHours())
	if err != nil {
		return nil, err
	}
	if err := h.Handle(ctx, C(command.HoursChange{Actor: actor, Hours: hours})); err != nil {
		return nil, err
	}
	return &trainerv1.MakeHoursResponse{}, nil
}

// changeBooking runs one of the commands the training service sends to book or free an hour.
func changeBooking[C command.ScheduleTraining | command.CancelTraining](ctx context.Context, req *trainerv1.HourRequest, h decorator.CommandHandler[C]) (*trainerv1.HourResponse, error) {
	at, err := serviceHour(ctx, req)
	if err != nil {
		return nil, err
	}
	if err := h.Handle(ctx, C(command.HourBooking{OperationID: req.GetOperationId(), Hour: at})); err != nil {
		return nil, err
	}
	return &trainerv1.HourResponse{}, nil
}

// serviceHour admits only other services, then reads the hour they ask about.
func serviceHour(ctx context.Context, req *trainerv1.HourRequest) (at time.Time, err error) {
	if err := requireService(ctx); err != nil {
		return at, err
	}
	return toTime(req.GetTime(), ErrHourMissing)
}
