package server

import (
	"context"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// adminServicePrefixes are the gRPC services that describe the server rather than the domain.
// kratos registers all of them on every gRPC server: reflection (unless disabled), its own
// reflection-like metadata service, and grpc-go's admin services (channelz, CSDS).
var adminServicePrefixes = []string{
	"/grpc.reflection.v1.ServerReflection/",
	"/grpc.reflection.v1alpha.ServerReflection/",
	"/kratos.api.Metadata/",
	"/grpc.channelz.v1.Channelz/",
	"/envoy.service.status.v3.ClientStatusDiscoveryService/",
}

// ErrAdminServiceOnly answers a user's token on an admin service.
var ErrAdminServiceOnly = errs.Forbidden("admin-service-only", "the gRPC admin services answer service tokens only")

func isAdminMethod(fullMethod string) bool {
	for _, p := range adminServicePrefixes {
		if strings.HasPrefix(fullMethod, p) {
			return true
		}
	}
	return false
}

// adminGate decides who reaches the admin services. It runs before kratos' middleware (it is
// grpc-go's outermost interceptor), because kratos applies its middleware to unary calls only,
// and the reflection service is a stream. Disabled, they answer as an unknown service would;
// enabled, only a service token (auth.RoleService) passes, never an attendee's or a trainer's.
type adminGate struct {
	enabled bool
	keys    *auth.Verifier
}

func (g adminGate) check(ctx context.Context, fullMethod string) error {
	if !isAdminMethod(fullMethod) {
		return nil
	}
	if !g.enabled {
		service, _, _ := strings.Cut(strings.TrimPrefix(fullMethod, "/"), "/")
		return status.Errorf(codes.Unimplemented, "unknown service %s", service)
	}
	md, _ := metadata.FromIncomingContext(ctx)
	var authorization string
	if values := md.Get("authorization"); len(values) > 0 {
		authorization = values[0]
	}
	token, found := auth.BearerToken(authorization)
	if !found {
		return ToKratos(auth.ErrMissingToken) // a kratos error carries its reason over gRPC too
	}
	user, err := g.keys.Verify(token)
	if err != nil {
		return ToKratos(err)
	}
	if user.Role != auth.RoleService {
		return ToKratos(ErrAdminServiceOnly)
	}
	return nil
}

func (g adminGate) unary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if err := g.check(ctx, info.FullMethod); err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

func (g adminGate) stream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if err := g.check(ss.Context(), info.FullMethod); err != nil {
			return err
		}
		return handler(srv, ss)
	}
}
