package tracing_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/conf"
)

// The services' config.yaml fill the tracing section's endpoint and ratio from APP_* variables
// (a placeholder cannot fill a bool: export is turned on by a -conf file).
const tracingYAML = `tracing:
  export: false
  otlp_endpoint: ${OTLP_ENDPOINT:127.0.0.1:4318}
  sampling_ratio: ${TRACING_SAMPLING_RATIO:1}
`

func TestTracingPlaceholdersTakeTheEnvironment(t *testing.T) {
	bc, c, err := conf.Load([]byte(tracingYAML), "")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if tr := bc.GetTracing(); tr.GetExport() || tr.GetOtlpEndpoint() != "127.0.0.1:4318" || tr.SamplingRatio == nil || tr.GetSamplingRatio() != 1 {
		t.Errorf("defaults: %v", tr)
	}
	t.Setenv("APP_OTLP_ENDPOINT", "10.0.0.1:4318")
	t.Setenv("APP_TRACING_SAMPLING_RATIO", "0.25")
	bc, c, err = conf.Load([]byte(tracingYAML), "")
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if tr := bc.GetTracing(); tr.GetOtlpEndpoint() != "10.0.0.1:4318" || tr.GetSamplingRatio() != 0.25 {
		t.Errorf("from the environment: %v", tr)
	}
}
