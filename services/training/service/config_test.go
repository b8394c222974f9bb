package service_test

import (
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/services/training/service"
)

// TestEmbeddedDefaults: the binary runs with no config folder, calling the trainer and user
// services on their local default ports.
func TestEmbeddedDefaults(t *testing.T) {
	bc, c, err := conf.Load(service.DefaultConfig, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := bc.GetServer().GetHttp().GetAddr(); got != "0.0.0.0:8000" {
		t.Errorf("http addr = %q, want 0.0.0.0:8000", got)
	}
	if got := bc.GetServer().GetGrpc().GetAddr(); got != "0.0.0.0:9000" {
		t.Errorf("grpc addr = %q, want 0.0.0.0:9000", got)
	}
	if db := bc.GetData().GetDatabase(); db.GetDriver() != "sqlite" || db.GetSource() != "data/training.db" {
		t.Errorf("database = %v, want sqlite data/training.db", db)
	}
	if got := bc.GetConfig().GetSource(); got != "file" {
		t.Errorf("config source = %q, want file", got)
	}
	for name, endpoint := range map[string]string{service.TrainerUpstream: "127.0.0.1:9001", service.UserUpstream: "127.0.0.1:9002"} {
		up := bc.GetUpstreams()[name]
		if up.GetEndpoint() != endpoint || up.GetTimeout().AsDuration() != 2*time.Second || up.GetRetries() != 0 {
			t.Errorf("upstream %s = %v, want %s, 2s, no retries", name, up, endpoint)
		}
	}
}

// TestUpstreamKeysAreThePlaybooks: deploy/ansible renders the upstreams under these keys, and
// its test (which reads config.yaml as a file so as not to depend on this package) checks them
// by these names.
func TestUpstreamKeysAreThePlaybooks(t *testing.T) {
	if service.TrainerUpstream != "trainer" || service.UserUpstream != "user" {
		t.Errorf("upstream keys %q, %q; deploy/ansible renders trainer and user (update its templates and serviceconfig_test.go)",
			service.TrainerUpstream, service.UserUpstream)
	}
}

// The environment fills the placeholders (APP_ prefix), e.g. to point at Nacos discovery.
func TestEnvironmentOverridesUpstreams(t *testing.T) {
	t.Setenv("APP_TRAINER_GRPC", "discovery:///trainer.grpc")
	t.Setenv("APP_USER_GRPC", "10.0.0.7:9000")
	bc, c, err := conf.Load(service.DefaultConfig, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := bc.GetUpstreams()[service.TrainerUpstream].GetEndpoint(); got != "discovery:///trainer.grpc" {
		t.Errorf("trainer endpoint = %q", got)
	}
	if got := bc.GetUpstreams()[service.UserUpstream].GetEndpoint(); got != "10.0.0.7:9000" {
		t.Errorf("user endpoint = %q", got)
	}
}
