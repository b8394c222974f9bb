package service_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/services/trainer/service"
)

func TestEmbeddedDefaults(t *testing.T) {
	bc, c, err := conf.Load(service.DefaultConfig, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	h := bc.GetHours()
	if h.GetEarliestHour() != 8 || h.GetLatestHour() != 20 || h.GetMaxWeeksAhead() != 6 {
		t.Errorf("hours = %v, want 8..20 UTC, 6 weeks ahead", h)
	}
	if got := bc.GetServer().GetHttp().GetAddr(); got != "0.0.0.0:8000" {
		t.Errorf("http addr = %q, want 0.0.0.0:8000", got)
	}
	if got := bc.GetServer().GetGrpc().GetAddr(); got != "0.0.0.0:9000" {
		t.Errorf("grpc addr = %q, want 0.0.0.0:9000", got)
	}
	if got := bc.GetConfig().GetSource(); got != "file" {
		t.Errorf("config source = %q, want file", got)
	}
	if db := bc.GetData().GetDatabase(); db.GetDriver() != "sqlite" || db.GetSource() != "data/trainer.db" {
		t.Errorf("database = %v, want sqlite data/trainer.db", db)
	}
}

// The environment overrides the defaults through the placeholders (APP_ prefix).
func TestEnvironmentOverridesHoursAndAddresses(t *testing.T) {
	t.Setenv("APP_HOURS_EARLIEST", "6")
	t.Setenv("APP_HTTP_ADDR", "127.0.0.1:18000")
	bc, c, err := conf.Load(service.DefaultConfig, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := bc.GetHours().GetEarliestHour(); got != 6 {
		t.Errorf("earliest hour = %d, want 6", got)
	}
	if got := bc.GetServer().GetHttp().GetAddr(); got != "127.0.0.1:18000" {
		t.Errorf("http addr = %q, want 127.0.0.1:18000", got)
	}
}
