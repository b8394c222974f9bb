// Package clustertest runs the seed's cluster deployment for real: five hosts (containers built
// here from Debian packages, systemd as PID 1, sshd) on a Docker network of their own that routes
// nowhere, reached by Ansible over ssh; the playbooks prepare, registry, //deploy:push into the
// deployed registry, site (Nacos, Prometheus, Jaeger, the shared PostgreSQL, the services on two
// backend hosts), a booking through the deployed services, failover to the second backend, every
// scrape target up in the real Prometheus, then teardown and a check that the hosts are clean.
// See README.md in this folder.
package clustertest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/testing/needs"
)

// hostSpec is one test host: its inventory name (also its hostname), whether it runs a Docker
// engine of its own (roles/docker: the nacos and backend groups), and the ports the test
// reaches on it (published on 127.0.0.1 by publish).
type hostSpec struct {
	name   string
	docker bool
	ports  []int
}

// The seed's layout, one group per host; the shared PostgreSQL ([postgres]) sits on the
// registry host so that stopping the first backend leaves the database up.
var layout = []hostSpec{
	{name: "registry", ports: []int{5000, 8080}},
	{name: "nacos", docker: true, ports: []int{8848}},
	// Docker too: Prometheus runs from the image prepare-infra-images pushed (infra_from_registry).
	{name: "prometheus", docker: true, ports: []int{9090}},
	{name: "backend1", docker: true, ports: []int{8001, 8002, 8003}},
	{name: "backend2", docker: true, ports: []int{8001, 8002, 8003}},
}

const inventoryGroups = `
[registry]
registry

[postgres]
registry

[nacos]
nacos

[prometheus]
prometheus

[backend]
backend1
backend2
`

// host is a started test host.
type host struct {
	hostSpec
	container string
	lan       string      // its address on the internal network (lan_address)
	published map[int]int // its port -> the port on 127.0.0.1
}

func (h *host) url(port int, path string) string {
	return "http://" + loopback(h.published[port]) + path
}

// Labels on everything the test makes, so cleanup finds it even after a failure midway.
const labelKey = "kratos-monorepo.cluster-test"

func TestClusterDeployment(t *testing.T) {
	if os.Getenv("TEST_SRCDIR") == "" {
		t.Skip("skipped: runs under Bazel only (bazel test //deploy/clustertest:clustertest_test): it pushes the images //deploy:push builds")
	}
	begin := time.Now()
	cache := cacheDir(t)
	for _, p := range []struct{ program, pkg string }{
		{"ssh", "openssh-client"}, {"ssh-keygen", "openssh-client"}, {"openssl", "openssl"},
		{"ansible-playbook", "ansible-core"}, {"debootstrap", "debootstrap"},
	} {
		needs.Program(t, p.program, p.pkg, sbinDirs...)
	}
	jaeger, ok := needs.Find("jaeger", "/usr/local/bin")
	if !ok {
		needs.MissingTool(t, "jaeger (roles/jaeger copies it to the prometheus host)", "tools/jaeger/install.sh")
	}

	e := startEngine(t, cache)
	report(t, "engine: %s (started by the test: %v)", e.host, e.ownDaemon)
	image := hostImage(t, e, cache)

	run := randomHex(t, 4)
	work := t.TempDir()
	// Short: ssh's control sockets live here, and a unix socket path has at most 107 bytes.
	control, err := os.MkdirTemp("", "kct-ssh-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(control) })

	hosts := startHosts(t, e, image, run)
	key := sshKey(t, work)
	for _, h := range hosts {
		authorize(t, e, h, key+".pub")
	}
	for _, h := range hosts {
		waitForSSH(t, h)
	}
	var names []string
	for _, h := range hosts {
		names = append(names, fmt.Sprintf("%s %s (ssh 127.0.0.1:%d)", h.name, h.lan, h.published[22]))
	}
	report(t, "hosts (network --internal): %s", strings.Join(names, ", "))

	inventory := writeInventory(t, work, hosts)
	byName := map[string]*host{}
	for _, h := range hosts {
		byName[h.name] = h
	}
	vars := map[string]any{
		// The hosts have no route to a Debian mirror: their image has the packages already.
		"deploy_apt_update_cache": false,
		// Grafana is not in Debian and apt.grafana.com is out of reach here.
		"monitoring_grafana":        false,
		"hosts_ssh_public_key_file": key + ".pub",
		"jaeger_binary_src":         jaeger,
		"backend_registry":          "nacos",
		"backend_database":          "postgres",
		"backend_db_password":       "pw-" + randomHex(t, 12),
		// The Nacos test double (libs/testing/nacostest/cmd/nacos-double) stands in for Nacos,
		// which cannot be had here; pushed next to the services' images.
		"nacos_image": "{{ registry_address }}/kratos-monorepo-test/nacos-double:test",
		// Prometheus from the private registry's image, not the Debian package.
		"infra_from_registry": true,
		// A memory cap on every service container (docker run --memory).
		"backend_memory_limit": "256m",
	}
	a := &ansible{t: t, inventory: inventory, work: work, key: key, control: control,
		// prepare-infra-images drives the engine from the control node (docker import, push).
		env: []string{"DOCKER_HOST=" + e.host,
			"PATH=" + filepath.Dir(e.client) + ":" + os.Getenv("PATH") + ":" + strings.Join(sbinDirs, ":")}}

	a.play("prepare", vars)
	a.play("registry", vars)
	registry := byName["registry"]
	// The seed's prepare-infra-images, into the deployed registry through its published port:
	// Prometheus' image only (the one the hosts run here), its root file system cached with the
	// hosts' image.
	infraVars := map[string]any{
		"infra_images_push_registry": loopback(registry.published[5000]),
		"infra_images_cache":         cache,
		"infra_images_build":         []string{"prometheus"},
	}
	for k, v := range vars {
		infraVars[k] = v
	}
	a.play("prepare_infra_images", infraVars)
	report(t, "pushed into the deployed registry: infra/prometheus:%s (Debian's prometheus, debootstrap + docker import)", infraTag(t, work, "prometheus"))
	push(t, "deploy/push.sh", registry)
	push(t, "deploy/clustertest/nacos_double_push.sh", registry)
	tag := imageTag(t, registry)
	vars["backend_image_tag"] = tag
	report(t, "pushed into the deployed registry %s:5000 (through 127.0.0.1:%d): kratos-monorepo/{trainer,training,user}:%s and the Nacos double; its web UI lists %s",
		registry.lan, registry.published[5000], tag, catalog(t, registry))
	a.play("site", vars)

	b1, b2 := byName["backend1"], byName["backend2"]
	for _, b := range []*host{b1, b2} {
		for _, port := range []int{8001, 8002, 8003} {
			waitHTTP(t, b.url(port, "/healthz"), 2*time.Minute)
		}
	}
	nacos := byName["nacos"]
	waitInstances(t, nacos, 12) // 3 services x {http, grpc} x 2 backend hosts

	// A booking through the first backend: users made with the user service's operator command.
	password := "pw-" + randomHex(t, 8)
	operator(t, e, b1, password, "-role", "trainer", "-email", "tess@example.com", "-name", "Tess Trainer")
	operator(t, e, b1, password, "-role", "attendee", "-email", "adam@example.com", "-name", "Adam Attendee", "-credits", "2")
	trainer := login(t, b1, "tess@example.com", password)
	attendee := login(t, b1, "adam@example.com", password)
	day := time.Now().UTC().AddDate(0, 0, 3).Format("2006-01-02")
	first, second := day+"T10:00:00Z", day+"T11:00:00Z"
	call(t, "PUT", b1.url(8001, "/trainer/hours/available"), trainer, map[string]any{"hours": []string{first, second}}, 200)
	answer := call(t, "POST", b1.url(8003, "/trainings"), attendee, map[string]any{"time": first, "notes": "cluster test"}, 200)
	report(t, "booking through backend1 (POST /trainings at %s): %s", first, answer)
	expectTrainings(t, b1, attendee, first)
	expectBalance(t, b1, attendee, "1")

	targets := prometheusTargets(t, byName["prometheus"], 7)
	report(t, "Prometheus (prometheus host) targets up: %s", strings.Join(targets, ", "))
	limits := memoryLimits(t, byName["prometheus"], 6, 256<<20*9/10)
	report(t, "Go soft memory limit of the services under their 256 MiB container cap (go_gc_gomemlimit_bytes, 90%% of it): %s", strings.Join(limits, ", "))
	running := e.must(t, "exec", byName["prometheus"].container, "docker", "ps", "--format", "{{.Names}} {{.Image}}")
	if !strings.Contains(running, "infra-prometheus "+registry.lan+":5000/infra/prometheus:") {
		t.Fatalf("the prometheus host runs %q, want the container infra-prometheus from the registry's infra/prometheus image", running)
	}
	report(t, "Prometheus runs on the prometheus host as the container %s", running)

	// The first backend's services stop: they leave Nacos, and the second backend serves alone.
	e.must(t, "exec", b1.container, "systemctl", "stop", "kratos-trainer", "kratos-training", "kratos-user")
	if left := e.must(t, "exec", b1.container, "docker", "ps", "-q"); left != "" {
		t.Fatalf("backend1 still runs containers after its units stopped: %s", left)
	}
	waitInstances(t, nacos, 6)
	answer = call(t, "POST", b2.url(8003, "/trainings"), attendee, map[string]any{"time": second, "notes": "after failover"}, 200)
	report(t, "backend1's containers stopped; booking through backend2 (POST /trainings at %s): %s", second, answer)
	expectTrainings(t, b2, attendee, first, second)
	expectBalance(t, b2, attendee, "0")
	report(t, "backend2 lists both trainings from the shared PostgreSQL, balance 2 -> 0")

	a.play("teardown", vars)
	checkClean(t, e, hosts)
	report(t, "teardown: no containers, units or rendered files left on %d hosts", len(hosts))
	report(t, "total %s", time.Since(begin).Round(time.Second))
}

// runfile is a file of the workspace in the test's runfiles (rules_go runs a test in its
// package's folder).
func runfile(path string) string {
	return filepath.Join(os.Getenv("TEST_SRCDIR"), "_main", path)
}

// report prints one line of what the test shows (go test -v, Bazel's test.log).
func report(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Logf("cluster: "+format, args...)
}

func cacheDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("CLUSTERTEST_CACHE"); dir != "" {
		return dir
	}
	// Not $HOME: Bazel points it at the test's temporary folder.
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(u.HomeDir, ".cache", "kratos-monorepo", "cluster-test")
}

// hostImage builds (or finds in the cache) the hosts' root file system and imports it as an
// image named after its package list's hash.
func hostImage(t *testing.T, e *engine, cache string) string {
	t.Helper()
	start := time.Now()
	cmd := exec.Command(runfile("deploy/clustertest/build-host-image.sh"), runfile("deploy/clustertest/host-packages.txt"), cache)
	cmd.Env = append(os.Environ(), "PATH="+os.Getenv("PATH")+":"+strings.Join(sbinDirs, ":"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("build-host-image.sh: %v\n%s", err, stderr.String())
	}
	tarball := strings.TrimSpace(string(out))
	key := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(tarball), "host-"), ".tar.gz")
	image := "kratos-monorepo-cluster-test/host:" + key
	built := time.Since(start).Round(time.Second)
	if _, err := e.run("image", "inspect", "--format", "{{.Id}}", image); err == nil {
		report(t, "host image %s: in the engine already (tarball %s)", image, tarball)
	} else {
		e.must(t, "import", "--change", "LABEL "+labelKey+"=host", "--change", "ENV container=docker", tarball, image)
		report(t, "host image %s: built or found in %s, imported in %s", image, built, time.Since(start).Round(time.Second)-built)
	}
	// An engine the test started keeps it (its data root is the cache); someone else's engine
	// gets it back out, as everything else the test made.
	if !e.ownDaemon {
		t.Cleanup(func() { _, _ = e.run("rmi", image) })
	}
	return image
}

// hostInit is each host's entry point. Docker bind-mounts /etc/hosts, /etc/hostname and
// /etc/resolv.conf, which Ansible's modules replace by renaming (EBUSY on a mount point): they
// become plain files, as on a real host, before systemd starts.
const hostInit = `for f in /etc/hosts /etc/hostname /etc/resolv.conf; do
  if grep -q " $f " /proc/self/mountinfo; then cp "$f" /run/f && umount "$f" && cp /run/f "$f"; fi
done
rm -f /run/f
exec /sbin/init`

func startHosts(t *testing.T, e *engine, image, run string) []*host {
	t.Helper()
	network := "kct-" + run
	label := labelKey + "=" + run
	t.Cleanup(func() {
		if t.Failed() {
			diagnose(t, e, run)
		}
		ids, _ := e.run("ps", "-aq", "--filter", "label="+label)
		if ids != "" {
			_, _ = e.run(append([]string{"rm", "-f", "-v"}, strings.Fields(ids)...)...)
		}
		_, _ = e.run("network", "rm", network)
		vols, _ := e.run("volume", "ls", "-q", "--filter", "label="+label)
		if vols != "" {
			_, _ = e.run(append([]string{"volume", "rm", "-f"}, strings.Fields(vols)...)...)
		}
	})
	// A subnet of its own: Docker's first free pool may be 172.17.0.0/16, which the engines on
	// the nacos and backend hosts give their own docker0, and a host whose LAN and docker0
	// overlap reaches neither.
	for attempt := 0; ; attempt++ {
		subnet := fmt.Sprintf("10.%d.%d.0/24", 200+mrand.IntN(50), mrand.IntN(256))
		_, err := e.run("network", "create", "--internal", "--subnet", subnet, "--label", label, network)
		if err == nil {
			break
		}
		if attempt == 5 {
			t.Fatal(err)
		}
	}
	// systemd as PID 1 and, on the docker hosts, an engine inside: a privileged container.
	// Where the kernel withholds a capability (this project's machines lack CAP_SYS_RESOURCE),
	// Docker 20.10 cannot start one ("unable to apply caps"); there the same without that
	// capability: every other one, no seccomp or AppArmor confinement, writable /proc/sys and
	// cgroups, every device. The first host decides for the others.
	privileged := [][]string{
		{"--privileged"},
		{"--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
			"--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
			"--security-opt", "systempaths=unconfined", "--device-cgroup-rule", "a *:* rwm"},
	}
	var hosts []*host
	for _, spec := range layout {
		h := &host{hostSpec: spec, container: network + "-" + spec.name, published: map[int]int{}}
		args := []string{"run", "-d", "--name", h.container, "--hostname", spec.name,
			"--label", label, "--network", network,
			"--cgroupns", "host", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw",
			"--tmpfs", "/run", "--tmpfs", "/run/lock", "--tmpfs", "/tmp",
		}
		if spec.docker {
			// An engine's storage on a volume: overlay2 does not stack on the container's own
			// overlay file system.
			volume := h.container + "-docker"
			e.must(t, "volume", "create", "--label", label, volume)
			args = append(args, "-v", volume+":/var/lib/docker")
		}
		tail := []string{"--entrypoint", "/bin/sh", image, "-c", hostInit}
		for {
			_, err := e.run(append(append(append([]string{}, args...), privileged[0]...), tail...)...)
			if err == nil {
				break
			}
			if len(privileged) == 1 || len(hosts) > 0 {
				t.Fatal(err)
			}
			why := err.Error()
			if i := strings.LastIndex(why, "Error response from daemon: "); i >= 0 {
				why = why[i+len("Error response from daemon: "):]
			}
			report(t, "a privileged container does not start here (%s); without CAP_SYS_RESOURCE instead", strings.SplitN(why, "\n", 2)[0])
			_, _ = e.run("rm", "-f", h.container)
			privileged = privileged[1:]
		}
		h.lan = e.must(t, "inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", h.container)
		for _, port := range append([]int{22}, spec.ports...) {
			h.published[port] = publish(t, net.JoinHostPort(h.lan, strconv.Itoa(port)))
		}
		hosts = append(hosts, h)
	}
	return hosts
}

// diagnose prints what helps after a failure: failed units and the services' last log lines.
func diagnose(t *testing.T, e *engine, run string) {
	for _, spec := range layout {
		c := "kct-" + run + "-" + spec.name
		out, _ := e.run("exec", c, "sh", "-c",
			"systemctl --failed --no-legend; journalctl -n 30 --no-pager -u ssh -u 'kratos-*' -u nacos -u jaeger -u prometheus -u postgresql 2>/dev/null | tail -n 30; ls -la /root/.ssh")
		t.Logf("diagnosis of %s:\n%s", spec.name, out)
	}
}

func sshKey(t *testing.T, dir string) string {
	t.Helper()
	key := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cluster-test", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return key
}

// authorize puts the control node's key on a host: the seed's `ssh-copy-id` (prepare.yml -k
// does it over a password login, which these hosts do not have).
func authorize(t *testing.T, e *engine, h *host, publicKey string) {
	t.Helper()
	data, err := os.ReadFile(publicKey)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(e.client, "exec", "-i", h.container, "sh", "-c",
		"mkdir -p -m 0700 /root/.ssh && cat >/root/.ssh/authorized_keys && chmod 0600 /root/.ssh/authorized_keys")
	cmd.Env = append(os.Environ(), "DOCKER_HOST="+e.host)
	cmd.Stdin = bytes.NewReader(data)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("authorize on %s: %v\n%s", h.name, err, out)
	}
}

func waitForSSH(t *testing.T, h *host) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", loopback(h.published[22]), 2*time.Second)
		if err == nil {
			_ = conn.SetReadDeadline(time.Now().Add(3 * time.Second))
			banner := make([]byte, 4)
			_, err = io.ReadFull(conn, banner)
			conn.Close()
			if err == nil && string(banner) == "SSH-" {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: sshd did not answer within 90 s: %v", h.name, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func writeInventory(t *testing.T, dir string, hosts []*host) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# Written by deploy/clustertest: ansible_host:ansible_port is the ssh port published on\n")
	b.WriteString("# 127.0.0.1, lan_address the host's address on the test's internal network.\n[all]\n")
	for _, h := range hosts {
		fmt.Fprintf(&b, "%s hostname=%s ansible_host=127.0.0.1 ansible_port=%d ansible_user=root lan_address=%s ansible_python_interpreter=/usr/bin/python3\n",
			h.name, h.name, h.published[22], h.lan)
	}
	b.WriteString(inventoryGroups)
	path := filepath.Join(dir, "inventory.ini")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// ansible runs the playbooks through their `bazel run` targets (deploy/ansible/run.sh).
type ansible struct {
	t                             *testing.T
	inventory, work, key, control string
	env                           []string // more environment for ansible-playbook
}

func (a *ansible) play(playbook string, vars map[string]any) {
	t := a.t
	t.Helper()
	encoded, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	varsFile := filepath.Join(a.work, "vars.json")
	if err := os.WriteFile(varsFile, encoded, 0o600); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(a.work, "home")
	start := time.Now()
	// The target's args (the playbook's name: the target's, - for _) apply under `bazel run`
	// only: given here.
	cmd := exec.Command(runfile("deploy/ansible/"+playbook), strings.ReplaceAll(playbook, "_", "-"), "-i", a.inventory, "-e", "@"+varsFile)
	cmd.Env = append(os.Environ(),
		"HOME="+home,
		"ANSIBLE_HOME="+filepath.Join(home, ".ansible"),
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(home, "tmp"),
		"ANSIBLE_SSH_CONTROL_PATH_DIR="+a.control,
		"ANSIBLE_PRIVATE_KEY_FILE="+a.key,
		// Every host's key is new (and all answer on 127.0.0.1).
		"ANSIBLE_HOST_KEY_CHECKING=False",
		"ANSIBLE_SSH_ARGS=-o ControlMaster=auto -o ControlPersist=120s -o UserKnownHostsFile=/dev/null",
		"ANSIBLE_PIPELINING=True",
		"ANSIBLE_FORKS=5",
		"ANSIBLE_NOCOLOR=1",
	)
	cmd.Env = append(cmd.Env, a.env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("playbook %s: %v\n%s", playbook, err, out)
	}
	report(t, "playbook %s: %s (%s)", playbook, recap(string(out)), time.Since(start).Round(time.Second))
}

// recap is the PLAY RECAP's counts summed over the hosts, e.g. "ok=120 changed=60 failed=0".
func recap(out string) string {
	i := strings.LastIndex(out, "PLAY RECAP")
	if i < 0 {
		return "no recap"
	}
	sums := map[string]int{}
	for _, line := range strings.Split(out[i:], "\n")[1:] {
		for _, field := range strings.Fields(line) {
			name, value, ok := strings.Cut(field, "=")
			if n, err := strconv.Atoi(value); ok && err == nil {
				sums[name] += n
			}
		}
	}
	return fmt.Sprintf("ok=%d changed=%d failed=%d unreachable=%d", sums["ok"], sums["changed"], sums["failed"], sums["unreachable"])
}

// push runs a push target (the code `bazel run //deploy:push` runs) into the deployed registry.
func push(t *testing.T, launcher string, registry *host) {
	t.Helper()
	cmd := exec.Command(runfile(launcher), "--registry="+loopback(registry.published[5000]))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", launcher, err, out)
	}
}

// infraTag is the tag prepare-infra-images recorded for an image (infra-images.json next to the
// inventory).
func infraTag(t *testing.T, work, name string) string {
	t.Helper()
	var tags map[string]string
	data, err := os.ReadFile(filepath.Join(work, "infra-images.json"))
	if err == nil {
		err = json.Unmarshal(data, &tags)
	}
	if err != nil || tags[name] == "" {
		t.Fatalf("infra-images.json has no tag of %s: %v %s", name, err, data)
	}
	return tags[name]
}

// imageTag is the tag //deploy:push gave the user image (version or commit: both name it).
func imageTag(t *testing.T, registry *host) string {
	t.Helper()
	var tags struct {
		Tags []string `json:"tags"`
	}
	getJSON(t, registry.url(5000, "/v2/kratos-monorepo/user/tags/list"), &tags)
	if len(tags.Tags) == 0 {
		t.Fatal("the registry has no tag of kratos-monorepo/user after the push")
	}
	sort.Strings(tags.Tags)
	return tags.Tags[0]
}

// catalog is the repository list as the registry's web UI (nginx on 8080) serves it.
func catalog(t *testing.T, registry *host) string {
	t.Helper()
	var c struct {
		Repositories []string `json:"repositories"`
	}
	getJSON(t, registry.url(8080, "/v2/_catalog"), &c)
	if len(c.Repositories) < 4 {
		t.Fatalf("the web UI's catalog lists %v, want the three services and the Nacos double", c.Repositories)
	}
	return strings.Join(c.Repositories, " ")
}

func getJSON(t *testing.T, url string, into any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, into); err != nil {
		t.Fatalf("GET %s: %v: %s", url, err, body)
	}
}

func waitHTTP(t *testing.T, url string, within time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(within)
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer 200 within %s: %v", url, within, err)
		}
		time.Sleep(time.Second)
	}
}

// waitInstances waits until the Nacos double holds want registered instances (its gauge).
func waitInstances(t *testing.T, nacos *host, want int) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	got := -1
	for {
		resp, err := http.Get(nacos.url(8848, "/nacos/actuator/prometheus"))
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, line := range strings.Split(string(body), "\n") {
				if v, ok := strings.CutPrefix(line, "nacos_double_instances "); ok {
					got, _ = strconv.Atoi(strings.TrimSpace(v))
				}
			}
			if got == want {
				report(t, "Nacos (the double on the nacos host) holds %d service instances", got)
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Nacos holds %d service instances after 90 s, want %d (%v)", got, want, err)
		}
		time.Sleep(time.Second)
	}
}

// operator runs the user service's operator command create-user in backend's user container.
func operator(t *testing.T, e *engine, backend *host, password string, args ...string) {
	t.Helper()
	out := e.must(t, append([]string{"exec", backend.container, "docker", "exec", "-e", "NEW_USER_PASSWORD=" + password,
		"kratos-user", "/app/user", "-conf", "/data/conf", "-run", "create-user", "--"}, args...)...)
	if !strings.Contains(out, "created ") {
		t.Fatalf("create-user %v: %s", args, out)
	}
}

func login(t *testing.T, backend *host, email, password string) string {
	t.Helper()
	var answer struct {
		AccessToken string `json:"accessToken"`
	}
	body := call(t, "POST", backend.url(8002, "/users/login"), "", map[string]any{"email": email, "password": password}, 200)
	if err := json.Unmarshal([]byte(body), &answer); err != nil || answer.AccessToken == "" {
		t.Fatalf("login %s: %s", email, body)
	}
	return answer.AccessToken
}

// call sends a JSON request and returns the answer's body; another status fails the test.
func call(t *testing.T, method, url, token string, body any, wantStatus int) string {
	t.Helper()
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, reader)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s: status %d, want %d: %s", method, url, resp.StatusCode, wantStatus, answer)
	}
	return strings.TrimSpace(string(answer))
}

func expectTrainings(t *testing.T, backend *host, token string, times ...string) {
	t.Helper()
	var list struct {
		Trainings []struct {
			Time string `json:"time"`
		} `json:"trainings"`
	}
	body := call(t, "GET", backend.url(8003, "/trainings"), token, nil, 200)
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatalf("GET /trainings: %v: %s", err, body)
	}
	var got []string
	for _, tr := range list.Trainings {
		got = append(got, tr.Time)
	}
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(times, " ") {
		t.Fatalf("%s lists trainings at %v, want %v", backend.name, got, times)
	}
}

func expectBalance(t *testing.T, backend *host, token, want string) {
	t.Helper()
	var current struct {
		Balance string `json:"balance"`
	}
	body := call(t, "GET", backend.url(8002, "/users/current"), token, nil, 200)
	if err := json.Unmarshal([]byte(body), &current); err != nil {
		t.Fatalf("GET /users/current: %v: %s", err, body)
	}
	// protojson leaves a zero balance out.
	if current.Balance == "" {
		current.Balance = "0"
	}
	if current.Balance != want {
		t.Fatalf("%s: balance %s, want %s (%s)", backend.name, current.Balance, want, body)
	}
}

// prometheusTargets waits until the Prometheus on the prometheus host has want active targets,
// all up, and returns them as "job service instance".
func prometheusTargets(t *testing.T, prom *host, want int) []string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	var state []string
	for {
		var answer struct {
			Data struct {
				ActiveTargets []struct {
					Labels map[string]string `json:"labels"`
					Health string            `json:"health"`
				} `json:"activeTargets"`
			} `json:"data"`
		}
		resp, err := http.Get(prom.url(9090, "/api/v1/targets?state=active"))
		if err == nil {
			_ = json.NewDecoder(resp.Body).Decode(&answer)
			resp.Body.Close()
			state = state[:0]
			up := 0
			for _, target := range answer.Data.ActiveTargets {
				state = append(state, fmt.Sprintf("%s/%s@%s %s", target.Labels["job"], target.Labels["service"], target.Labels["instance"], target.Health))
				if target.Health == "up" {
					up++
				}
			}
			sort.Strings(state)
			if up == want && len(state) == want {
				return state
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus targets after 2 min: %v (want %d, all up; %v)", state, want, err)
		}
		time.Sleep(2 * time.Second)
	}
}

// memoryLimits reads the services' Go soft memory limit from the deployed Prometheus: each of
// the want instances must show the container cap's share that libs/server/gc.go sets, so the cap
// reached the container and the service saw it in its cgroup.
func memoryLimits(t *testing.T, prom *host, want int, limit int64) []string {
	t.Helper()
	var answer struct {
		Data struct {
			Result []struct {
				Metric map[string]string `json:"metric"`
				Value  []any             `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	getJSON(t, prom.url(9090, "/api/v1/query?query=go_gc_gomemlimit_bytes%7Bservice%3D~%22trainer%7Ctraining%7Cuser%22%7D"), &answer)
	var seen []string
	for _, r := range answer.Data.Result {
		value := ""
		if len(r.Value) == 2 {
			value, _ = r.Value[1].(string)
		}
		seen = append(seen, fmt.Sprintf("%s@%s %s", r.Metric["service"], r.Metric["instance"], value))
		if got, err := strconv.ParseFloat(value, 64); err != nil || int64(got) != limit {
			t.Errorf("%s@%s: go_gc_gomemlimit_bytes %q, want %d", r.Metric["service"], r.Metric["instance"], value, limit)
		}
	}
	sort.Strings(seen)
	if len(seen) != want {
		t.Fatalf("go_gc_gomemlimit_bytes of %d service instances (%v), want %d", len(seen), seen, want)
	}
	return seen
}

// checkClean: after teardown.yml no container runs on any host's engine, no unit the playbooks
// installed is left or active, and no file they rendered remains.
func checkClean(t *testing.T, e *engine, hosts []*host) {
	t.Helper()
	const script = `set -u
for u in kratos-trainer kratos-training kratos-user nacos jaeger docker-registry infra-prometheus; do
  [ -e /etc/systemd/system/$u.service ] && echo "unit file $u"
  [ "$(systemctl is-active $u)" = active ] && echo "active $u"
done
for f in /etc/kratos-monorepo/trainer /etc/kratos-monorepo/user /etc/kratos-monorepo/training \
  /etc/kratos-monorepo/trainer.env /etc/kratos-monorepo/user.env /etc/kratos-monorepo/training.env \
  /etc/kratos-monorepo/nacos.env /etc/prometheus/targets /etc/jaeger /etc/docker/registry/htpasswd \
  /etc/nginx/sites-enabled/kratos-registry-ui.conf /var/www/kratos-registry-ui \
  /etc/systemd/system/infra-prometheus.service; do
  [ -e $f ] && echo "file $f"
done
ls /etc/postgresql/*/main/conf.d/kratos-monorepo.conf 2>/dev/null | sed 's/^/file /'
grep -l kratos-monorepo /etc/postgresql/*/main/pg_hba.conf 2>/dev/null | sed 's/^/pg_hba block in /'
if systemctl is-active -q docker; then
  docker ps -aq | sed 's/^/container /'
  docker images --format '{{.Repository}}:{{.Tag}}' | grep -e kratos-monorepo/ -e /infra/ | sed 's/^/image /'
fi
true`
	for _, h := range hosts {
		out, err := e.run("exec", h.container, "bash", "-c", script)
		if err != nil {
			t.Fatalf("check %s: %v", h.name, err)
		}
		if out != "" {
			t.Errorf("teardown.yml left on %s:\n%s", h.name, out)
		}
	}
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
