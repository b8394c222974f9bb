package server_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"google.golang.org/grpc"
	channelzpb "google.golang.org/grpc/channelz/grpc_channelz_v1"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
)

func startGRPC(t *testing.T, keys *auth.Verifier, admin bool) *grpc.ClientConn {
	t.Helper()
	return dialGRPC(t, serveGRPC(t, &conf.Server{GrpcAdmin: admin}, nil, keys))
}

// adminCalls calls channelz (unary) and reflection (a stream) with token ("" for none) and
// returns each one's status code.
func adminCalls(t *testing.T, conn *grpc.ClientConn, token string) map[string]codes.Code {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	}
	_, err := channelzpb.NewChannelzClient(conn).GetTopChannels(ctx, &channelzpb.GetTopChannelsRequest{})
	got := map[string]codes.Code{"channelz": status.Code(err)}
	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err == nil {
		err = stream.Send(&reflectionpb.ServerReflectionRequest{
			MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{},
		})
	}
	// A server that refuses the stream at once may end it before the request is sent: Send then
	// reports io.EOF, and the stream's status comes from Recv (grpc-go's documented contract).
	if err == nil || errors.Is(err, io.EOF) {
		_, err = stream.Recv()
	}
	got["reflection"] = status.Code(err)
	return got
}

// tokenFor is a token of role for the service "test": a service token signed by the calling
// service's key, a user's token by the user service's key.
func tokenFor(t *testing.T, _ *auth.Verifier, role auth.Role) string {
	t.Helper()
	if role == auth.RoleService {
		return authtest.ServiceToken(t, "test")
	}
	return authtest.Token(t, auth.User{UUID: "u-1", Role: role}, time.Hour)
}

// Off (the image's default), channelz and reflection answer as unknown services, whoever asks;
// health checking still needs no token.
func TestGRPCAdminServicesAreOffByDefault(t *testing.T) {
	t.Parallel()
	keys := testKeys(t)
	conn := startGRPC(t, keys, false)
	for _, token := range []string{"", tokenFor(t, keys, auth.RoleAttendee), tokenFor(t, keys, auth.RoleService)} {
		for service, code := range adminCalls(t, conn, token) {
			if code != codes.Unimplemented {
				t.Errorf("%s with token %.10q: %v, want Unimplemented", service, token, code)
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{}); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health check without token: %v %v, want SERVING", resp, err)
	}
}

// On, they answer service tokens only: never an attendee's or a trainer's, nor no token.
func TestGRPCAdminServicesAnswerServiceTokensOnly(t *testing.T) {
	t.Parallel()
	keys := testKeys(t)
	conn := startGRPC(t, keys, true)
	for name, tt := range map[string]struct {
		token string
		want  codes.Code
	}{
		"no token": {"", codes.Unauthenticated},
		"attendee": {tokenFor(t, keys, auth.RoleAttendee), codes.PermissionDenied},
		"trainer":  {tokenFor(t, keys, auth.RoleTrainer), codes.PermissionDenied},
		"service":  {tokenFor(t, keys, auth.RoleService), codes.OK},
	} {
		for service, code := range adminCalls(t, conn, tt.token) {
			if code != tt.want {
				t.Errorf("%s on %s: %v, want %v", name, service, code, tt.want)
			}
		}
	}
}
