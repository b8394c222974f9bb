// Package prometheus ships the Prometheus configuration of the deployment; the files are
// embedded so tests run Prometheus on exactly what is deployed.
package prometheus

import "embed"

// Files holds prometheus.yml and the example target files.
//
//go:embed prometheus.yml targets
var Files embed.FS
