package nacostest

import (
	"crypto/md5"
	"encoding/hex"
	"strconv"
	"time"
)

// configKey names a configuration the way Nacos scopes it; tenant is the namespace id.
type configKey struct{ tenant, group, dataID string }

func newConfigKey(tenant, group, dataID string) configKey {
	if tenant == defaultNamespace {
		tenant = "" // Nacos stores the public namespace as the empty tenant.
	}
	if group == "" {
		group = defaultGroup
	}
	return configKey{tenant, group, dataID}
}

type configItem struct {
	content      string
	md5          string
	lastModified int64
}

type configStore struct {
	items map[configKey]configItem
	// listeners by config: connection ids that asked to hear about changes.
	listeners map[configKey]map[string]bool
	// lastListen is when a listen request for the config was last answered.
	lastListen map[configKey]time.Time
}

func newConfigStore() *configStore {
	return &configStore{items: map[configKey]configItem{}, listeners: map[configKey]map[string]bool{}, lastListen: map[configKey]time.Time{}}
}

// forgetConnections keeps the stored configs (Nacos keeps them in its database) and drops
// what belonged to connections.
func (c *configStore) forgetConnections() {
	c.listeners = map[configKey]map[string]bool{}
	c.lastListen = map[configKey]time.Time{}
}

func (c *configStore) dropListener(id string) {
	for _, ids := range c.listeners {
		delete(ids, id)
	}
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

type listenContext struct {
	Group  string `json:"group"`
	Md5    string `json:"md5"`
	DataID string `json:"dataId"`
	Tenant string `json:"tenant"`
}

type configRequest struct {
	request
	Group   string `json:"group"`
	DataID  string `json:"dataId"`
	Tenant  string `json:"tenant"`
	Content string `json:"content"`
	CasMd5  string `json:"casMd5"`
	// ConfigBatchListenRequest
	Listen   bool            `json:"listen"`
	Contexts []listenContext `json:"configListenContexts"`
}

func (s *Server) handleConfig(id, typ string, req configRequest) (reply, []outgoing) {
	key := newConfigKey(req.Tenant, req.Group, req.DataID)
	var out reply
	var changed []configKey
	switch typ {
	case "ConfigQueryRequest":
		out = s.configQuery(key)
	case "ConfigPublishRequest":
		out, changed = s.configPublish(key, req)
	case "ConfigRemoveRequest":
		if _, ok := s.configs.items[key]; ok {
			delete(s.configs.items, key)
			changed = append(changed, key)
		}
		out = reply{"ConfigRemoveResponse", &struct{ response }{ok()}}
	case "ConfigBatchListenRequest":
		out = s.configListen(id, req)
	}
	return out, s.configPushes(changed)
}

type configQueryResponse struct {
	response
	Content      string `json:"content"`
	ContentType  string `json:"contentType"`
	Md5          string `json:"md5"`
	LastModified int64  `json:"lastModified"`
}

func (s *Server) configQuery(key configKey) reply {
	item, found := s.configs.items[key]
	if !found {
		return reply{"ConfigQueryResponse", &configQueryResponse{response: fail(errConfigNotFound, "config data not exist")}}
	}
	return reply{"ConfigQueryResponse", &configQueryResponse{
		response: ok(), Content: item.content, ContentType: "text", Md5: item.md5, LastModified: item.lastModified,
	}}
}

func (s *Server) configPublish(key configKey, req configRequest) (reply, []configKey) {
	if key.dataID == "" || req.Content == "" {
		return reply{"ConfigPublishResponse", &struct{ response }{fail(errBadParameter, "dataId and content are required")}}, nil
	}
	old, exists := s.configs.items[key]
	// casMd5 makes a publish conditional on the content the client last saw.
	if req.CasMd5 != "" && (!exists || old.md5 != req.CasMd5) {
		return reply{"ConfigPublishResponse", &struct{ response }{fail(errBadParameter, "cas publish failed: md5 mismatch")}}, nil
	}
	item := configItem{content: req.Content, md5: md5Hex(req.Content), lastModified: s.nextTime()}
	s.configs.items[key] = item
	if exists && old.md5 == item.md5 {
		return reply{"ConfigPublishResponse", &struct{ response }{ok()}}, nil
	}
	return reply{"ConfigPublishResponse", &struct{ response }{ok()}}, []configKey{key}
}

// configListen registers (or removes) listeners and answers which of the client's md5s are
// stale, so a client that missed a push while disconnected catches up.
func (s *Server) configListen(id string, req configRequest) reply {
	changed := []listenContext{}
	for _, lc := range req.Contexts {
		key := newConfigKey(lc.Tenant, lc.Group, lc.DataID)
		if !req.Listen {
			delete(s.configs.listeners[key], id)
			continue
		}
		if s.configs.listeners[key] == nil {
			s.configs.listeners[key] = map[string]bool{}
		}
		s.configs.listeners[key][id] = true
		s.configs.lastListen[key] = time.Now()
		s.connFor(id)
		if s.configs.items[key].md5 != lc.Md5 {
			changed = append(changed, listenContext{Group: lc.Group, DataID: lc.DataID, Tenant: lc.Tenant})
		}
	}
	return reply{"ConfigChangeBatchListenResponse", &struct {
		response
		ChangedConfigs []listenContext `json:"changedConfigs"`
	}{ok(), changed}}
}

// configPushes builds a ConfigChangeNotifyRequest for every listener. Caller holds mu.
func (s *Server) configPushes(changed []configKey) []outgoing {
	var out []outgoing
	for _, key := range changed {
		for connID := range s.configs.listeners[key] {
			c, ok := s.conns[connID]
			if !ok {
				continue
			}
			p, err := payload("ConfigChangeNotifyRequest", struct {
				request
				Group  string `json:"group"`
				DataID string `json:"dataId"`
				Tenant string `json:"tenant"`
			}{request{RequestID: strconv.FormatInt(s.nextTime(), 10), Module: "config"}, key.group, key.dataID, key.tenant})
			if err == nil {
				out = append(out, outgoing{to: c, p: p})
			}
		}
	}
	return out
}

// Config is the stored content of a configuration, for assertions.
func (s *Server) Config(tenant, group, dataID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	item, ok := s.configs.items[newConfigKey(tenant, group, dataID)]
	return item.content, ok
}

// Publish stores a configuration as if an operator changed it in the Nacos console, and
// notifies the listeners.
func (s *Server) Publish(tenant, group, dataID, content string) {
	s.mu.Lock()
	_, changed := s.configPublish(newConfigKey(tenant, group, dataID), configRequest{Content: content})
	pushes := s.configPushes(changed)
	s.mu.Unlock()
	deliver(pushes)
}

// Listeners is the number of connections listening to a configuration and when the last
// listen request for it was answered.
//
// Tests need both before publishing a change they expect to be pushed: the SDK sends its first
// listen request on a 5 s timer after ListenConfig, and while it processes a listen answer it
// overwrites its "in sync" flag, so a push that lands in those few milliseconds is lost until
// its 5-minute full sync (nacos-sdk-go v2.3.5, config_client.executeConfigListen). A running
// service is long past that window; a test waits until the answer is a moment old.
func (s *Server) Listeners(tenant, group, dataID string) (int, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := newConfigKey(tenant, group, dataID)
	n := 0
	for id := range s.configs.listeners[key] {
		if _, ok := s.conns[id]; ok {
			n++
		}
	}
	return n, s.configs.lastListen[key]
}
