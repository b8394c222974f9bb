package adapters

import (
	"context"

	"google.golang.org/grpc"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	"github.com/kratos-monorepo/monorepo/services/training/app/command"
)

// UserGRPCClient is command.UserService over the user service's gRPC API.
//
// UpdateTrainingBalance carries its operation id: the user service applies each id once and
// answers repeats as the first time, so the saga may retry it (the client itself does not).
type UserGRPCClient struct {
	conn   *grpc.ClientConn
	client userv1.UserServiceClient
}

var _ command.UserService = (*UserGRPCClient)(nil)

var balanceReasons = map[string]error{"balance-too-low": command.ErrBalanceTooLow}

// NewUserGRPCClient connects to the user service at endpoint (host:port, or
// discovery:///user.grpc with WithDiscovery); calls carry the service token signer signs for the user service.
func NewUserGRPCClient(ctx context.Context, endpoint string, signer *auth.ServiceSigner, opts ...ClientOption) (*UserGRPCClient, error) {
	conn, err := dial(ctx, endpoint, "user", signer, opts)
	if err != nil {
		return nil, err
	}
	return &UserGRPCClient{conn: conn, client: userv1.NewUserServiceClient(conn)}, nil
}

// UpdateTrainingBalance adds delta to the user's balance: command.ErrBalanceTooLow when the
// user service refuses to go below zero.
func (c *UserGRPCClient) UpdateTrainingBalance(ctx context.Context, operationID, userUUID string, delta int) error {
	_, err := c.client.UpdateTrainingBalance(ctx, &userv1.UpdateTrainingBalanceRequest{
		UserUuid: userUUID, Delta: int64(delta), OperationId: operationID,
	})
	return userUpstream.translate(ctx, err, balanceReasons)
}

// Close closes the connection.
func (c *UserGRPCClient) Close() error { return c.conn.Close() }
