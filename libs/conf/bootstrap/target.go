package bootstrap

import (
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/nacos"
)

const defaultGroup = "DEFAULT_GROUP"

// target is the Nacos configuration a service reads: config.nacos, each empty field taken
// from registry.nacos, so one Nacos section serves both by default.
type target struct {
	servers   []string
	namespace string
	group     string
	dataID    string
	timeoutMs uint64
	// The Nacos account: config.nacos' when it names one, else registry.nacos'.
	username, password string
}

func nacosTarget(name string, bc *conf.Bootstrap) target {
	cn, rn := bc.GetConfig().GetNacos(), bc.GetRegistry().GetNacos()
	t := target{
		servers:   cn.GetServers(),
		namespace: firstOf(cn.GetNamespace(), rn.GetNamespace()),
		group:     firstOf(cn.GetGroup(), rn.GetGroup(), defaultGroup),
		dataID:    firstOf(cn.GetDataId(), name+".yaml"),
	}
	if len(t.servers) == 0 {
		t.servers = rn.GetServers()
	}
	t.username, t.password = cn.GetUsername(), cn.GetPassword()
	if t.username == "" && t.password == "" {
		t.username, t.password = rn.GetUsername(), rn.GetPassword()
	}
	timeout := cn.GetTimeout()
	if timeout == nil {
		timeout = rn.GetTimeout()
	}
	t.timeoutMs = uint64(timeout.AsDuration().Milliseconds())
	return t
}

func (t target) client(dir string) nacos.Options {
	return nacos.Options{
		Servers: t.servers, Namespace: t.namespace, TimeoutMs: t.timeoutMs, Dir: dir, LogLevel: "error",
		Username: t.username, Password: t.password,
	}
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
