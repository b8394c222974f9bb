// Package nacostest is a TEST DOUBLE of a Nacos 2.x server, not a Nacos server.
//
// The real Nacos server cannot be installed where this project's tests run, so the registry
// and config libraries are tested through the real nacos-sdk-go/v2 client against this
// in-process stand-in. It speaks the wire protocol the SDK speaks: gRPC with the SDK's own
// api/grpc stubs (the Request service for calls, the BiRequestStream service for server pushes),
// each message a Payload whose metadata names the request type and whose body is its JSON.
//
// What it implements, and how a real server behaves there:
//   - connection: ServerCheckRequest (hands out the connection id), ConnectionSetupRequest on
//     the bi-directional stream, HealthCheckRequest.
//   - naming: InstanceRequest (register / deregister), BatchInstanceRequest,
//     SubscribeServiceRequest, ServiceQueryRequest, ServiceListRequest, and the
//     NotifySubscriberRequest push to subscribers when a service's instances change.
//     Instances are ephemeral and belong to the connection that registered them: when the
//     connection ends, they go away and subscribers are told, as in Nacos.
//   - config: ConfigQueryRequest, ConfigPublishRequest, ConfigRemoveRequest,
//     ConfigBatchListenRequest (md5 comparison), and the ConfigChangeNotifyRequest push.
//
// Restart stops and starts the server on the same port: connections and ephemeral instances
// are lost (clients reconnect and register again, as against a restarted Nacos) while
// configuration survives (Nacos keeps it in its database).
//
// Not implemented: persistent instances (the SDK sends those over HTTP), authentication,
// clusters of servers, gray/beta configs, health checks of instances by the server.
package nacostest
