package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// diff is one committed file that differs from the generated one (generated == "" means the
// committed file is no longer generated).
type diff struct {
	generated, committed string
	reason               string
}

func (d diff) String() string { return fmt.Sprintf("%s: %s", d.committed, d.reason) }

func compare(generatedDir, sourceDir string, patterns []string) ([]diff, error) {
	generated, err := filesIn(generatedDir, nil)
	if err != nil {
		return nil, err
	}
	committed, err := filesIn(sourceDir, patterns)
	if err != nil {
		return nil, err
	}
	var diffs []diff
	for _, name := range sortedKeys(generated) {
		target := filepath.Join(sourceDir, name)
		want, err := os.ReadFile(generated[name])
		if err != nil {
			return nil, err
		}
		got, err := os.ReadFile(target)
		switch {
		case os.IsNotExist(err):
			diffs = append(diffs, diff{generated[name], target, "missing"})
		case err != nil:
			return nil, err
		case !bytes.Equal(got, want):
			diffs = append(diffs, diff{generated[name], target, "differs from the generated file"})
		}
	}
	for _, name := range sortedKeys(committed) {
		if _, ok := generated[name]; !ok {
			diffs = append(diffs, diff{"", committed[name], "no longer generated"})
		}
	}
	return diffs, nil
}

// filesIn maps the names of the files directly in dir to their paths; with patterns, only those
// whose name matches. A proto package is one folder, so subfolders are not searched.
func filesIn(dir string, patterns []string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	for _, entry := range entries {
		path := filepath.Join(dir, entry.Name())
		// Runfiles are symbolic links: ask about what they point to.
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if info.IsDir() || (patterns != nil && !matches(entry.Name(), patterns)) {
			continue
		}
		files[entry.Name()] = path
	}
	return files, nil
}

func matches(name string, patterns []string) bool {
	for _, p := range patterns {
		if ok, _ := filepath.Match(p, name); ok {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func apply(diffs []diff) error {
	for _, d := range diffs {
		if d.generated == "" {
			if err := os.Remove(d.committed); err != nil {
				return err
			}
			continue
		}
		data, err := os.ReadFile(d.generated)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(d.committed), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(d.committed, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
