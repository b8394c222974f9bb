// Package nacos is a kratos config.Source reading one Nacos configuration (data id + group, in
// the namespace of the SDK client) and following its changes, so values that may change at
// run time reload without a restart.
package nacosconfig

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/go-kratos/kratos/v2/config"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/config_client"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// Errors of the source.
var (
	ErrNoDataID = errs.Invalid("config-no-data-id", "the Nacos config source needs a data id")
	ErrNotFound = errs.NotFound("config-not-found", "the configuration does not exist in Nacos")
)

// Option configures a Source.
type Option func(*Source)

// WithGroup reads the data id from a Nacos group; DEFAULT_GROUP when not set.
func WithGroup(group string) Option { return func(s *Source) { s.group = group } }

// WithFormat names the encoding kratos decodes the content with ("yaml", "json", ...); by
// default the data id's extension ("trainer.yaml" is yaml).
func WithFormat(format string) Option { return func(s *Source) { s.format = format } }

// Source is one Nacos configuration as a kratos config.Source.
type Source struct {
	cli    config_client.IConfigClient
	dataID string
	group  string
	format string
}

var _ config.Source = (*Source)(nil)

// New reads dataID through cli (see libs/nacos.Config), whose namespace it uses.
func New(cli config_client.IConfigClient, dataID string, opts ...Option) (*Source, error) {
	if strings.TrimSpace(dataID) == "" {
		return nil, ErrNoDataID
	}
	s := &Source{cli: cli, dataID: dataID, group: "DEFAULT_GROUP"}
	for _, o := range opts {
		o(s)
	}
	if s.format == "" {
		s.format = strings.TrimPrefix(filepath.Ext(dataID), ".")
	}
	return s, nil
}

// Load reads the current content. A configuration that does not exist is ErrNotFound (Nacos
// refuses empty content, so empty means missing), so a service fails fast or falls back to
// its file as its config says.
func (s *Source) Load() ([]*config.KeyValue, error) {
	content, err := s.cli.GetConfig(vo.ConfigParam{DataId: s.dataID, Group: s.group})
	if err != nil {
		return nil, err
	}
	if content == "" {
		return nil, ErrNotFound
	}
	return s.keyValues(content), nil
}

func (s *Source) keyValues(content string) []*config.KeyValue {
	return []*config.KeyValue{{Key: s.dataID, Value: []byte(content), Format: s.format}}
}

// Watch listens for changes Nacos pushes.
func (s *Source) Watch() (config.Watcher, error) {
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{src: s, ctx: ctx, cancel: cancel, changes: make(chan string, 1)}
	err := s.cli.ListenConfig(vo.ConfigParam{DataId: s.dataID, Group: s.group, OnChange: w.onChange})
	if err != nil {
		cancel()
		return nil, err
	}
	return w, nil
}

type watcher struct {
	src     *Source
	ctx     context.Context
	cancel  context.CancelFunc
	changes chan string
}

// onChange keeps only the newest content: kratos reloads the whole source anyway.
func (w *watcher) onChange(_, _, _, content string) {
	for {
		select {
		case w.changes <- content:
			return
		case <-w.ctx.Done():
			return
		default:
			select {
			case <-w.changes: // drop the older pending content
			default:
			}
		}
	}
}

func (w *watcher) Next() ([]*config.KeyValue, error) {
	select {
	case <-w.ctx.Done():
		return nil, w.ctx.Err()
	case content := <-w.changes:
		return w.src.keyValues(content), nil
	}
}

func (w *watcher) Stop() error {
	w.cancel()
	return w.src.cli.CancelListenConfig(vo.ConfigParam{DataId: w.src.dataID, Group: w.src.group})
}
