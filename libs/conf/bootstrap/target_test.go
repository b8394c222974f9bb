package bootstrap

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/conf"
)

// A Nacos with authentication on needs the account in every client the service makes: the
// config client takes registry.nacos' account unless config.nacos names its own.
func TestNacosAccountReachesTheConfigClient(t *testing.T) {
	registry := &conf.Registry{Nacos: &conf.Nacos{Servers: []string{"10.0.0.5:8848"}, Username: "svc", Password: "from-registry"}}
	tests := []struct {
		name               string
		config             *conf.ConfigNacos
		wantUser, wantPass string
	}{
		{"registry's account", &conf.ConfigNacos{}, "svc", "from-registry"},
		{"config's own account", &conf.ConfigNacos{Username: "cfg", Password: "own"}, "cfg", "own"},
	}
	for _, tt := range tests {
		bc := &conf.Bootstrap{Registry: registry, Config: &conf.Config{Nacos: tt.config}}
		got := nacosTarget("user", bc).client(t.TempDir())
		if got.Username != tt.wantUser || got.Password != tt.wantPass {
			t.Errorf("%s: client account %q/%q, want %q/%q", tt.name, got.Username, got.Password, tt.wantUser, tt.wantPass)
		}
	}
	none := nacosTarget("user", &conf.Bootstrap{Registry: &conf.Registry{Nacos: &conf.Nacos{Servers: []string{"10.0.0.5:8848"}}}}).client("")
	if none.Username != "" || none.Password != "" {
		t.Errorf("no account configured, yet the client logs in as %q", none.Username)
	}
}
