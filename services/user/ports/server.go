// Package ports exposes the user service's use cases over gRPC and HTTP (kratos), translating
// between the generated API types and the app layer.
package ports

import (
	"context"
	"net"
	"net/netip"
	"time"

	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"github.com/google/uuid"
	"google.golang.org/grpc/peer"

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

// SignUp creates an attendee's account.
func (s *Server) SignUp(ctx context.Context, req *userv1.SignUpRequest) (*userv1.SignUpResponse, error) {
	id := uuid.NewString()
	err := s.app.Commands.CreateAccount.Handle(ctx, command.CreateAccount{
		UserID: id, Email: req.GetEmail(), Password: req.GetPassword(), DisplayName: req.GetDisplayName(),
		Role: "attendee",
	})
	if err != nil {
		return nil, err
	}
	return &userv1.SignUpResponse{Uuid: id}, nil
}

// Login exchanges an e-mail address and password for an access token.
func (s *Server) Login(ctx context.Context, req *userv1.LoginRequest) (*userv1.LoginResponse, error) {
	t, err := s.app.Queries.Login.Handle(ctx, query.Login{Email: req.GetEmail(), Password: req.GetPassword(), Client: clientAddress(ctx)})
	if err != nil {
		return nil, err
	}
	return &userv1.LoginResponse{
		AccessToken: t.AccessToken, TokenType: "Bearer", ExpiresIn: int64(time.Until(t.ExpiresAt).Round(time.Second) / time.Second),
		Uuid: t.UserID, Role: roleToProto(t.Role),
	}, nil
}

// clientAddress is the host the request came from (the direct peer: a proxy in front should
// be trusted to limit by the client's own address instead), for the login limiter.
func clientAddress(ctx context.Context) string {
	addr := ""
	if r, ok := khttp.RequestFromServerContext(ctx); ok {
		addr = r.RemoteAddr
	} else if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		addr = p.Addr.String()
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return clientNetwork(host)
}

// clientNetwork is what the limiter counts as one client: an IPv4 address, or an IPv6
// address's /64. One host or home gets a whole /64, so counting each IPv6 address apart would
// give a single client 2^64 allowances: enough to guess on without limit, and to push any
// victim's count out of the limiter's table.
func clientNetwork(host string) string {
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap() // ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1
	if ip.Is4() {
		return ip.String()
	}
	prefix, err := ip.WithZone("").Prefix(64)
	if err != nil {
		return host
	}
	return prefix.String()
}

// PublicOperations need no token: signing up and logging in are how a caller gets one.
var PublicOperations = []string{userv1.OperationUserServiceSignUp, userv1.OperationUserServiceLogin}

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
	return &userv1.User{Uuid: u.ID, Role: roleToProto(u.Role), DisplayName: u.DisplayName, Balance: int64(u.Balance)}
}

func roleToProto(role string) userv1.Role {
	if role == user.Trainer.String() {
		return userv1.Role_ROLE_TRAINER
	}
	return userv1.Role_ROLE_ATTENDEE
}
