package push_test

import (
	"errors"
	"testing"

	"github.com/kratos-monorepo/monorepo/tools/oci/push"
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
