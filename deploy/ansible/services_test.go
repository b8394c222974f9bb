package ansible_test

import (
	"path/filepath"
	"testing"
)

// backendServices are the services group_vars/all.yml deploys, with their HTTP and gRPC ports:
// the three examples, and those tools/scaffold added, so the tests check each of them.
func backendServices(t *testing.T) map[string][2]int {
	t.Helper()
	var vars struct {
		BackendServices map[string]struct {
			HTTP int `yaml:"http_port"`
			GRPC int `yaml:"grpc_port"`
		} `yaml:"backend_services"`
	}
	readYAML(t, filepath.Join("group_vars", "all.yml"), &vars)
	if len(vars.BackendServices) == 0 {
		t.Fatal("group_vars/all.yml lists no backend_services")
	}
	services := map[string][2]int{}
	for name, p := range vars.BackendServices {
		services[name] = [2]int{p.HTTP, p.GRPC}
	}
	return services
}
