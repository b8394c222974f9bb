package bootstrap

import (
	"errors"
	"fmt"

	"github.com/go-kratos/kratos/v2/config"
	klog "github.com/go-kratos/kratos/v2/log"

	"github.com/kratos-monorepo/monorepo/libs/nacos/nacosconfig"
)

// required is the Nacos source of the nacos mode: start-up fails without it, with a reason
// telling a missing data id from an unreachable Nacos.
type required struct{ *nacosconfig.Source }

func (r required) Load() ([]*config.KeyValue, error) {
	kvs, err := r.Source.Load()
	if err != nil && !errors.Is(err, nacosconfig.ErrNotFound) {
		return nil, fmt.Errorf("%w: %w", ErrNacosUnavailable, err)
	}
	return kvs, err
}

// fallback is the Nacos source of the nacos_with_file_fallback mode: when Nacos has nothing
// to say at start, it contributes no values, so the files' values stand. Its watch still
// listens, so Nacos' values apply as soon as Nacos answers.
type fallback struct {
	*nacosconfig.Source
	log    *klog.Helper
	target target
}

func (f fallback) Load() ([]*config.KeyValue, error) {
	kvs, err := f.Source.Load()
	if err != nil {
		f.log.Warnw("msg", "configuration from files: Nacos did not provide it at start",
			"data_id", f.target.dataID, "group", f.target.group, "namespace", f.target.namespace, "error", err)
		return nil, nil
	}
	return kvs, nil
}
