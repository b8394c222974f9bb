package conf

import (
	"fmt"
	"os"

	"github.com/go-kratos/kratos/v2/config"
	"github.com/go-kratos/kratos/v2/config/env"
	"github.com/go-kratos/kratos/v2/config/file"
)

// EnvPrefix marks the environment variables that fill ${NAME:default} placeholders in config
// files: APP_HTTP_ADDR fills ${HTTP_ADDR:...}.
const EnvPrefix = "APP_"

// Load reads a Bootstrap from, in increasing precedence: the defaults embedded in the binary,
// the YAML/JSON files in dir (skipped when dir is empty), then extra sources (Nacos). It returns
// the kratos config too, for watching values that may change at run time; close it when done.
func Load(defaults []byte, dir string, extra ...config.Source) (*Bootstrap, config.Config, error) {
	sources := []config.Source{Bytes("defaults.yaml", defaults)}
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrConfigDir, err)
		}
		sources = append(sources, file.NewSource(dir))
	}
	sources = append(sources, extra...)
	sources = append(sources, env.NewSource(EnvPrefix))

	c := config.New(config.WithSource(sources...))
	if err := c.Load(); err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("%w: %w", ErrConfigLoad, err)
	}
	var bc Bootstrap
	if err := c.Scan(&bc); err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("%w: %w", ErrConfigLoad, err)
	}
	return &bc, c, nil
}
