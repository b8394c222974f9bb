// Package nacos is a kratos registry.Registrar and registry.Discovery on nacos-sdk-go/v2
// (kratos' contrib module is still on SDK v1).
//
// Naming follows kratos' convention: each endpoint of an instance is its own Nacos service,
// "<name>.<scheme>" (trainer.grpc, trainer.http), and clients dial "discovery:///trainer.grpc".
// Why one Nacos service per scheme rather than one service with the endpoints in metadata:
// a Nacos instance has exactly one ip:port, and with this convention that port is the real one,
// so Nacos' console, its health view and non-kratos clients (Spring Cloud, Java) see usable
// addresses; kratos users coming from the contrib module keep their discovery URLs.
package nacosregistry

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"

	"github.com/go-kratos/kratos/v2/registry"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/naming_client"
	"github.com/nacos-group/nacos-sdk-go/v2/model"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// Metadata keys the registry adds to every Nacos instance.
const (
	MetaKind    = "kind"
	MetaVersion = "version"
	MetaID      = "id"
)

// Errors for instances that cannot be registered.
var (
	ErrNoName      = errs.Invalid("registry-no-service-name", "the service instance has no name")
	ErrNoEndpoints = errs.Invalid("registry-no-endpoints", "the service instance has no endpoint")
	ErrBadEndpoint = errs.Invalid("registry-bad-endpoint", "an endpoint is not scheme://host:port")
	ErrNotAccepted = errs.New(errs.KindInternal, "registry-not-accepted", "Nacos did not accept the request")
	// ErrUnavailable wraps what the SDK says when a request fails (most often: Nacos cannot be
	// reached), so a service that cannot register at start stops with a searchable reason.
	ErrUnavailable = errs.New(errs.KindInternal, "registry-nacos-unavailable", "the request to Nacos failed")
)

// Registry registers and discovers instances in Nacos.
type Registry struct {
	cli  naming_client.INamingClient
	opts options
}

var (
	_ registry.Registrar = (*Registry)(nil)
	_ registry.Discovery = (*Registry)(nil)
)

// New uses cli (see libs/nacos.Naming) for every call; closing it is the caller's job.
func New(cli naming_client.INamingClient, opts ...Option) *Registry {
	o := options{group: "DEFAULT_GROUP", weight: 100}
	for _, opt := range opts {
		opt(&o)
	}
	return &Registry{cli: cli, opts: o}
}

// endpoint is one registrable address of an instance.
type endpoint struct {
	scheme string
	host   string
	port   uint64
}

func parseEndpoints(si *registry.ServiceInstance) ([]endpoint, error) {
	if si == nil || si.Name == "" {
		return nil, ErrNoName
	}
	if len(si.Endpoints) == 0 {
		return nil, ErrNoEndpoints
	}
	out := make([]endpoint, 0, len(si.Endpoints))
	for _, raw := range si.Endpoints {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme == "" {
			return nil, ErrBadEndpoint
		}
		host, portText, err := net.SplitHostPort(u.Host)
		if err != nil || host == "" {
			return nil, ErrBadEndpoint
		}
		port, err := strconv.ParseUint(portText, 10, 16)
		if err != nil || port == 0 {
			return nil, ErrBadEndpoint
		}
		out = append(out, endpoint{scheme: u.Scheme, host: host, port: port})
	}
	return out, nil
}

// Register registers one Nacos instance per endpoint, under "<name>.<scheme>". The instances
// are ephemeral: Nacos drops them when this process' connection ends, even without Deregister.
func (r *Registry) Register(_ context.Context, si *registry.ServiceInstance) error {
	eps, err := parseEndpoints(si)
	if err != nil {
		return err
	}
	for _, ep := range eps {
		md := make(map[string]string, len(si.Metadata)+3)
		for k, v := range si.Metadata {
			md[k] = v
		}
		md[MetaKind], md[MetaVersion], md[MetaID] = ep.scheme, si.Version, si.ID
		ok, err := r.cli.RegisterInstance(vo.RegisterInstanceParam{
			Ip: ep.host, Port: ep.port, ServiceName: si.Name + "." + ep.scheme, GroupName: r.opts.group,
			ClusterName: r.opts.cluster, Weight: r.opts.weight, Metadata: md,
			Enable: true, Healthy: true, Ephemeral: true,
		})
		if err != nil {
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		if !ok {
			return ErrNotAccepted
		}
	}
	return nil
}

// Deregister removes the instances Register made; call it on shutdown (kratos' App does).
func (r *Registry) Deregister(_ context.Context, si *registry.ServiceInstance) error {
	eps, err := parseEndpoints(si)
	if err != nil {
		return err
	}
	for _, ep := range eps {
		ok, err := r.cli.DeregisterInstance(vo.DeregisterInstanceParam{
			Ip: ep.host, Port: ep.port, ServiceName: si.Name + "." + ep.scheme, GroupName: r.opts.group,
			Cluster: r.opts.cluster, Ephemeral: true,
		})
		if err != nil {
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		if !ok {
			return ErrNotAccepted
		}
	}
	return nil
}

// GetService lists the healthy instances of a Nacos service name such as "trainer.grpc".
func (r *Registry) GetService(_ context.Context, name string) ([]*registry.ServiceInstance, error) {
	svc, err := r.cli.GetService(vo.GetServiceParam{ServiceName: name, GroupName: r.opts.group})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return toInstances(name, svc.Hosts), nil
}

// toInstances keeps the instances a client may call and turns them into kratos' shape.
func toInstances(name string, hosts []model.Instance) []*registry.ServiceInstance {
	out := make([]*registry.ServiceInstance, 0, len(hosts))
	for _, h := range hosts {
		if !h.Healthy || !h.Enable || h.Weight <= 0 {
			continue
		}
		kind := h.Metadata[MetaKind]
		if kind == "" {
			kind = "grpc" // an instance registered by a non-kratos client
		}
		id := h.Metadata[MetaID]
		if id == "" {
			id = h.InstanceId
		}
		out = append(out, &registry.ServiceInstance{
			ID: id, Name: name, Version: h.Metadata[MetaVersion], Metadata: h.Metadata,
			Endpoints: []string{kind + "://" + net.JoinHostPort(h.Ip, strconv.FormatUint(h.Port, 10))},
		})
	}
	return out
}
