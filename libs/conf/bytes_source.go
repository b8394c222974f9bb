package conf

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/go-kratos/kratos/v2/config"
)

// Bytes is a config source holding one file's content, such as defaults embedded with go:embed.
// Its format is the name's extension.
func Bytes(name string, data []byte) config.Source {
	return bytesSource{name: name, data: data}
}

type bytesSource struct {
	name string
	data []byte
}

func (s bytesSource) Load() ([]*config.KeyValue, error) {
	format := strings.TrimPrefix(filepath.Ext(s.name), ".")
	return []*config.KeyValue{{Key: s.name, Value: s.data, Format: format}}, nil
}

func (s bytesSource) Watch() (config.Watcher, error) { return newStillWatcher(), nil }

// stillWatcher reports no change until it is stopped: embedded bytes never change.
type stillWatcher struct{ stop chan struct{} }

func newStillWatcher() *stillWatcher { return &stillWatcher{stop: make(chan struct{})} }

func (w *stillWatcher) Next() ([]*config.KeyValue, error) {
	<-w.stop
	return nil, context.Canceled
}

func (w *stillWatcher) Stop() error {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	return nil
}
