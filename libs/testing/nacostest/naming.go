package nacostest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/nacos-group/nacos-sdk-go/v2/model"
)

const (
	defaultNamespace = "public"
	defaultGroup     = "DEFAULT_GROUP"
	defaultCluster   = "DEFAULT"
)

// serviceKey names a service the way Nacos scopes it.
type serviceKey struct{ namespace, group, name string }

func newServiceKey(namespace, group, name string) serviceKey {
	if namespace == "" {
		namespace = defaultNamespace
	}
	if group == "" {
		group = defaultGroup
	}
	return serviceKey{namespace, group, name}
}

// owned is an instance together with the connection that registered it.
type owned struct {
	owner    string
	instance model.Instance
}

type namingStore struct {
	// instances by service, then by ip#port#cluster.
	instances map[serviceKey]map[string]owned
	// subscribers by service: connection id -> clusters string the client subscribed with.
	subscribers map[serviceKey]map[string]string
	refTime     map[serviceKey]int64
}

func newNamingStore() *namingStore {
	return &namingStore{
		instances:   map[serviceKey]map[string]owned{},
		subscribers: map[serviceKey]map[string]string{},
		refTime:     map[serviceKey]int64{},
	}
}

func instanceID(in model.Instance) string {
	return in.Ip + "#" + strconv.FormatUint(in.Port, 10) + "#" + in.ClusterName
}

// dropOwner removes every instance and subscription of a connection and returns the services
// whose instances changed.
func (n *namingStore) dropOwner(id string) []serviceKey {
	var changed []serviceKey
	for key, byID := range n.instances {
		for iid, o := range byID {
			if o.owner == id {
				delete(byID, iid)
				changed = append(changed, key)
			}
		}
	}
	for _, subs := range n.subscribers {
		delete(subs, id)
	}
	return changed
}

type namingRequest struct {
	request
	Namespace   string `json:"namespace"`
	ServiceName string `json:"serviceName"`
	GroupName   string `json:"groupName"`
	// InstanceRequest, BatchInstanceRequest
	Type      string           `json:"type"`
	Instance  model.Instance   `json:"instance"`
	Instances []model.Instance `json:"instances"`
	// SubscribeServiceRequest
	Subscribe bool   `json:"subscribe"`
	Clusters  string `json:"clusters"`
	// ServiceQueryRequest
	Cluster     string `json:"cluster"`
	HealthyOnly bool   `json:"healthyOnly"`
	// ServiceListRequest
	PageNo   int `json:"pageNo"`
	PageSize int `json:"pageSize"`
}

func (s *Server) handleNaming(id, typ string, req namingRequest) (reply, []outgoing) {
	key := newServiceKey(req.Namespace, req.GroupName, req.ServiceName)
	var out reply
	var changed []serviceKey
	switch typ {
	case "InstanceRequest":
		out, changed = s.instanceRequest(id, key, req)
	case "BatchInstanceRequest":
		out, changed = s.batchInstanceRequest(id, key, req)
	case "SubscribeServiceRequest":
		out = s.subscribeRequest(id, key, req)
	case "ServiceQueryRequest":
		out = reply{"QueryServiceResponse", &serviceResponse{response: ok(), ServiceInfo: s.serviceInfo(key, req.Cluster, req.HealthyOnly)}}
	case "ServiceListRequest":
		out = s.serviceListRequest(key, req)
	}
	return out, s.namingPushes(changed)
}

type serviceResponse struct {
	response
	ServiceInfo model.Service `json:"serviceInfo"`
}

func (s *Server) instanceRequest(id string, key serviceKey, req namingRequest) (reply, []serviceKey) {
	if key.name == "" {
		return reply{"InstanceResponse", &struct{ response }{fail(errBadParameter, "serviceName is empty")}}, nil
	}
	in := normalize(req.Instance, key)
	switch req.Type {
	case "registerInstance":
		if s.naming.instances[key] == nil {
			s.naming.instances[key] = map[string]owned{}
		}
		s.naming.instances[key][instanceID(in)] = owned{owner: id, instance: in}
	case "deregisterInstance":
		// Nacos 2 binds an ephemeral instance to the client that published it: another
		// connection's deregister succeeds but leaves it in place.
		if o, ok := s.naming.instances[key][instanceID(in)]; ok && o.owner == id {
			delete(s.naming.instances[key], instanceID(in))
		}
	default:
		return reply{"InstanceResponse", &struct{ response }{fail(errBadParameter, "unknown instance request type "+req.Type)}}, nil
	}
	return reply{"InstanceResponse", &struct{ response }{ok()}}, []serviceKey{key}
}

// batchInstanceRequest replaces the connection's instances of the service, as Nacos does.
func (s *Server) batchInstanceRequest(id string, key serviceKey, req namingRequest) (reply, []serviceKey) {
	if key.name == "" || len(req.Instances) == 0 {
		return reply{"BatchInstanceResponse", &struct{ response }{fail(errBadParameter, "serviceName or instances empty")}}, nil
	}
	byID := s.naming.instances[key]
	if byID == nil {
		byID = map[string]owned{}
		s.naming.instances[key] = byID
	}
	for iid, o := range byID {
		if o.owner == id {
			delete(byID, iid)
		}
	}
	for _, raw := range req.Instances {
		in := normalize(raw, key)
		byID[instanceID(in)] = owned{owner: id, instance: in}
	}
	return reply{"BatchInstanceResponse", &struct{ response }{ok()}}, []serviceKey{key}
}

func (s *Server) subscribeRequest(id string, key serviceKey, req namingRequest) reply {
	if req.Subscribe {
		if s.naming.subscribers[key] == nil {
			s.naming.subscribers[key] = map[string]string{}
		}
		s.naming.subscribers[key][id] = req.Clusters
		s.connFor(id)
	} else {
		delete(s.naming.subscribers[key], id)
	}
	return reply{"SubscribeServiceResponse", &serviceResponse{response: ok(), ServiceInfo: s.serviceInfo(key, req.Clusters, false)}}
}

func (s *Server) serviceListRequest(key serviceKey, req namingRequest) reply {
	var names []string
	for k, byID := range s.naming.instances {
		if k.namespace == key.namespace && k.group == key.group && len(byID) > 0 {
			names = append(names, k.name)
		}
	}
	sort.Strings(names)
	count := len(names)
	if req.PageSize > 0 {
		start := max(req.PageNo-1, 0) * req.PageSize
		names = names[min(start, len(names)):min(start+req.PageSize, len(names))]
	}
	return reply{"ServiceListResponse", &struct {
		response
		Count        int      `json:"count"`
		ServiceNames []string `json:"serviceNames"`
	}{ok(), count, names}}
}

// normalize fills what the server decides: cluster default, instance id, grouped service name.
func normalize(in model.Instance, key serviceKey) model.Instance {
	if in.ClusterName == "" {
		in.ClusterName = defaultCluster
	}
	in.ServiceName = key.group + "@@" + key.name
	in.InstanceId = fmt.Sprintf("%s#%d#%s#%s", in.Ip, in.Port, in.ClusterName, in.ServiceName)
	in.Ephemeral = true
	return in
}

// serviceInfo is the service as a client sees it. Caller holds mu.
func (s *Server) serviceInfo(key serviceKey, clusters string, healthyOnly bool) model.Service {
	wanted := map[string]bool{}
	for _, c := range strings.Split(clusters, ",") {
		if c != "" {
			wanted[c] = true
		}
	}
	hosts := []model.Instance{}
	for _, o := range s.naming.instances[key] {
		if len(wanted) > 0 && !wanted[o.instance.ClusterName] {
			continue
		}
		if healthyOnly && !o.instance.Healthy {
			continue
		}
		hosts = append(hosts, o.instance)
	}
	sort.Slice(hosts, func(i, j int) bool { return hosts[i].InstanceId < hosts[j].InstanceId })
	ref, ok := s.naming.refTime[key]
	if !ok {
		ref = s.nextTime()
		s.naming.refTime[key] = ref
	}
	return model.Service{
		Name: key.name, GroupName: key.group, Clusters: clusters, Hosts: hosts,
		CacheMillis: defaultCacheMillis, LastRefTime: uint64(ref), Valid: true,
	}
}

// namingPushes bumps the services' lastRefTime and builds a NotifySubscriberRequest for every
// subscriber. Caller holds mu.
func (s *Server) namingPushes(changed []serviceKey) []outgoing {
	var out []outgoing
	seen := map[serviceKey]bool{}
	for _, key := range changed {
		if seen[key] {
			continue
		}
		seen[key] = true
		s.naming.refTime[key] = s.nextTime()
		for connID, clusters := range s.naming.subscribers[key] {
			c, ok := s.conns[connID]
			if !ok {
				continue
			}
			p, err := payload("NotifySubscriberRequest", struct {
				request
				Namespace   string        `json:"namespace"`
				ServiceName string        `json:"serviceName"`
				GroupName   string        `json:"groupName"`
				ServiceInfo model.Service `json:"serviceInfo"`
			}{
				request:   request{RequestID: strconv.FormatInt(s.nextTime(), 10), Module: "naming"},
				Namespace: key.namespace, ServiceName: key.name, GroupName: key.group,
				ServiceInfo: s.serviceInfo(key, clusters, false),
			})
			if err == nil {
				out = append(out, outgoing{to: c, p: p})
			}
		}
	}
	return out
}

// Instances lists the registered instances of a service, for assertions.
func (s *Server) Instances(namespace, group, service string) []model.Instance {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.serviceInfo(newServiceKey(namespace, group, service), "", false).Hosts
}
