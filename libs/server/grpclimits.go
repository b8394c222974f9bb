package server

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/status"
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
		grpc.ChainStreamInterceptor(limitHealthWatches(maxHealthWatches)),
	}
}

// maxHealthWatches bounds the gRPC health Watch streams open at once on one server. A Watch
// needs no token and lasts as long as its caller likes (a connection with a call open is never
// idle), so without a bound anyone could hold goroutines and buffers for ever, about 16 KB
// each: 5,000 watches over 50 connections grew a service by 83 MB. Probes use Check; the few
// load balancers that watch need far fewer.
const maxHealthWatches = 1000

const healthWatchMethod = "/grpc.health.v1.Health/Watch"

// limitHealthWatches answers a Watch beyond max open ones ResourceExhausted at once.
func limitHealthWatches(max int) grpc.StreamServerInterceptor {
	open := make(chan struct{}, max)
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if info.FullMethod != healthWatchMethod {
			return handler(srv, ss)
		}
		select {
		case open <- struct{}{}:
			defer func() { <-open }()
			return handler(srv, ss)
		default:
			return status.Error(codes.ResourceExhausted, "too many health watches are open; use Check")
		}
	}
}
