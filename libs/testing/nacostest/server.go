package nacostest

import (
	"errors"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	nacosgrpc "github.com/nacos-group/nacos-sdk-go/v2/api/grpc"
	"github.com/nacos-group/nacos-sdk-go/v2/common/constant"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// rpcPortOffset is how far Nacos' gRPC port sits above its HTTP port; the SDK derives one from
// the other when only the HTTP port is configured.
const rpcPortOffset = 1000

// Server is the test double. Its zero value is not usable: use New or Start.
type Server struct {
	mu       sync.Mutex
	host     string
	port     int
	grpc     *grpc.Server
	running  bool
	conns    map[string]*conn
	naming   *namingStore
	configs  *configStore
	lastTime int64
}

// New makes a stopped server that will listen on a free loopback port.
func New() *Server {
	return NewAt("127.0.0.1", 0)
}

// NewAt makes a stopped server that will listen on host:grpcPort (0: a free port). The
// standalone program (cmd/nacos-double) listens on every interface at Nacos' own 9848.
func NewAt(host string, grpcPort int) *Server {
	return &Server{host: host, port: grpcPort, conns: map[string]*conn{}, naming: newNamingStore(), configs: newConfigStore()}
}

// Start runs a new server for the duration of t.
func Start(t testing.TB) *Server {
	t.Helper()
	s := New()
	if err := s.Start(); err != nil {
		t.Fatalf("nacostest: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// ErrRunning is returned by Start on a server that is already running.
var ErrRunning = errors.New("nacostest: server already running")

// Start listens (on the port of the previous run, after a Stop) and serves.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		return ErrRunning
	}
	// The SDK derives the HTTP port as gRPC port - 1000, so the gRPC port must exceed 1000;
	// ephemeral ports always do.
	lis, err := net.Listen("tcp", net.JoinHostPort(s.host, strconv.Itoa(s.port)))
	if err != nil {
		return err
	}
	s.port = lis.Addr().(*net.TCPAddr).Port
	s.grpc = grpc.NewServer(grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{
		// The SDK pings every 60 s even without streams; a real server allows it.
		MinTime: 5 * time.Second, PermitWithoutStream: true,
	}))
	nacosgrpc.RegisterRequestServer(s.grpc, requestService{s: s})
	nacosgrpc.RegisterBiRequestStreamServer(s.grpc, streamService{s: s})
	s.running = true
	go func(g *grpc.Server) { _ = g.Serve(lis) }(s.grpc)
	return nil
}

// Stop closes every connection at once, like a crashed or killed server. Ephemeral instances
// are dropped; configuration is kept for the next Start.
func (s *Server) Stop() {
	s.mu.Lock()
	if !s.running {
		s.mu.Unlock()
		return
	}
	g := s.grpc
	s.running = false
	s.conns = map[string]*conn{}
	s.naming = newNamingStore()
	s.configs.forgetConnections()
	s.mu.Unlock()
	g.Stop()
}

// Restart is Stop then Start on the same port.
func (s *Server) Restart() error {
	s.Stop()
	return s.Start()
}

// GRPCPort is the port the SDK's gRPC connections go to.
func (s *Server) GRPCPort() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.port
}

// ServerConfig is what a nacos-sdk-go client needs to reach this server.
func (s *Server) ServerConfig() constant.ServerConfig {
	port := uint64(s.GRPCPort())
	return constant.ServerConfig{
		Scheme: "http", ContextPath: "/nacos", IpAddr: "127.0.0.1",
		Port: port - rpcPortOffset, GrpcPort: port,
	}
}

// Connections is the number of SDK connections currently set up (tests wait on it after a
// restart to know the clients are back).
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.conns {
		if c.stream != nil {
			n++
		}
	}
	return n
}

// nextTime is a strictly increasing millisecond clock: the SDK drops a pushed service whose
// lastRefTime is not newer than what it holds, so two changes within a millisecond must differ.
func (s *Server) nextTime() int64 {
	now := time.Now().UnixMilli()
	if now <= s.lastTime {
		now = s.lastTime + 1
	}
	s.lastTime = now
	return now
}

// InstanceCount is the number of service instances currently registered, over every service.
func (s *Server) InstanceCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, byID := range s.naming.instances {
		n += len(byID)
	}
	return n
}
