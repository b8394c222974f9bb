package logtest_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/libs/testing/logtest"
)

func TestParseReadsBothFormats(t *testing.T) {
	for _, env := range []string{log.EnvProduction, log.EnvDevelopment} {
		var out bytes.Buffer
		l, err := log.New(log.Options{Service: "trainer", Env: env, Output: &out})
		if err != nil {
			t.Fatal(err)
		}
		l.Zap().Warn("hour refused")
		e, err := logtest.Parse(strings.TrimSuffix(out.String(), "\n"))
		if err != nil {
			t.Fatalf("%s: %v: %q", env, err, out.String())
		}
		if e.Level != "warn" || e.Message != "hour refused" || e.Service() != "trainer" {
			t.Errorf("%s: got %+v", env, e)
		}
	}
	for _, line := range []string{"DEBUG msg=config loaded: defaults.yaml format: yaml", "{not json", ""} {
		if _, err := logtest.Parse(line); err == nil {
			t.Errorf("Parse(%q) accepted a line outside libs/log's formats", line)
		}
	}
}
