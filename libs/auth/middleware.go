package auth

import (
	"context"
	"strings"

	"github.com/go-kratos/kratos/v2/middleware"
	"github.com/go-kratos/kratos/v2/transport"
)

const authorizationHeader = "Authorization"

// Server is a kratos middleware for HTTP and gRPC servers: it verifies the bearer token and puts
// the caller into the context. Use kratos' selector middleware to leave operations public.
func Server(keys *Verifier) middleware.Middleware {
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromServerContext(ctx)
			if !ok {
				return nil, ErrMissingToken
			}
			token, found := BearerToken(tr.RequestHeader().Get(authorizationHeader))
			if !found {
				return nil, ErrMissingToken
			}
			user, err := keys.Verify(token)
			if err != nil {
				return nil, err
			}
			return next(NewContext(ctx, user), req)
		}
	}
}

// BearerToken is the token of an Authorization header value with the Bearer scheme, which
// RFC 7235 matches case-insensitively ("bearer", "BEARER"); found is false for another scheme
// or an empty token.
func BearerToken(authorization string) (token string, found bool) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	token = strings.TrimSpace(token)
	return token, strings.EqualFold(scheme, "Bearer") && token != ""
}

// Client is a kratos middleware for clients of the service audience: it sends the calling
// service's own token (RoleService, see ServiceSigner), so internal methods can tell services
// from users.
func Client(signer *ServiceSigner, audience string) middleware.Middleware {
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			if tr, ok := transport.FromClientContext(ctx); ok {
				token, err := signer.Token(audience)
				if err != nil {
					return nil, err
				}
				tr.RequestHeader().Set(authorizationHeader, "Bearer "+token)
			}
			return next(ctx, req)
		}
	}
}

// Bearer is a kratos client middleware sending a fixed token, for tests and tools that act as
// one user.
func Bearer(token string) middleware.Middleware {
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			if tr, ok := transport.FromClientContext(ctx); ok {
				tr.RequestHeader().Set(authorizationHeader, "Bearer "+token)
			}
			return next(ctx, req)
		}
	}
}
