package ansible_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
)

// defaultsOf is a service's config.yaml, the file its binary embeds as its defaults
// (services/<name>/service.DefaultConfig). It is read as a data file rather than through the
// service's package so that this slow test depends on the defaults, not on the services' code:
// under Bazel a change to a service re-runs it only when its config.yaml changes. The path is
// the same in the sources (go test) and in Bazel's runfiles.
func defaultsOf(t *testing.T, service string) []byte {
	t.Helper()
	defaults, err := os.ReadFile("../../services/" + service + "/service/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return defaults
}

// The keys of the training service's upstreams in its config (services/training/service's
// TrainerUpstream and UserUpstream).
const trainerUpstream, userUpstream = "trainer", "user"

// loadRendered is what the service's config loader (libs/conf, which every service's main
// uses) reads from what backend.yml rendered for it: its conf folder (mounted at /data/conf)
// over its embedded defaults, and its environment file (docker --env-file). It runs in a
// subtest, so the environment file's variables (t.Setenv) stay out of the next service's load.
func loadRendered(t *testing.T, root, service string) *conf.Bootstrap {
	t.Helper()
	var bc *conf.Bootstrap
	t.Run("load "+service, func(t *testing.T) {
		for _, line := range strings.Split(readFile(t, filepath.Join(root, "etc/kratos-monorepo", service+".env")), "\n") {
			if name, value, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
				t.Setenv(name, value)
			}
		}
		loaded, c, err := conf.Load(defaultsOf(t, service), filepath.Join(root, "etc/kratos-monorepo", service, "conf"))
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		bc = loaded
	})
	if bc == nil {
		t.FailNow()
	}
	return bc
}

// Not parallel: the environment files' variables are set with t.Setenv.
func TestTrainingLoadsItsRenderedConfigAndEnvironment(t *testing.T) {
	for _, tc := range []struct {
		registry, httpAddr, trainer, user, nacos string
		// The Nacos account and the shared PostgreSQL's password ("": none, SQLite).
		nacosUser, dbPassword string
	}{
		{"static", "0.0.0.0:8000", "10.0.0.21:9001", "10.0.0.21:9002", "", "", ""},
		{"nacos", "10.0.0.21:8003", "discovery:///trainer.grpc", "discovery:///user.grpc", "localhost:8848", "", ""},
		{"nacos", "10.0.0.21:8003", "discovery:///trainer.grpc", "discovery:///user.grpc", "localhost:8848", "svc", "db pass/with:odd@chars"},
	} {
		t.Run(tc.registry+"/account="+tc.nacosUser, func(t *testing.T) {
			root := t.TempDir()
			vars := map[string]any{
				"backend_registry":       tc.registry,
				"backend_advertise_host": "10.0.0.21",
				"backend_config":         map[string]any{"training": map[string]any{"log": map[string]any{"level": "debug"}}},
			}
			if tc.nacosUser != "" {
				vars["nacos_username"], vars["nacos_password"] = tc.nacosUser, "nacos-secret"
			}
			if tc.dbPassword != "" {
				vars["backend_database"], vars["backend_db_password"] = "postgres", tc.dbPassword
			}
			renderLocally(t, "backend.yml", root, backendVars(t, vars))
			bc := loadRendered(t, root, "training")
			for name, got := range map[string]string{
				"log.level":          bc.GetLog().GetLevel(),
				"server.http.addr":   bc.GetServer().GetHttp().GetAddr(),
				"upstreams.trainer":  bc.GetUpstreams()[trainerUpstream].GetEndpoint(),
				"upstreams.user":     bc.GetUpstreams()[userUpstream].GetEndpoint(),
				"registry.kind":      bc.GetRegistry().GetKind(),
				"auth.user_keys_url": bc.GetAuth().GetUserKeysUrl(),
			} {
				want := map[string]string{
					"log.level":          "debug",
					"server.http.addr":   tc.httpAddr,
					"upstreams.trainer":  tc.trainer,
					"upstreams.user":     tc.user,
					"registry.kind":      tc.registry,
					"auth.user_keys_url": "http://10.0.0.21:8002/.well-known/jwks.json",
				}[name]
				if got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if bc.GetMode() != conf.ModeProduction {
				t.Errorf("mode = %q, want %s", bc.GetMode(), conf.ModeProduction)
			}
			wantUser, wantPass := "", ""
			if tc.nacosUser != "" {
				wantUser, wantPass = tc.nacosUser, "nacos-secret"
			}
			if n := bc.GetRegistry().GetNacos(); n.GetUsername() != wantUser || n.GetPassword() != wantPass {
				t.Errorf("registry.nacos account = %q/%q, want %q/%q", n.GetUsername(), n.GetPassword(), wantUser, wantPass)
			}
			db := bc.GetData().GetDatabase()
			if tc.dbPassword == "" {
				if db.GetDriver() != "sqlite" {
					t.Errorf("data.database.driver = %q, want sqlite", db.GetDriver())
				}
			} else {
				// The shared PostgreSQL: the first [backend] host (no [postgres] group), the
				// training database and account, the password intact through the URL.
				u, err := url.Parse(db.GetSource())
				if err != nil {
					t.Fatalf("data.database.source %q: %v", db.GetSource(), err)
				}
				pass, _ := u.User.Password()
				if db.GetDriver() != "postgres" || u.Host != "localhost:5432" || u.Path != "/training" ||
					u.User.Username() != "training" || pass != tc.dbPassword {
					t.Errorf("data.database = %q %q, want postgres for training@localhost:5432/training with the password", db.GetDriver(), db.GetSource())
				}
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

// The keys backend.yml generated and rendered fit together as the services use them: a token
// the user service signs passes at trainer and training; a call training signs passes at
// trainer and user; none of them is a published development key (the services would refuse to
// start); only the user service holds the user key.
func TestTheRenderedKeysWorkAcrossTheServices(t *testing.T) {
	root := t.TempDir()
	renderLocally(t, "backend.yml", root, backendVars(t, nil))
	bcs := map[string]*conf.Bootstrap{}
	for _, service := range []string{"user", "trainer", "training"} {
		bcs[service] = loadRendered(t, root, service)
	}
	signing := func(service string) *auth.SigningKey {
		k, err := auth.ParseSigningKey(bcs[service].GetAuth().GetSigningKey())
		if err != nil {
			t.Fatalf("%s's auth.signing_key: %v", service, err)
		}
		if auth.IsDevelopmentKey(k.Public()) {
			t.Fatalf("%s signs with a published development key", service)
		}
		return k
	}
	userKey, trainingKey := signing("user"), signing("training")
	if bcs["trainer"].GetAuth().GetSigningKey() != "" {
		t.Error("the trainer holds a signing key; it signs nothing")
	}
	verifier := func(service string) *auth.Verifier {
		a := bcs[service].GetAuth()
		var users []auth.PublicKey
		for _, text := range a.GetUserKeys() {
			k, err := auth.ParsePublicKey(text)
			if err != nil || auth.IsDevelopmentKey(k) {
				t.Fatalf("%s's auth.user_keys %q: %v (or a development key)", service, text, err)
			}
			users = append(users, k)
		}
		services := map[string]auth.PublicKey{}
		for name, text := range a.GetServiceKeys() {
			k, err := auth.ParsePublicKey(text)
			if err != nil || auth.IsDevelopmentKey(k) {
				t.Fatalf("%s's auth.service_keys[%s] %q: %v (or a development key)", service, name, text, err)
			}
			services[name] = k
		}
		if service == "user" {
			users = append(users, userKey.Public())
		}
		return auth.NewVerifier(service, auth.StaticKeySet(users...), services)
	}
	userToken, err := auth.NewIssuer(userKey).Sign(auth.User{UUID: "u-1", Role: auth.RoleAttendee}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, service := range []string{"user", "trainer", "training"} {
		if _, err := verifier(service).Verify(userToken); err != nil {
			t.Errorf("%s refuses the user service's token: %v", service, err)
		}
	}
	for _, callee := range []string{"user", "trainer"} {
		token, err := auth.NewServiceSigner("training", trainingKey).Token(callee)
		if err != nil {
			t.Fatal(err)
		}
		if u, err := verifier(callee).Verify(token); err != nil || u.Role != auth.RoleService {
			t.Errorf("%s refuses training's call: %+v, %v", callee, u, err)
		}
	}
}
