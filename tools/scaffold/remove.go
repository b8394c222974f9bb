package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// examples are the services the local system, the fault test and the end-to-end tests are built
// on by hand; `remove` refuses them.
var examples = []string{"trainer", "training", "user"}

func (t *tool) removeService(name string) error {
	if !serviceName.MatchString(name) {
		return refuse("%q is not a service name: a lowercase identifier of 2 to 30 letters and digits", name)
	}
	if slices.Contains(examples, name) {
		return refuse("%q is an example service that tools/local, tools/faults, py/ and the deployment tests are written against; it cannot be removed on its own", name)
	}
	if !fileExists(filepath.Join(t.ws, "services", name)) {
		return refuse("there is no service %q (services/%s does not exist)", name, name)
	}
	current, err := t.readWirings()
	if err != nil {
		return err
	}
	edited := map[string]string{}
	for _, w := range wirings {
		// A wiring that does not name the service (edited by hand) is left as it is.
		if out, err := w.remove(current[w.path], name); err == nil {
			edited[w.path] = out
		}
	}
	for _, p := range ownedPaths(name) {
		if err := os.RemoveAll(filepath.Join(t.ws, p)); err != nil {
			return err
		}
	}
	if err := t.writeFiles(edited); err != nil {
		return err
	}
	if err := t.gazelle(); err != nil {
		return fmt.Errorf("the service's files are gone, but gazelle failed: %w; run `bazel run //:gazelle`", err)
	}
	fmt.Fprintf(t.out, "Removed the %s service: services/%s, proto/%s, tools/local/system/service_%s.go, and its lines in", name, name, name, name)
	for _, p := range slices.Sorted(mapsKeys(edited)) {
		fmt.Fprintf(t.out, " %s", p)
	}
	fmt.Fprintln(t.out)
	return nil
}
