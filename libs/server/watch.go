package server

import (
	"errors"

	"github.com/go-kratos/kratos/v2/config"
	klog "github.com/go-kratos/kratos/v2/log"
)

// LogLevelKey is the config key of the log level, the value a running service follows.
const LogLevelKey = "log.level"

// WatchConfig applies changes of c's live values to the running service. Live: log.level
// (a level the logger refuses is logged and the current one kept). Everything else (listen
// addresses, database, JWT secret, registry, upstreams, hours) is read once at start and needs
// a restart. A key c does not hold at all is not followed.
func (b *Base) WatchConfig(c config.Config) error {
	logs := klog.NewHelper(b.Logger)
	err := c.Watch(LogLevelKey, func(_ string, v config.Value) {
		level, err := v.String()
		if err == nil {
			err = b.Logger.SetLevel(level)
		}
		if err != nil {
			logs.Warnw("msg", "log level not changed", "level", v.Load(), "error", err)
			return
		}
		logs.Infow("msg", "log level changed", "level", level)
	})
	if errors.Is(err, config.ErrNotFound) {
		return nil
	}
	return err
}
