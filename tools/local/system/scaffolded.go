package system

import (
	"context"
	"slices"
	"strings"

	"github.com/kratos-monorepo/monorepo/libs/conf"
)

// standalone is a service that calls no other one: each service tools/scaffold adds registers
// itself from a file of its own (service_<name>.go), so adding or removing one never edits
// Start.
type standalone struct {
	name     string
	defaults []byte
	build    func(ctx context.Context, bc *conf.Bootstrap, version string) (part, error)
}

var scaffolded []standalone

func register(s standalone) { scaffolded = append(scaffolded, s) }

// startScaffolded builds the registered services after the examples, in name order, each on
// the ports Options give its name (a free pair when none).
func (s *System) startScaffolded(ctx context.Context, load func(name string, defaults []byte) (*conf.Bootstrap, error), version string) error {
	services := slices.SortedFunc(slices.Values(scaffolded), func(a, b standalone) int { return strings.Compare(a.name, b.name) })
	for _, svc := range services {
		bc, err := load(svc.name, svc.defaults)
		if err != nil {
			return err
		}
		p, err := svc.build(ctx, bc, version)
		if err != nil {
			return err
		}
		if err := s.add(svc.name, p); err != nil {
			return err
		}
	}
	return nil
}
