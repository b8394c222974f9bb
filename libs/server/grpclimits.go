package server

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// maxStreamsPerConnection bounds the calls one gRPC connection runs at once (grpc-go's default
// is unbounded): each call in progress may hold a message of up to max_body_bytes. 100 is the
// least RFC 9113 advises; the services call each other over far fewer at a time.
const maxStreamsPerConnection = 100

// grpcLimits are the gRPC server's share of server.http_limits, so that a client without a
// token can make the gRPC port hold no more than the HTTP port. grpc-go's own defaults accept
// 4 MB messages, 16 MB of metadata, any number of concurrent calls per connection, and keep a
// connection that has no call open for ever: 200 concurrent 4 MB calls without a token grew a
// service by 1.8 GB (the middleware refuses them only after the message is read), and a
// health check with 10 MB of metadata was answered OK.
//   - a message is at most max_body_bytes (a larger one is refused, ResourceExhausted, unread);
//   - a call's metadata is at most max_header_bytes;
//   - a connection runs at most maxStreamsPerConnection calls at once (more wait client-side);
//   - a connection must finish its HTTP/2 handshake within read_header_timeout;
//   - a connection without a call for idle_timeout is closed (GOAWAY; clients reconnect).
func grpcLimits(l HTTPLimits) []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.MaxRecvMsgSize(int(min(l.MaxBodyBytes, 1<<31-1))),
		grpc.MaxHeaderListSize(uint32(l.MaxHeaderBytes)),
		grpc.MaxConcurrentStreams(maxStreamsPerConnection),
		grpc.ConnectionTimeout(l.ReadHeaderTimeout),
		grpc.KeepaliveParams(keepalive.ServerParameters{MaxConnectionIdle: l.IdleTimeout}),
	}
}
