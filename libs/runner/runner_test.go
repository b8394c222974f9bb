package runner_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-kratos/kratos/v2"
	"github.com/go-kratos/kratos/v2/config"
	klog "github.com/go-kratos/kratos/v2/log"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/runner"
)

const defaults = "server:\n  http:\n    addr: 127.0.0.1:0\n"

type fakeService struct{ closed, watched bool }

func (f *fakeService) WatchConfig(config.Config) error     { f.watched = true; return nil }
func (f *fakeService) Kratos(...kratos.Option) *kratos.App { panic("not served in these tests") }
func (f *fakeService) Close()                              { f.closed = true }
func (f *fakeService) ServiceLogger() klog.Logger          { return klog.DefaultLogger }

func TestVersionPrintsAndBuildsNothing(t *testing.T) {
	var out bytes.Buffer
	build := func(context.Context, *conf.Bootstrap, string) (*fakeService, error) {
		t.Fatal("built the service for -version")
		return nil, nil
	}
	if err := runner.Run([]string{"-version"}, &out, "user", []byte(defaults), "1.2.3", build); err != nil {
		t.Fatal(err)
	}
	if out.String() != "user 1.2.3\n" {
		t.Errorf("-version printed %q", out.String())
	}
}

func TestMigrateBuildsWithTheConfigThenCloses(t *testing.T) {
	svc := &fakeService{}
	var seen string
	build := func(_ context.Context, bc *conf.Bootstrap, _ string) (*fakeService, error) {
		seen = bc.GetServer().GetHttp().GetAddr()
		return svc, nil
	}
	if err := runner.Run([]string{"-migrate"}, nil, "user", []byte(defaults), "v", build); err != nil {
		t.Fatal(err)
	}
	if seen != "127.0.0.1:0" || !svc.closed || svc.watched {
		t.Errorf("config addr %q, closed %v, watched %v; want the defaults, closed, not served", seen, svc.closed, svc.watched)
	}
}

func TestStartUpErrorsAreReturned(t *testing.T) {
	failing := errors.New("storage refused")
	build := func(context.Context, *conf.Bootstrap, string) (*fakeService, error) { return nil, failing }
	if err := runner.Run(nil, nil, "user", []byte(defaults), "v", build); !errors.Is(err, failing) {
		t.Errorf("build error: got %v", err)
	}
	missing := filepath.Join(t.TempDir(), "missing")
	if err := runner.Run([]string{"-conf", missing}, nil, "user", []byte(defaults), "v", build); !errors.Is(err, conf.ErrConfigDir) {
		t.Errorf("missing -conf folder: got %v, want ErrConfigDir", err)
	}
}

// commanderService offers one operator command.
type commanderService struct{ fakeService }

func (c *commanderService) Commands() map[string]runner.Command {
	return map[string]runner.Command{"hello": func(_ context.Context, out io.Writer) error {
		_, err := io.WriteString(out, "hello from the service\n")
		return err
	}}
}

func TestRunRunsAnOperatorCommandThenCloses(t *testing.T) {
	svc := &commanderService{}
	build := func(context.Context, *conf.Bootstrap, string) (*commanderService, error) { return svc, nil }
	var out bytes.Buffer
	if err := runner.Run([]string{"-run", "hello"}, &out, "training", []byte(defaults), "v", build); err != nil {
		t.Fatal(err)
	}
	if out.String() != "hello from the service\n" || !svc.closed || svc.watched {
		t.Errorf("printed %q, closed %v, watched %v; want the command's output, closed, not served", out.String(), svc.closed, svc.watched)
	}
	err := runner.Run([]string{"-run", "nope"}, &out, "training", []byte(defaults), "v", build)
	if err == nil || !strings.Contains(err.Error(), `no operator command "nope" (this service has: hello)`) {
		t.Errorf("unknown command: %v", err)
	}
}

func TestHelpPrintsTheUsageAndBuildsNothing(t *testing.T) {
	build := func(context.Context, *conf.Bootstrap, string) (*fakeService, error) {
		t.Fatal("built the service for -help")
		return nil, nil
	}
	if err := runner.Run([]string{"-help"}, io.Discard, "user", []byte(defaults), "1.2.3", build); err != nil {
		t.Errorf("-help = %v, want the usage and no error", err)
	}
	if err := runner.Run([]string{"-nope"}, io.Discard, "user", []byte(defaults), "1.2.3", build); err == nil {
		t.Error("-nope succeeded")
	}
}
