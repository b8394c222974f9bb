package image_test

import (
	"errors"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	serviceLimits := image.Expect{MaxBytes: 20 << 20, Ports: []string{"8000/tcp", "9000/tcp"}}
	tests := []struct {
		name   string
		spec   func(*image.Spec)
		config func(*v1.Config) // applied after the build, as a hand-edited image would be
		expect image.Expect
		want   []error
	}{
		{name: "service image", expect: serviceLimits},
		{name: "over the size limit", expect: image.Expect{MaxBytes: 1000}, want: []error{image.ErrImageTooLarge}},
		{name: "over the unpacked size limit", expect: image.Expect{MaxBytes: 20 << 20, MaxUncompressedBytes: 1 << 20}, want: []error{image.ErrImageTooLarge}},
		{name: "port not exposed", expect: image.Expect{Ports: []string{"7000/tcp"}}, want: []error{image.ErrPortNotExposed}},
		{name: "root", spec: func(s *image.Spec) { s.User = "0" }, want: []error{image.ErrRunsAsRoot}},
		{name: "user without passwd entry", config: func(c *v1.Config) { c.User = "4242" }, want: []error{image.ErrUserNotInPasswd}},
		{
			name:   "missing entrypoint and root",
			config: func(c *v1.Config) { c.Entrypoint = []string{"/app/nope"}; c.User = "0" },
			want:   []error{image.ErrEntrypointMissing, image.ErrRunsAsRoot},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec := helloSpec(t)
			if tt.spec != nil {
				tt.spec(&spec)
			}
			img, err := image.Build(spec)
			if err != nil {
				t.Fatal(err)
			}
			if tt.config != nil {
				cfg, _ := img.ConfigFile()
				c := cfg.Config
				tt.config(&c)
				if img, err = mutate.Config(img, c); err != nil {
					t.Fatal(err)
				}
			}
			err = image.Check(img, tt.expect)
			if len(tt.want) == 0 && err != nil {
				t.Fatalf("Check: %v", err)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("Check error %v does not include %v", err, w)
				}
			}
		})
	}
}
