package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/testing/childproc"
	"github.com/kratos-monorepo/monorepo/libs/testing/freeport"
	"github.com/kratos-monorepo/monorepo/libs/testing/logtest"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/rootfs"
)

// Why a smoke run failed.
var (
	errSmokeNeedsRoot  = errs.Invalid("smoke-needs-root", "running an image without an engine needs root (chroot)")
	errSmokeRunFailed  = errs.Invalid("smoke-run-failed", "the entrypoint failed inside the image")
	errSmokeNotHealthy = errs.Invalid("smoke-not-healthy", "the service did not answer 200 on its health URL")
	errSmokeBadLog     = errs.Invalid("smoke-bad-log", "the service logged a line outside its format, naming another service, or above info")
	errSmokeLabel      = errs.Invalid("smoke-label-mismatch", "the run's output does not name the image label's value (is the binary stamped like the image?)")
)

// How long a service gets to start: generous, because CI machines are shared; it is a limit,
// not a measurement.
const startLimit = 60 * time.Second

var portPlaceholder = regexp.MustCompile(`\{port([1-9])\}`)

// smoke runs the image's entrypoint from its own file system: once with runArgs (a -version
// check), and when healthURL is set, as a server with serveEnv until healthURL answers 200.
// With outputLabel, the runArgs run's output must hold that config label's value as a word: a
// binary printing "dev" in an image labelled 1.2.3 means stamping broke somewhere.
func smoke(img v1.Image, runArgs, serveEnv []string, healthURL, logService, outputLabel string) error {
	if len(runArgs) == 0 && healthURL == "" {
		return nil
	}
	if os.Geteuid() != 0 {
		return errSmokeNeedsRoot
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return err
	}
	root, err := os.MkdirTemp("", "ocitool-rootfs-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	if err := rootfs.Extract(img, root); err != nil {
		return err
	}
	if len(runArgs) > 0 {
		cmd, err := rootfs.Command(root, cfg, nil, runArgs...)
		if err != nil {
			return err
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%w: %v: %v\n%s", errSmokeRunFailed, cmd.Args, err, out)
		}
		fmt.Printf("%v: %s", cmd.Args, out)
		if outputLabel != "" {
			if err := outputNamesLabel(string(out), cfg.Config.Labels, outputLabel); err != nil {
				return err
			}
		}
	}
	if healthURL == "" {
		return nil
	}
	ports := map[string]string{}
	expand := func(s string) (string, error) {
		var ferr error
		out := portPlaceholder.ReplaceAllStringFunc(s, func(m string) string {
			if p, ok := ports[m]; ok {
				return p
			}
			p, err := freeport.Port()
			if err != nil {
				ferr = err
			}
			ports[m] = strconv.Itoa(p)
			return ports[m]
		})
		return out, ferr
	}
	env := make([]string, 0, len(serveEnv))
	for _, e := range serveEnv {
		x, err := expand(e)
		if err != nil {
			return err
		}
		env = append(env, x)
	}
	url, err := expand(healthURL)
	if err != nil {
		return err
	}
	return serve(root, cfg, env, url, logService)
}

// serve runs the entrypoint until url answers 200, then stops it with SIGTERM. With logService
// set, everything the run wrote to stderr must be libs/log lines naming that service, at info
// (nothing alarming while all is well), including its servers' "server listening".
func serve(root string, cfg *v1.ConfigFile, env []string, url, logService string) error {
	cmd, err := rootfs.Command(root, cfg, env)
	if err != nil {
		return err
	}
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, io.MultiWriter(&out, &stderr)
	p, err := childproc.Start(cmd)
	if err != nil {
		return err
	}
	stop := func() { p.Stop(10 * time.Second) }
	deadline := time.Now().Add(startLimit)
	for time.Now().Before(deadline) {
		select {
		case <-p.Done():
			return fmt.Errorf("%w: it exited (%v) before answering %s:\n%s", errSmokeNotHealthy, p.Err(), url, out.String())
		default:
		}
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				stop()
				fmt.Printf("%s answered 200 (env %v)\n", url, env)
				if logService == "" {
					return nil
				}
				if err := checkServeLog(stderr.String(), logService); err != nil {
					return fmt.Errorf("%w:\n%s", err, out.String())
				}
				fmt.Printf("its %d log lines name %s, at info\n", strings.Count(stderr.String(), "\n"), logService)
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return fmt.Errorf("%w: no 200 from %s within %s:\n%s", errSmokeNotHealthy, url, startLimit, out.String())
}

func checkServeLog(stderr, service string) error {
	listening := 0
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		e, err := logtest.Parse(line)
		if err != nil {
			return fmt.Errorf("%w: %q", errSmokeBadLog, line)
		}
		if e.Service() != service || e.Level != "info" {
			return fmt.Errorf("%w: want service.name %s at info: %q", errSmokeBadLog, service, line)
		}
		if e.Message == "server listening" {
			listening++
		}
	}
	if listening == 0 {
		return fmt.Errorf("%w: no \"server listening\" line", errSmokeBadLog)
	}
	return nil
}

// outputNamesLabel fails unless one of output's whitespace-separated words is the label's value.
func outputNamesLabel(output string, labels map[string]string, key string) error {
	want, ok := labels[key]
	if !ok || want == "" {
		return fmt.Errorf("%w: the image has no label %s", errSmokeLabel, key)
	}
	for _, word := range strings.Fields(output) {
		if word == want {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is %q, the output was %q", errSmokeLabel, key, want, output)
}
