package decorator

import (
	"context"
	"time"
)

type commandMetrics[C any] struct {
	client MetricsClient
	base   CommandHandler[C]
}

func (d commandMetrics[C]) Handle(ctx context.Context, cmd C) error {
	start := time.Now()
	err := d.base.Handle(ctx, cmd)
	d.client.ObserveHandler(KindCommand, HandlerName(cmd), time.Since(start), err)
	return err
}

type queryMetrics[Q any, R any] struct {
	client MetricsClient
	base   QueryHandler[Q, R]
}

func (d queryMetrics[Q, R]) Handle(ctx context.Context, q Q) (R, error) {
	start := time.Now()
	result, err := d.base.Handle(ctx, q)
	d.client.ObserveHandler(KindQuery, HandlerName(q), time.Since(start), err)
	return result, err
}
