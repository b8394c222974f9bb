package decorator

import (
	"context"

	"go.uber.org/zap"
)

// CommandFunc is a command handler written as a function; the handler's dependencies are the
// constructor's parameters it closes over, so a use case needs no handler struct of its own.
type CommandFunc[C any] func(ctx context.Context, cmd C) error

// Handle calls f.
func (f CommandFunc[C]) Handle(ctx context.Context, cmd C) error { return f(ctx, cmd) }

// QueryFunc is a query handler written as a function, as CommandFunc is for commands.
type QueryFunc[Q any, R any] func(ctx context.Context, q Q) (R, error)

// Handle calls f.
func (f QueryFunc[Q, R]) Handle(ctx context.Context, q Q) (R, error) { return f(ctx, q) }

// Command is what every command handler's constructor returns: it stops start-up when one of
// deps is nil (Require, under the command's type name) and wraps handle with the decorators.
//
//	return decorator.Command(func(ctx context.Context, cmd ArchiveItem) error {
//		return items.Archive(ctx, cmd.ID)
//	}, logger, metrics, items)
func Command[C any](handle func(ctx context.Context, cmd C) error, logger *zap.Logger, m MetricsClient, deps ...any) CommandHandler[C] {
	Require(HandlerName(*new(C)), deps...)
	return ApplyCommandDecorators[C](CommandFunc[C](handle), logger, m)
}

// Query is Command for queries.
func Query[Q any, R any](handle func(ctx context.Context, q Q) (R, error), logger *zap.Logger, m MetricsClient, deps ...any) QueryHandler[Q, R] {
	Require(HandlerName(*new(Q)), deps...)
	return ApplyQueryDecorators[Q, R](QueryFunc[Q, R](handle), logger, m)
}
