// Package nacos builds nacos-sdk-go/v2 clients with the settings this project's registry
// and config libraries rely on, from a small options struct a service fills from its config.
package nacos

import (
	"net"
	"os"
	"path/filepath"
	"strconv"

	"github.com/nacos-group/nacos-sdk-go/v2/clients"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/config_client"
	"github.com/nacos-group/nacos-sdk-go/v2/clients/naming_client"
	"github.com/nacos-group/nacos-sdk-go/v2/common/constant"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// Options say where Nacos is and how to talk to it.
type Options struct {
	// Servers are Nacos HTTP addresses ("10.0.0.5:8848"); the gRPC port is 1000 above each,
	// as in every Nacos 2.x deployment.
	Servers []string
	// Namespace is the Nacos namespace id; empty is "public".
	Namespace string
	// Username and Password, when Nacos has authentication switched on.
	Username, Password string
	// TimeoutMs bounds each request; 3000 when zero.
	TimeoutMs uint64
	// Dir holds the SDK's log and cache files; os.TempDir()/nacos when empty.
	Dir string
	// LogLevel of the SDK's own log: debug, info, warn (default) or error.
	LogLevel string
}

// Errors for options a client cannot be built from.
var (
	ErrNoServers     = errs.Invalid("nacos-no-servers", "no Nacos server address is configured")
	ErrBadServerAddr = errs.Invalid("nacos-bad-server-address", "a Nacos server address is not host:port")
)

func (o Options) params() (vo.NacosClientParam, error) {
	if len(o.Servers) == 0 {
		return vo.NacosClientParam{}, ErrNoServers
	}
	servers := make([]constant.ServerConfig, 0, len(o.Servers))
	for _, addr := range o.Servers {
		host, portText, err := net.SplitHostPort(addr)
		port, perr := strconv.ParseUint(portText, 10, 16)
		if err != nil || perr != nil || host == "" || port == 0 {
			return vo.NacosClientParam{}, ErrBadServerAddr
		}
		servers = append(servers, constant.ServerConfig{
			Scheme: "http", ContextPath: "/nacos", IpAddr: host, Port: port, GrpcPort: port + constant.RpcPortOffset,
		})
	}
	dir := o.Dir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "nacos")
	}
	level := o.LogLevel
	if level == "" {
		level = "warn"
	}
	timeout := o.TimeoutMs
	if timeout == 0 {
		timeout = 3000
	}
	cc := &constant.ClientConfig{
		NamespaceId: o.Namespace, Username: o.Username, Password: o.Password, TimeoutMs: timeout,
		LogDir: filepath.Join(dir, "log"), CacheDir: filepath.Join(dir, "cache"), LogLevel: level,
		// A fresh start must not serve instances cached by a previous run.
		NotLoadCacheAtStart: true,
		// Without this the SDK keeps the last instance of a service after it deregistered, and
		// watchers never learn that a service has no instance left.
		UpdateCacheWhenEmpty: true,
	}
	return vo.NacosClientParam{ClientConfig: cc, ServerConfigs: servers}, nil
}

// Naming builds a naming (registry) client. It connects before returning.
func Naming(o Options) (naming_client.INamingClient, error) {
	p, err := o.params()
	if err != nil {
		return nil, err
	}
	return clients.NewNamingClient(p)
}

// Config builds a configuration client.
func Config(o Options) (config_client.IConfigClient, error) {
	p, err := o.params()
	if err != nil {
		return nil, err
	}
	return clients.NewConfigClient(p)
}
