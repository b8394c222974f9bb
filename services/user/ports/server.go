// Package ports exposes the user service's use cases over gRPC and HTTP (kratos), translating
// between the generated API types and the app layer.
package ports

import (
	"context"

	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	"github.com/kratos-monorepo/monorepo/services/user/app"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
	"github.com/kratos-monorepo/monorepo/services/user/domain/user"
)

// Server implements userv1.UserServiceServer and userv1.UserServiceHTTPServer.
type Server struct {
	userv1.UnimplementedUserServiceServer
	app app.Application
}

// NewServer serves application.
func NewServer(application app.Application) *Server { return &Server{app: application} }

// GetCurrentUser returns the caller's own user.
func (s *Server) GetCurrentUser(ctx context.Context, _ *userv1.GetCurrentUserRequest) (*userv1.User, error) {
	caller, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	u, err := s.app.Queries.CurrentUser.Handle(ctx, query.CurrentUser{UserID: caller})
	if err != nil {
		return nil, err
	}
	return toProto(u), nil
}

// UpdateTrainingBalance is for the training service; the balance check is atomic in the app, and
// the change applies once per operation id.
func (s *Server) UpdateTrainingBalance(ctx context.Context, req *userv1.UpdateTrainingBalanceRequest) (*userv1.UpdateTrainingBalanceResponse, error) {
	if err := requireService(ctx); err != nil {
		return nil, err
	}
	cmd := command.UpdateTrainingBalance{OperationID: req.GetOperationId(), UserID: req.GetUserUuid(), Delta: int(req.GetDelta())}
	if err := s.app.Commands.UpdateTrainingBalance.Handle(ctx, cmd); err != nil {
		return nil, err
	}
	return &userv1.UpdateTrainingBalanceResponse{}, nil
}

func toProto(u query.User) *userv1.User {
	role := userv1.Role_ROLE_ATTENDEE
	if u.Role == user.Trainer.String() {
		role = userv1.Role_ROLE_TRAINER
	}
	return &userv1.User{Uuid: u.ID, Role: role, DisplayName: u.DisplayName, Balance: int64(u.Balance)}
}
