package server

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"github.com/go-kratos/kratos/v2/middleware"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/log"
)

// Reasons for failures that are not a domain error.
const (
	ReasonInternal = "internal"
	ReasonTimeout  = "timeout"
	ReasonCanceled = "canceled"
	// ReasonStorageUnavailable: the service's database cannot be reached (a connection refused,
	// reset or timed out). Calls to other services name their own reason (trainer-unavailable);
	// what is left on the network is storage. It passes once the database is back: the pools
	// reconnect on their own, without a restart.
	ReasonStorageUnavailable = "storage-unavailable"
)

// ToKratos turns an error into the kratos error a client receives: a domain error keeps its
// reason and message with the status of its kind; anything unexpected becomes a bare 500 whose
// message reveals nothing (the detail is logged instead).
func ToKratos(err error) *kerrors.Error {
	if e, ok := errs.As(err); ok {
		return kerrors.New(e.Kind().HTTPStatus(), e.Reason(), e.Error())
	}
	var ke *kerrors.Error
	if errors.As(err, &ke) {
		return ke
	}
	// A handler that is not ours answers with a gRPC status: health checking's NotFound for a
	// service name it does not serve. That is the caller's mistake, not ours; as a 500 it let
	// anyone, without a token, write ERROR lines and 5xx counts at will.
	if st, ok := status.FromError(err); ok && st.Code() == codes.NotFound {
		return kerrors.NotFound(ReasonRouteNotFound, st.Message())
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return kerrors.GatewayTimeout(ReasonTimeout, "the request took too long")
	case errors.Is(err, context.Canceled):
		return kerrors.ClientClosed(ReasonCanceled, "the request was canceled")
	case unreachable(err):
		return kerrors.ServiceUnavailable(ReasonStorageUnavailable, "the service's storage cannot be reached; try again shortly")
	}
	return kerrors.InternalServer(ReasonInternal, "internal error")
}

// DomainErrors maps handler errors with ToKratos, logging the ones that are the system's fault.
func DomainErrors(logger *zap.Logger) middleware.Middleware {
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			reply, err := next(ctx, req)
			if err == nil {
				return reply, nil
			}
			ke := ToKratos(err)
			if ke.Code >= 500 {
				log.For(ctx, logger).Error("request failed", zap.Error(err), zap.String("reason", ke.Reason))
			}
			return nil, ke
		}
	}
}

// unreachable reports a failure to reach or keep a connection: the database is down or cut off.
func unreachable(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}
