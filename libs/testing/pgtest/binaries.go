package pgtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
)

// binDirGlob is where Debian installs server binaries; they are not on PATH there.
const binDirGlob = "/usr/lib/postgresql/*/bin"

// findBinDir returns the directory holding both initdb and postgres: PATH first, then the newest
// Debian version directory. The version is never hard-coded so any installed major works.
func findBinDir() (string, error) {
	if initdb, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(initdb)
		if isExecutable(filepath.Join(dir, "postgres")) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob(binDirGlob)
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	for _, dir := range dirs {
		if isExecutable(filepath.Join(dir, "initdb")) && isExecutable(filepath.Join(dir, "postgres")) {
			return dir, nil
		}
	}
	return "", errNoBinaries
}

// errNoBinaries is the one start-up failure that skips the test instead of failing it outside
// Bazel (libs/testing/needs): PostgreSQL is simply not installed.
var errNoBinaries = fmt.Errorf("pgtest: PostgreSQL server binaries (initdb, postgres) not found on PATH "+
	"or in %s: install the Debian package \"postgresql\" (or set %s to a server)", binDirGlob, EnvDSN)

// majorOf reads the version from /usr/lib/postgresql/<major>/bin.
func majorOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func isExecutable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0
}
