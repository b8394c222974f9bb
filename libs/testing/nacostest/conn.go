package nacostest

import (
	"context"
	"encoding/json"
	"sync"

	nacosgrpc "github.com/nacos-group/nacos-sdk-go/v2/api/grpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// conn is one SDK client connection. Nacos identifies it by the client's address: the unary
// calls and the bi-directional stream of one SDK client share one HTTP/2 connection.
type conn struct {
	id     string
	tenant string
	sendMu sync.Mutex
	stream grpc.BidiStreamingServer[nacosgrpc.Payload, nacosgrpc.Payload]
}

// push sends a server request down the connection's stream; the SDK answers on the same
// stream, and those answers are read and dropped by the stream loop.
func (c *conn) push(p *nacosgrpc.Payload) {
	if c == nil || c.stream == nil {
		return
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	_ = c.stream.Send(p)
}

func connID(ctx context.Context) (string, error) {
	p, ok := peer.FromContext(ctx)
	if !ok || p.Addr == nil {
		return "", status.Error(codes.InvalidArgument, "nacostest: no peer address")
	}
	return p.Addr.String(), nil
}

// connFor returns the connection record for id, making it on the first call. Caller holds mu.
func (s *Server) connFor(id string) *conn {
	c, ok := s.conns[id]
	if !ok {
		c = &conn{id: id}
		s.conns[id] = c
	}
	return c
}

type requestService struct {
	nacosgrpc.UnimplementedRequestServer
	s *Server
}

// Request answers one unary call.
func (r requestService) Request(ctx context.Context, in *nacosgrpc.Payload) (*nacosgrpc.Payload, error) {
	id, err := connID(ctx)
	if err != nil {
		return nil, err
	}
	typ := in.GetMetadata().GetType()
	body := in.GetBody().GetValue()
	var req request
	if err := json.Unmarshal(body, &req); err != nil {
		return payload("ErrorResponse", fail(errBadParameter, "body is not JSON: "+err.Error()))
	}
	out := r.s.handle(id, typ, body)
	setRequestID(out.body, req.RequestID)
	return payload(out.typ, out.body)
}

type streamService struct {
	nacosgrpc.UnimplementedBiRequestStreamServer
	s *Server
}

// RequestBiStream keeps the push channel of one connection. The first message is the client's
// ConnectionSetupRequest; later ones are its answers to pushes. When the stream ends the
// connection is gone, and with it everything it registered.
func (st streamService) RequestBiStream(stream grpc.BidiStreamingServer[nacosgrpc.Payload, nacosgrpc.Payload]) error {
	id, err := connID(stream.Context())
	if err != nil {
		return err
	}
	st.s.mu.Lock()
	c := st.s.connFor(id)
	c.stream = stream
	st.s.mu.Unlock()
	defer st.s.dropConn(id)
	for {
		in, err := stream.Recv()
		if err != nil {
			return nil
		}
		if in.GetMetadata().GetType() == "ConnectionSetupRequest" {
			var setup struct {
				Tenant string `json:"tenant"`
			}
			_ = json.Unmarshal(in.GetBody().GetValue(), &setup)
			st.s.mu.Lock()
			c.tenant = setup.Tenant
			st.s.mu.Unlock()
		}
	}
}

// dropConn forgets a connection, its instances, subscriptions and listeners, and tells the
// subscribers of the services that lost instances.
func (s *Server) dropConn(id string) {
	s.mu.Lock()
	if _, ok := s.conns[id]; !ok {
		s.mu.Unlock()
		return
	}
	delete(s.conns, id)
	changed := s.naming.dropOwner(id)
	s.configs.dropListener(id)
	pushes := s.namingPushes(changed)
	s.mu.Unlock()
	deliver(pushes)
}

// handle dispatches a request by its Nacos type name. Caller does not hold mu.
func (s *Server) handle(id, typ string, body []byte) reply {
	switch typ {
	case "ServerCheckRequest":
		return reply{"ServerCheckResponse", &struct {
			response
			ConnectionID string `json:"connectionId"`
		}{response: ok(), ConnectionID: id}}
	case "HealthCheckRequest":
		return reply{"HealthCheckResponse", &struct{ response }{ok()}}
	case "InstanceRequest", "BatchInstanceRequest", "SubscribeServiceRequest",
		"ServiceQueryRequest", "ServiceListRequest":
		return handleLocked(s, id, typ, body, s.handleNaming)
	case "ConfigQueryRequest", "ConfigPublishRequest", "ConfigRemoveRequest", "ConfigBatchListenRequest":
		return handleLocked(s, id, typ, body, s.handleConfig)
	}
	return reply{"ErrorResponse", &struct{ response }{fail(errUnknownRequest, "unknown request type "+typ)}}
}

// handleLocked decodes a request of type R and runs do with it under mu; the pushes do returns
// are sent once mu is released (see outgoing).
func handleLocked[R any](s *Server, id, typ string, body []byte, do func(id, typ string, req R) (reply, []outgoing)) reply {
	var req R
	if err := json.Unmarshal(body, &req); err != nil {
		return reply{"ErrorResponse", &struct{ response }{fail(errBadParameter, err.Error())}}
	}
	s.mu.Lock()
	out, pushes := do(id, typ, req)
	s.mu.Unlock()
	deliver(pushes)
	return out
}

// setRequestID copies the request id into a response body, which embeds response.
func setRequestID(body any, requestID string) {
	if r, ok := body.(interface{ setRequestID(string) }); ok {
		r.setRequestID(requestID)
	}
}

func (r *response) setRequestID(id string) { r.RequestID = id }

// outgoing is a push waiting to be sent once mu is released.
type outgoing struct {
	to *conn
	p  *nacosgrpc.Payload
}

func deliver(pushes []outgoing) {
	for _, o := range pushes {
		o.to.push(o.p)
	}
}
