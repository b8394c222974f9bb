package push_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/cacerts"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/internal/ocitest"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/push"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/registrytest"
)

var labels = map[string]string{
	"org.opencontainers.image.version":  "1.2.3",
	"org.opencontainers.image.revision": "0123abc",
}

func buildHello(t *testing.T, binary []byte) v1.Image {
	t.Helper()
	img, err := image.Build(image.Spec{
		Binary: binary, BinaryName: "hello", CACerts: cacerts.PEM(),
		Labels: labels, ExposedPorts: []string{"8000/tcp", "9000/tcp"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func anonymous() push.Option {
	return push.WithKeychain(authn.NewMultiKeychain()) // resolves every registry to Anonymous
}

// get reads a registry API path the way any client would, without go-containerregistry.
func get(t *testing.T, reg *registrytest.Registry, path, accept string) ([]byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+reg.Host+path, nil)
	req.Header.Set("Accept", accept)
	if reg.Username != "" {
		req.SetBasicAuth(reg.Username, reg.Password)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s\nregistry log:\n%s", path, resp.StatusCode, err, body, reg.Log())
	}
	return body, resp.Header
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

func TestPushReadBackThroughTheRegistryAPI(t *testing.T) {
	t.Parallel()
	reg := registrytest.Start(t)
	img := buildHello(t, ocitest.ExampleBinary(t))
	want, _ := img.Digest()

	res, err := push.New(push.WithRegistry(reg.Host), anonymous()).
		Push(context.Background(), push.Target{Image: img, Repository: "kratos/hello", Tags: []string{"1.2.3", "0123abc"}})
	if err != nil {
		t.Fatalf("push: %v\nregistry log:\n%s", err, reg.Log())
	}
	if wantRef := reg.Host + "/kratos/hello@" + want.String(); res.Reference != wantRef {
		t.Errorf("reference = %s, want %s", res.Reference, wantRef)
	}
	if res.BlobsUploaded != 3 || res.ManifestsWritten != 2 {
		t.Errorf("first push: %d blobs, %d manifests; want 3 (config, 2 layers) and 2 (one per tag)", res.BlobsUploaded, res.ManifestsWritten)
	}

	for _, tag := range []string{"1.2.3", "0123abc"} {
		body, hdr := get(t, reg, "/v2/kratos/hello/manifests/"+tag, "application/vnd.oci.image.manifest.v1+json")
		if got := hdr.Get("Docker-Content-Digest"); got != want.String() || sha(body) != want.String() {
			t.Errorf("tag %s: registry digest %s, body digest %s, want %s", tag, got, sha(body), want)
		}
	}
	body, _ := get(t, reg, "/v2/kratos/hello/manifests/"+want.String(), "application/vnd.oci.image.manifest.v1+json")
	var manifest v1.Manifest
	if err := json.Unmarshal(body, &manifest); err != nil {
		t.Fatal(err)
	}
	rawConfig, _ := get(t, reg, "/v2/kratos/hello/blobs/"+manifest.Config.Digest.String(), "*/*")
	if sha(rawConfig) != manifest.Config.Digest.String() {
		t.Fatalf("config blob digest %s, manifest says %s", sha(rawConfig), manifest.Config.Digest)
	}
	var cfg v1.ConfigFile
	if err := json.Unmarshal(rawConfig, &cfg); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.Config.Entrypoint, " "); got != "/app/hello -conf /data/conf" {
		t.Errorf("entrypoint = %q", got)
	}
	if cfg.Config.User != "65532" {
		t.Errorf("user = %q", cfg.Config.User)
	}
	for k, v := range labels {
		if cfg.Config.Labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, cfg.Config.Labels[k], v)
		}
	}
	for _, p := range []string{"8000/tcp", "9000/tcp"} {
		if _, ok := cfg.Config.ExposedPorts[p]; !ok {
			t.Errorf("port %s not exposed", p)
		}
	}
	for _, l := range manifest.Layers {
		blob, _ := get(t, reg, "/v2/kratos/hello/blobs/"+l.Digest.String(), "*/*")
		if sha(blob) != l.Digest.String() || int64(len(blob)) != l.Size {
			t.Errorf("layer %s: got %s, %d bytes (manifest: %d)", l.Digest, sha(blob), len(blob), l.Size)
		}
	}
}

func TestPushSendsOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	reg := registrytest.Start(t)
	binary := ocitest.ExampleBinary(t)
	pusher := push.New(push.WithRegistry(reg.Host), anonymous())
	target := push.Target{Image: buildHello(t, binary), Repository: "kratos/hello", Tags: []string{"v1"}}
	if _, err := pusher.Push(context.Background(), target); err != nil {
		t.Fatal(err)
	}

	again, err := pusher.Push(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if again.BlobsUploaded != 0 || again.ManifestsWritten != 0 {
		t.Errorf("second push of the same image: %d blobs, %d manifests uploaded; want none", again.BlobsUploaded, again.ManifestsWritten)
	}

	// A new build of the binary (trailing bytes keep it a valid ELF) changes the app layer and
	// the config; the base layer with users and CA roots must not travel again.
	changed := append(append([]byte(nil), binary...), []byte("new build")...)
	next, err := pusher.Push(context.Background(), push.Target{Image: buildHello(t, changed), Repository: "kratos/hello", Tags: []string{"v2"}})
	if err != nil {
		t.Fatal(err)
	}
	if next.BlobsUploaded != 2 || next.ManifestsWritten != 1 {
		t.Errorf("push of a changed binary: %d blobs, %d manifests; want 2 (app layer, config) and 1", next.BlobsUploaded, next.ManifestsWritten)
	}
}

func TestPushToRegistryWithAuth(t *testing.T) {
	t.Parallel()
	reg := registrytest.Start(t, registrytest.WithBasicAuth("deployer", "s3cret-pass"))
	img := buildHello(t, ocitest.ExampleBinary(t))
	target := push.Target{Image: img, Repository: "kratos/hello", Tags: []string{"1.2.3"}}

	tests := []struct {
		name string
		keys authn.Keychain
		want error
	}{
		{"without credentials", authn.NewMultiKeychain(), push.ErrUnauthorized},
		{"with a wrong password", staticKeychain{"deployer", "wrong"}, push.ErrUnauthorized},
		{"with credentials", staticKeychain{"deployer", "s3cret-pass"}, nil},
	}
	for _, tt := range tests {
		_, err := push.New(push.WithRegistry(reg.Host), push.WithKeychain(tt.keys)).Push(context.Background(), target)
		if !errors.Is(err, tt.want) {
			t.Fatalf("%s: error %v, want %v\nregistry log:\n%s", tt.name, err, tt.want, reg.Log())
		}
		if tt.want != nil && !strings.Contains(err.Error(), "docker login") {
			t.Errorf("%s: the message does not say how to log in: %v", tt.name, err)
		}
	}
	want, _ := img.Digest()
	_, hdr := get(t, reg, "/v2/kratos/hello/manifests/1.2.3", "application/vnd.oci.image.manifest.v1+json")
	if got := hdr.Get("Docker-Content-Digest"); got != want.String() {
		t.Errorf("registry has %s, pushed %s", got, want)
	}
}

// The docker config file is where `docker login` leaves credentials; DefaultKeychain must
// find them there. Not parallel: it sets HOME and DOCKER_CONFIG for the process.
func TestDefaultKeychainReadsTheDockerConfigFile(t *testing.T) {
	reg := registrytest.Start(t, registrytest.WithBasicAuth("deployer", "from-config"))
	dir := t.TempDir()
	auth := base64.StdEncoding.EncodeToString([]byte("deployer:from-config"))
	cfg := fmt.Sprintf(`{"auths":{%q:{"auth":%q}}}`, reg.Host, auth)
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("DOCKER_CONFIG", dir)
	t.Setenv(push.EnvUsername, "")
	img := buildHello(t, ocitest.ExampleBinary(t))
	if _, err := push.New(push.WithRegistry(reg.Host)).Push(context.Background(), push.Target{Image: img, Repository: "kratos/hello", Tags: []string{"cfg"}}); err != nil {
		t.Fatalf("push with docker config credentials: %v", err)
	}

	t.Setenv("DOCKER_CONFIG", t.TempDir()) // empty: no credentials anywhere but the environment
	t.Setenv(push.EnvUsername, "deployer")
	t.Setenv(push.EnvPassword, "from-config")
	if _, err := push.New(push.WithRegistry(reg.Host)).Push(context.Background(), push.Target{Image: img, Repository: "kratos/hello", Tags: []string{"env"}}); err != nil {
		t.Fatalf("push with %s/%s: %v", push.EnvUsername, push.EnvPassword, err)
	}
}

func TestPulledImageRunsWithoutAContainerEngine(t *testing.T) {
	t.Parallel()
	reg := registrytest.Start(t, registrytest.WithBasicAuth("deployer", "pw"))
	keys := staticKeychain{"deployer", "pw"}
	res, err := push.New(push.WithRegistry(reg.Host), push.WithKeychain(keys)).
		Push(context.Background(), push.Target{Image: buildHello(t, ocitest.ExampleBinary(t)), Repository: "kratos/hello", Tags: []string{"run"}})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := name.ParseReference(res.Reference)
	if err != nil {
		t.Fatal(err)
	}
	pulled, err := remote.Image(ref, remote.WithAuthFromKeychain(keys))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pulled.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	root := ocitest.Extract(t, pulled)
	if got := ocitest.RunEntrypoint(t, root, cfg, "-version"); got != "hello dev\n" {
		t.Errorf("-version printed %q", got)
	}
	if got := ocitest.RunEntrypoint(t, root, cfg, "-health"); !strings.HasPrefix(got, "ok uid=65532 roots=") {
		t.Errorf("-health printed %q", got)
	}
}

type staticKeychain struct{ user, password string }

func (k staticKeychain) Resolve(authn.Resource) (authn.Authenticator, error) {
	return &authn.Basic{Username: k.user, Password: k.password}, nil
}
