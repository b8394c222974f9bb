package ansible_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
)

// trainingDefaults is the training service's config.yaml, the file its binary embeds as its
// defaults (services/training/service.DefaultConfig). It is read as a data file rather than
// through that package so that this slow test depends on the defaults, not on the service's code:
// under Bazel a change to the training service re-runs it only when config.yaml changes. The
// path is the same in the sources (go test) and in Bazel's runfiles.
const trainingDefaults = "../../services/training/service/config.yaml"

// The keys of the training service's upstreams in its config (services/training/service's
// TrainerUpstream and UserUpstream).
const trainerUpstream, userUpstream = "trainer", "user"

// The services' config loader (libs/conf, which every service's main uses) reads what
// backend.yml renders for the training service: its conf folder (mounted at /data/conf) over
// the service's embedded defaults, and its environment file (docker --env-file). Not parallel:
// the environment file's variables are set with t.Setenv.
func TestTrainingLoadsItsRenderedConfigAndEnvironment(t *testing.T) {
	defaults, err := os.ReadFile(trainingDefaults)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		registry, httpAddr, trainer, user, nacos string
	}{
		{"static", "0.0.0.0:8000", "10.0.0.21:9001", "10.0.0.21:9002", ""},
		{"nacos", "0.0.0.0:8003", "discovery:///trainer.grpc", "discovery:///user.grpc", "localhost:8848"},
	} {
		t.Run(tc.registry, func(t *testing.T) {
			root := t.TempDir()
			renderLocally(t, "backend.yml", root, map[string]any{
				"backend_image_tag":      "1.2.3",
				"backend_jwt_secret":     testJWTSecret,
				"backend_registry":       tc.registry,
				"backend_advertise_host": "10.0.0.21",
				"backend_config":         map[string]any{"training": map[string]any{"log": map[string]any{"level": "debug"}}},
			})
			for _, line := range strings.Split(readFile(t, filepath.Join(root, "etc/kratos-monorepo/training.env")), "\n") {
				if name, value, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
					t.Setenv(name, value)
				}
			}

			bc, c, err := conf.Load(defaults, filepath.Join(root, "etc/kratos-monorepo/training/conf"))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()

			for name, got := range map[string]string{
				"log.level":         bc.GetLog().GetLevel(),
				"auth.jwt_secret":   bc.GetAuth().GetJwtSecret(),
				"server.http.addr":  bc.GetServer().GetHttp().GetAddr(),
				"upstreams.trainer": bc.GetUpstreams()[trainerUpstream].GetEndpoint(),
				"upstreams.user":    bc.GetUpstreams()[userUpstream].GetEndpoint(),
				"registry.kind":     bc.GetRegistry().GetKind(),
			} {
				want := map[string]string{
					"log.level":         "debug",
					"auth.jwt_secret":   testJWTSecret,
					"server.http.addr":  tc.httpAddr,
					"upstreams.trainer": tc.trainer,
					"upstreams.user":    tc.user,
					"registry.kind":     tc.registry,
				}[name]
				if got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			// The service starts on what was rendered: production mode, a secret of its own
			// (the check libs/server's CheckSecret makes at start-up).
			development, err := conf.Development(bc)
			if err == nil {
				err = auth.CheckSecret(bc.GetAuth().GetJwtSecret(), development)
			}
			if err != nil {
				t.Errorf("the service would refuse to start: %v", err)
			}
			if bc.GetMode() != conf.ModeProduction {
				t.Errorf("mode = %q, want %s", bc.GetMode(), conf.ModeProduction)
			}
			// Traces go to Jaeger on the [prometheus] host (localhost in the tests' inventory),
			// every one of them by default.
			if tr := bc.GetTracing(); !tr.GetExport() || tr.GetOtlpEndpoint() != "localhost:4318" || tr.GetSamplingRatio() != 1 {
				t.Errorf("tracing = %v, want export to localhost:4318 at ratio 1", tr)
			}
			if tc.nacos != "" {
				if got := bc.GetRegistry().GetNacos().GetServers(); len(got) != 1 || got[0] != tc.nacos {
					t.Errorf("registry.nacos.servers = %v, want [%s]", got, tc.nacos)
				}
			}
		})
	}
}
