package server

import (
	"context"
	"time"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	klog "github.com/go-kratos/kratos/v2/log"
	"github.com/go-kratos/kratos/v2/middleware"
	"github.com/go-kratos/kratos/v2/transport"
)

// requestLog logs one line per request: transport, operation, status code, reason and latency.
// Unlike kratos' logging middleware it does not log arguments (they may carry personal data)
// and picks the level by who is at fault: info for success, warn for a client's mistake (4xx),
// error for the system's (5xx).
func requestLog(logger klog.Logger) middleware.Middleware {
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			start := time.Now()
			reply, err := next(ctx, req)
			kind, operation := "", ""
			if tr, ok := transport.FromServerContext(ctx); ok {
				kind, operation = string(tr.Kind()), tr.Operation()
			}
			code, reason, level := int32(200), "", klog.LevelInfo
			if isHealthCheck(operation) {
				// Probes and load balancers ask every few seconds: at info they would be most
				// of the log. A failing check still logs at warn or error.
				level = klog.LevelDebug
			}
			if err != nil {
				e := kerrors.FromError(err)
				code, reason, level = e.Code, e.Reason, klog.LevelWarn
				if code >= 500 {
					level = klog.LevelError
				}
			}
			_ = klog.WithContext(ctx, logger).Log(level,
				"msg", "request", "kind", kind, "operation", operation,
				"code", code, "reason", reason, "latency", time.Since(start).Seconds())
			return reply, err
		}
	}
}

func isHealthCheck(operation string) bool {
	for _, op := range healthOperations {
		if op == operation {
			return true
		}
	}
	return false
}
