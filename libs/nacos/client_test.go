package nacos_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/nacos-group/nacos-sdk-go/v2/vo"

	"github.com/kratos-monorepo/monorepo/libs/nacos"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

func TestBadServerListsAreNamedErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		servers []string
		want    error
	}{
		{"none", nil, nacos.ErrNoServers},
		{"no port", []string{"nacos"}, nacos.ErrBadServerAddr},
		{"port zero", []string{"nacos:0"}, nacos.ErrBadServerAddr},
		{"no host", []string{":8848"}, nacos.ErrBadServerAddr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := nacos.Naming(nacos.Options{Servers: tt.servers}); !errors.Is(err, tt.want) {
				t.Errorf("Naming: err = %v, want %v", err, tt.want)
			}
			if _, err := nacos.Config(nacos.Options{Servers: tt.servers}); !errors.Is(err, tt.want) {
				t.Errorf("Config: err = %v, want %v", err, tt.want)
			}
		})
	}
}

// The clients reach the server through the HTTP address plus Nacos' fixed gRPC offset.
func TestClientsReachTheServerOnTheGRPCOffset(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	opts := nacos.Options{
		Servers: []string{"127.0.0.1:" + strconv.FormatUint(srv.ServerConfig().Port, 10)},
		Dir:     filepath.Join(os.TempDir(), "nacosclient-test"), LogLevel: "error",
	}
	cfg, err := nacos.Config(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer cfg.CloseClient()
	if ok, err := cfg.PublishConfig(vo.ConfigParam{DataId: "probe", Group: "g", Content: "1"}); err != nil || !ok {
		t.Fatalf("publish through the client: ok=%v err=%v", ok, err)
	}
	if got, ok := srv.Config("", "g", "probe"); !ok || got != "1" {
		t.Fatalf("server holds %q %v", got, ok)
	}
}
