package bootstrap_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/conf/bootstrap"
	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

// Containers switch to Nacos by environment alone, through placeholders in the embedded
// defaults. Not parallel: it sets environment variables.
func TestEnvironmentSwitchesTheModeThroughPlaceholders(t *testing.T) {
	srv := nacostest.Start(t)
	srv.Publish("", "DEFAULT_GROUP", "trainer.yaml", nacosValues)
	t.Setenv("APP_CONFIG_SOURCE", "nacos")
	t.Setenv("APP_NACOS_ADDR", addr(srv))
	withPlaceholders := defaults + `
config:
  source: ${CONFIG_SOURCE:file}
registry:
  kind: ${REGISTRY:static}
  nacos:
    servers: ["${NACOS_ADDR:127.0.0.1:8848}"]
`
	bc, c, err := bootstrap.Load("trainer", []byte(withPlaceholders), "", sdkDir(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := hours(bc); got != [2]int32{9, 20} {
		t.Errorf("earliest, latest hour = %v, want Nacos' earliest over the defaults", got)
	}
	if got := bc.GetRegistry().GetNacos().GetServers(); len(got) != 1 || got[0] != addr(srv) {
		t.Errorf("registry.nacos.servers = %v, want APP_NACOS_ADDR", got)
	}
}
