package server

import (
	"fmt"

	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/nacos"
	"github.com/kratos-monorepo/monorepo/libs/nacos/nacosregistry"
)

// ErrUnknownRegistry stops a service whose registry.kind names no registry this project has.
// A Nacos section without servers stops it with nacos.ErrNoServers.
var ErrUnknownRegistry = errs.Invalid("registry-unknown-kind", "registry.kind must be static or nacos")

// newRegistry builds the registry rc names, with the function closing its client; nil and a
// no-op with the static registry.
func newRegistry(rc *conf.Registry, dir string) (*nacosregistry.Registry, func(), error) {
	switch rc.GetKind() {
	case "", conf.RegistryStatic:
		return nil, func() {}, nil
	case conf.RegistryNacos:
	default:
		return nil, nil, fmt.Errorf("%w: %q", ErrUnknownRegistry, rc.GetKind())
	}
	n := rc.GetNacos()
	cli, err := nacos.Naming(nacos.Options{
		Servers: n.GetServers(), Namespace: n.GetNamespace(), Username: n.GetUsername(), Password: n.GetPassword(),
		TimeoutMs: uint64(n.GetTimeout().AsDuration().Milliseconds()), Dir: dir, LogLevel: "error",
	})
	if err != nil {
		return nil, nil, err
	}
	var opts []nacosregistry.Option
	if g := n.GetGroup(); g != "" {
		opts = append(opts, nacosregistry.WithGroup(g))
	}
	return nacosregistry.New(cli, opts...), cli.CloseClient, nil
}
