package push_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/random"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/push"
)

func TestRepository(t *testing.T) {
	t.Parallel()
	tests := []struct {
		repository, registry, want string
		err                        error
	}{
		{repository: "kratos/user", want: "localhost:5000/kratos/user"},
		{repository: "kratos/user", registry: "reg.lan:5000", want: "reg.lan:5000/kratos/user"},
		{repository: "reg.example.com/kratos/user", want: "reg.example.com/kratos/user"},
		{repository: "reg.example.com/kratos/user", registry: "127.0.0.1:5001", want: "127.0.0.1:5001/kratos/user"},
		{repository: "localhost/kratos/user", registry: "h:1", want: "h:1/kratos/user"},
		{repository: "Kratos/User", err: push.ErrBadRepository},
	}
	for _, tt := range tests {
		t.Run(tt.repository+"@"+tt.registry, func(t *testing.T) {
			t.Parallel()
			got, err := push.Repository(tt.repository, tt.registry, false)
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if err == nil && got.Name() != tt.want {
				t.Errorf("Repository = %s, want %s", got.Name(), tt.want)
			}
		})
	}
}

func TestPushToAnAddressWithoutRegistrySaysSo(t *testing.T) {
	t.Parallel()
	// A port that was free a moment ago: nothing listens there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	img, err := random.Image(64, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = push.New(push.WithRegistry(addr)).Push(context.Background(), push.Target{Image: img, Repository: "kratos/x", Tags: []string{"t"}})
	if !errors.Is(err, push.ErrRegistryUnreachable) || !strings.Contains(err.Error(), "--registry") {
		t.Fatalf("error %v, want %v naming --registry", err, push.ErrRegistryUnreachable)
	}
}
