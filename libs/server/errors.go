package server

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"github.com/go-kratos/kratos/v2/middleware"
	"github.com/jackc/pgx/v5/pgconn"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/log"
)

// Reasons for failures that are not a domain error.
const (
	ReasonInternal = "internal"
	ReasonTimeout  = "timeout"
	ReasonCanceled = "canceled"
	// ReasonStorageUnavailable: the service's database cannot be reached (a connection refused,
	// reset or timed out, or a PostgreSQL server that is stopping, starting or recovering). Calls to other services name their own reason (trainer-unavailable);
	// what is left on the network is storage. It passes once the database is back: the pools
	// reconnect on their own, without a restart.
	ReasonStorageUnavailable = "storage-unavailable"
	// ReasonStorageFull: the service's database has no disk space left for the change (SQLite's
	// SQLITE_FULL, PostgreSQL's disk_full). Nothing was written; it passes once space is freed.
	ReasonStorageFull = "storage-full"
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
	case full(err):
		return kerrors.ServiceUnavailable(ReasonStorageFull, "the service's storage is full; try again later")
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

// unreachable reports a failure to reach or keep a connection: the database is down or cut off,
// or on its way down or up (PostgreSQL refuses connections while it shuts down and while it
// starts, and ends the open ones when it is stopped).
func unreachable(err error) bool {
	var netErr net.Error
	var pgErr *pgconn.PgError
	return errors.As(err, &netErr) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.As(err, &pgErr) && storageGoneState(pgErr.Code)
}

// storageGoneState reports the PostgreSQL error codes of a server that is not there to answer,
// for a while: class 08 (connection exception), 57P01 admin_shutdown (a fast or smart stop
// ended the connection), 57P02 crash_shutdown (another backend crashed, the server resets),
// 57P03 cannot_connect_now (starting up, shutting down, recovering) and 53300
// too_many_connections. Any other code is a fault of the statement or the data: a 500.
func storageGoneState(code string) bool {
	switch code {
	case "57P01", "57P02", "57P03", "53300":
		return true
	}
	return strings.HasPrefix(code, "08")
}

// full reports a change refused for want of disk space: the transaction was rolled back, and
// the same change succeeds once space is freed.
func full(err error) bool {
	var sqliteErr *sqlite.Error
	var pgErr *pgconn.PgError
	return errors.As(err, &sqliteErr) && sqliteErr.Code()&0xff == sqlite3.SQLITE_FULL ||
		errors.As(err, &pgErr) && pgErr.Code == "53100" // disk_full
}
