// Package bootstrap loads a service's configuration in the mode its config section names, so
// a deployment switches between files and Nacos by configuration alone. Composition roots call
// Load instead of conf.Load; libs/conf itself stays free of the Nacos SDK.
//
// The modes (config.source; see the Config message in libs/conf/conf.proto), each source
// overriding the ones before it key by key:
//
//	file (default)            embedded defaults, -conf files. Nacos is not contacted.
//	nacos                     embedded defaults, the Nacos data id. The -conf files only say
//	                          where Nacos is. Start-up fails when Nacos cannot be reached
//	                          (ErrNacosUnavailable) or lacks the data id (nacosconfig.ErrNotFound).
//	nacos_with_file_fallback  embedded defaults, -conf files, the Nacos data id. Keys Nacos
//	                          lacks keep the files' values. When Nacos cannot be reached at
//	                          start or lacks the data id, the service starts on the files'
//	                          values (a warning is logged) and takes Nacos' values once Nacos
//	                          answers (its listener keeps running).
//
// In every mode APP_* environment variables fill ${NAME:default} placeholders in any source.
// The config and registry sections are bootstrap sections in every mode: they come from the
// defaults and the files, never from Nacos, because they say where Nacos is.
// The Nacos SDK keeps a snapshot of each configuration it read (in WithSDKDir); when Nacos
// cannot be reached, the SDK answers from that snapshot, which counts as Nacos answering.
//
// The returned kratos config follows changes of the files and of Nacos while the service runs;
// a change is merged over the values held (kratos' merge), so a key deleted from Nacos keeps
// its last value until a restart, and in nacos_with_file_fallback an edited -conf file wins
// over Nacos for the keys it holds until Nacos changes them again or the service restarts. Which values a running service applies is up to the code watching them:
// libs/server applies log.level; everything else is read once at start.
package bootstrap

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-kratos/kratos/v2/config"
	klog "github.com/go-kratos/kratos/v2/log"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/nacos"
	"github.com/kratos-monorepo/monorepo/libs/nacos/nacosconfig"
)

// Errors of a configuration that cannot be loaded in its mode.
var (
	ErrUnknownSource = errs.Invalid("config-unknown-source",
		"config.source must be file, nacos or nacos_with_file_fallback")
	ErrNacosUnavailable = errs.New(errs.KindInternal, "config-nacos-unavailable",
		"the configuration cannot be read from Nacos")
)

// Option configures Load.
type Option func(*options)

type options struct {
	sdkDir string
	logger klog.Logger
}

// WithSDKDir is where the Nacos SDK keeps its log and configuration snapshots;
// os.TempDir()/nacos when not set.
func WithSDKDir(dir string) Option { return func(o *options) { o.sdkDir = dir } }

// WithLogger hears why the fallback mode started on the files' values; kratos' global logger
// when not set (the service's own logger is built from the configuration loaded here).
func WithLogger(l klog.Logger) Option { return func(o *options) { o.logger = l } }

// Load reads the Bootstrap of the service called name from its embedded defaults, the files
// in dir (none when empty), the environment and, per config.source, Nacos. It returns the
// kratos config too, for watching values at run time; close it when the service stops.
func Load(name string, defaults []byte, dir string, opts ...Option) (*conf.Bootstrap, config.Config, error) {
	o := options{sdkDir: filepath.Join(os.TempDir(), "nacos"), logger: klog.GetLogger()}
	for _, opt := range opts {
		opt(&o)
	}
	bc, c, err := conf.Load(defaults, dir)
	if err != nil {
		return nil, nil, err
	}
	mode := bc.GetConfig().GetSource()
	switch mode {
	case "", conf.SourceFile:
		return bc, c, nil
	case conf.SourceNacos, conf.SourceNacosWithFileFallback:
	default:
		_ = c.Close()
		return nil, nil, fmt.Errorf("%w: %q", ErrUnknownSource, mode)
	}
	// The bootstrap sections are read; the config of this mode is built anew below.
	_ = c.Close()

	target := nacosTarget(name, bc)
	cli, err := nacos.Config(target.client(o.sdkDir))
	if err != nil {
		return nil, nil, err
	}
	src, err := nacosconfig.New(cli, target.dataID, nacosconfig.WithGroup(target.group))
	if err != nil {
		cli.CloseClient()
		return nil, nil, err
	}
	var final *conf.Bootstrap
	if mode == conf.SourceNacos {
		final, c, err = conf.Load(defaults, "", required{src})
	} else {
		final, c, err = conf.Load(defaults, dir, fallback{Source: src, log: klog.NewHelper(o.logger), target: target})
	}
	if err != nil {
		cli.CloseClient()
		return nil, nil, err
	}
	final.Config, final.Registry = bc.GetConfig(), bc.GetRegistry()
	return final, closingConfig{Config: c, closeClient: cli.CloseClient}, nil
}

// closingConfig closes the SDK client after the config's watchers stopped using it.
type closingConfig struct {
	config.Config
	closeClient func()
}

func (c closingConfig) Close() error {
	err := c.Config.Close()
	c.closeClient()
	return err
}
