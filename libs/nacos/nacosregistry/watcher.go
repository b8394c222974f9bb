package nacosregistry

import (
	"context"
	"sync"

	"github.com/go-kratos/kratos/v2/registry"
	"github.com/nacos-group/nacos-sdk-go/v2/model"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"
)

// watcher turns the SDK's subscribe callbacks (pushed by Nacos) into kratos' blocking Next.
type watcher struct {
	ctx     context.Context
	cancel  context.CancelFunc
	reg     *Registry
	name    string
	param   *vo.SubscribeParam
	changed chan struct{}

	mu     sync.Mutex
	latest []*registry.ServiceInstance
	first  bool
}

// Watch subscribes to a Nacos service such as "trainer.grpc". The first Next returns the
// current instances; later ones block until Nacos pushes a change.
func (r *Registry) Watch(ctx context.Context, name string) (registry.Watcher, error) {
	ctx, cancel := context.WithCancel(ctx)
	w := &watcher{ctx: ctx, cancel: cancel, reg: r, name: name, changed: make(chan struct{}, 1), first: true}
	// The SDK finds the callback to remove by the address of this field, so the same param
	// value must go to Unsubscribe.
	w.param = &vo.SubscribeParam{ServiceName: name, GroupName: r.opts.group, SubscribeCallback: w.onPush}
	if err := r.cli.Subscribe(w.param); err != nil {
		cancel()
		return nil, err
	}
	return w, nil
}

func (w *watcher) onPush(hosts []model.Instance, err error) {
	if err != nil {
		return
	}
	instances := toInstances(w.name, hosts)
	w.mu.Lock()
	w.latest = instances
	w.first = false
	w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default: // a change is already pending; Next will read the newest list anyway
	}
}

func (w *watcher) Next() ([]*registry.ServiceInstance, error) {
	w.mu.Lock()
	first := w.first
	w.first = false
	w.mu.Unlock()
	if first {
		return w.reg.GetService(w.ctx, w.name)
	}
	select {
	case <-w.ctx.Done():
		return nil, w.ctx.Err()
	case <-w.changed:
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.latest, nil
}

func (w *watcher) Stop() error {
	w.cancel()
	return w.reg.cli.Unsubscribe(w.param)
}
