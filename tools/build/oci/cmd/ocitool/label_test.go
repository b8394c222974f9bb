package main

import (
	"errors"
	"testing"
)

func TestOutputNamesLabel(t *testing.T) {
	const key = "org.opencontainers.image.version"
	tests := []struct {
		name, output string
		labels       map[string]string
		ok           bool
	}{
		{"stamped binary", "user 1.2.3-4-gabc\n", map[string]string{key: "1.2.3-4-gabc"}, true},
		{"unstamped binary in a stamped image", "user dev\n", map[string]string{key: "1.2.3"}, false},
		{"a prefix is not the version", "user 1.2.3-4\n", map[string]string{key: "1.2.3"}, false},
		{"no such label", "user dev\n", map[string]string{}, false},
	}
	for _, tt := range tests {
		err := outputNamesLabel(tt.output, tt.labels, key)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, errSmokeLabel)) {
			t.Errorf("%s: outputNamesLabel = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
