package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	"github.com/kratos-monorepo/monorepo/services/trainer/service"
)

func TestEmbeddedDefaults(t *testing.T) {
	bc, c, err := conf.Load(service.DefaultConfig, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	h := settingsOf(t, bc).GetHours()
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
	if got := settingsOf(t, bc).GetHours().GetEarliestHour(); got != 6 {
		t.Errorf("earliest hour = %d, want 6", got)
	}
	if got := bc.GetServer().GetHttp().GetAddr(); got != "127.0.0.1:18000" {
		t.Errorf("http addr = %q, want 127.0.0.1:18000", got)
	}
}

// The image runs on the embedded defaults: bounded HTTP requests, no admin gRPC services.
func TestEmbeddedDefaultsBoundRequestsAndHideAdminServices(t *testing.T) {
	bc, c, err := conf.Load(service.DefaultConfig, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	l := bc.GetServer().GetHttpLimits()
	if l.GetMaxBodyBytes() != 1<<20 || l.GetMaxHeaderBytes() != 64<<10 {
		t.Errorf("max body/header bytes = %d/%d, want 1 MiB/64 KiB", l.GetMaxBodyBytes(), l.GetMaxHeaderBytes())
	}
	for name, d := range map[string]time.Duration{
		"read_header_timeout": l.GetReadHeaderTimeout().AsDuration(), "read_timeout": l.GetReadTimeout().AsDuration(),
		"write_timeout": l.GetWriteTimeout().AsDuration(), "idle_timeout": l.GetIdleTimeout().AsDuration(),
	} {
		if d <= 0 {
			t.Errorf("%s = %v, want a positive timeout", name, d)
		}
	}
	if bc.GetServer().GetGrpcAdmin() {
		t.Error("grpc_admin is on by default")
	}
	if bc.GetMode() != "production" {
		t.Errorf("mode = %q, want production", bc.GetMode())
	}
	if got := settingsOf(t, bc).GetHours().GetMaxPerRequest(); got != 168 {
		t.Errorf("hours.max_per_request = %d, want 168", got)
	}
}

// On its embedded defaults the service refuses the published development keys, saying how to
// set keys; development mode (tools/local) or keys of its own start it.
func TestTheEmbeddedKeysStartOnlyInDevelopmentMode(t *testing.T) {
	build := func() error {
		bc, c, err := conf.Load(service.DefaultConfig, "")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		bc.Server = servicetest.Listeners()
		bc.Data.Database = sqliteIn(t.TempDir())
		svc, err := service.New(context.Background(), bc, "test")
		if err == nil {
			svc.Close()
		}
		return err
	}
	if err := build(); !errors.Is(err, auth.ErrPublicKey) || !strings.Contains(err.Error(), "APP_USER_KEY") {
		t.Errorf("on the defaults: error = %v, want ErrPublicKey naming APP_USER_KEY", err)
	}
	t.Setenv("APP_MODE", "development")
	if err := build(); err != nil {
		t.Errorf("in development mode: %v", err)
	}
	t.Setenv("APP_MODE", "production")
	t.Setenv("APP_USER_KEY", authtest.UserKey.Public().String())
	if err := build(); !errors.Is(err, auth.ErrPublicKey) {
		t.Errorf("still trusting the development service key: %v, want ErrPublicKey", err)
	}
	t.Setenv("APP_TRAINING_SERVICE_KEY", authtest.TrainingKey.Public().String())
	if err := build(); err != nil {
		t.Errorf("with keys of its own: %v", err)
	}
}

func settingsOf(t *testing.T, bc *conf.Bootstrap) *service.Settings {
	t.Helper()
	var s service.Settings
	if err := conf.DecodeSettings(bc, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// A misspelt setting stops start-up instead of silently keeping its default.
func TestAnUnknownSettingStopsStartUp(t *testing.T) {
	bc, c, err := conf.Load(service.DefaultConfig, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	bc.Settings.Fields["hours"].GetStructValue().Fields["earliest_hours"] = structpb.NewNumberValue(7)
	_, err = service.New(context.Background(), bc, "test")
	if !errors.Is(err, conf.ErrSettingsInvalid) {
		t.Fatalf("New() = %v, want %v", err, conf.ErrSettingsInvalid)
	}
}
