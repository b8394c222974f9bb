package main

import (
	"errors"
	"testing"
)

func TestCheckServeLog(t *testing.T) {
	const (
		listening = `{"level":"info","msg":"server listening","service.name":"user","addr":"127.0.0.1:1"}`
		stopping  = `{"level":"info","msg":"server stopping","service.name":"user"}`
	)
	tests := []struct {
		name, stderr string
		ok           bool
	}{
		{"own lines at info", listening + "\n" + stopping + "\n", true},
		{"another service", listening + "\n" + `{"level":"info","msg":"server listening","service.name":"training"}` + "\n", false},
		{"kratos' plain text", "DEBUG msg=config loaded: defaults.yaml format: yaml\n" + listening + "\n", false},
		{"a warning", listening + "\n" + `{"level":"warn","msg":"x","service.name":"user"}` + "\n", false},
		{"never listening", stopping + "\n", false},
	}
	for _, tt := range tests {
		err := checkServeLog(tt.stderr, "user")
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, errSmokeBadLog)) {
			t.Errorf("%s: checkServeLog = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
