package log

import (
	"context"

	klog "github.com/go-kratos/kratos/v2/log"
	"github.com/go-kratos/kratos/v2/middleware"
	"github.com/go-kratos/kratos/v2/middleware/tracing"
	"github.com/go-kratos/kratos/v2/transport"
	"github.com/google/uuid"
)

// RequestIDHeader carries the request id between services and back to the caller.
const RequestIDHeader = "X-Request-Id"

type requestIDKey struct{}

// ContextWithRequestID stores id for the RequestID valuer.
func ContextWithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom is the id stored by ContextWithRequestID or the RequestID middleware.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// RequestID is a kratos log.Valuer for the current request id.
func RequestID() klog.Valuer {
	return func(ctx context.Context) any { return RequestIDFrom(ctx) }
}

// MaxRequestIDLen bounds a caller's request id: a UUID is 36 bytes, most tracing ids are
// shorter.
const MaxRequestIDLen = 64

// ValidRequestID reports whether a caller's request id may be kept: 1 to MaxRequestIDLen
// letters, digits and "-_.:". Anything else (too long, spaces, control or non-ASCII bytes that
// could forge log lines) is replaced by a new id.
func ValidRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// RequestIDMiddleware takes the caller's X-Request-Id when ValidRequestID accepts it, or makes
// one, keeps it in the context
// for the logs and echoes it in the reply so a client can quote it in a bug report.
func RequestIDMiddleware() middleware.Middleware {
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromServerContext(ctx)
			if !ok {
				return next(ctx, req)
			}
			id := tr.RequestHeader().Get(RequestIDHeader)
			if !ValidRequestID(id) {
				id = uuid.NewString()
			}
			tr.ReplyHeader().Set(RequestIDHeader, id)
			return next(ContextWithRequestID(ctx, id), req)
		}
	}
}

// WithContextFields adds the fields every request log line should carry: trace and span ids
// (from OpenTelemetry, set by kratos' tracing middleware) and the request id. They are valuers,
// so they are read from the context given to log.WithContext / log.Helper.WithContext.
func WithContextFields(l klog.Logger) klog.Logger {
	return klog.With(l,
		TraceIDKey, tracing.TraceID(),
		SpanIDKey, tracing.SpanID(),
		"request_id", RequestID(),
	)
}
