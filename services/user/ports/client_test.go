package ports

import (
	"context"
	"net"
	"net/netip"
	"testing"

	"google.golang.org/grpc/peer"
)

// The login limiter counts attempts per client. An IPv6 client holds a whole /64, so each
// address counted apart would let one client make 2^64 times the allowed attempts (and evict a
// victim's count from the limiter's table); its /64 is the client. IPv4 addresses, mapped ones
// included, stay one client each.
func TestLoginClientsAreIPv4AddressesAndIPv6Slash64s(t *testing.T) {
	t.Parallel()
	client := func(addrPort string) string {
		return clientAddress(peer.NewContext(context.Background(),
			&peer.Peer{Addr: net.TCPAddrFromAddrPort(netip.MustParseAddrPort(addrPort))}))
	}
	a := client("[2001:db8:1:2::1]:1000")
	b := client("[2001:db8:1:2:ffff:ffff:ffff:ffff]:2000")
	if a != b {
		t.Errorf("two addresses of one /64 are different clients: %q, %q", a, b)
	}
	if other := client("[2001:db8:1:3::1]:1000"); a == other {
		t.Errorf("two /64s are one client: %q", a)
	}
	if got := client("192.0.2.1:5000"); got != "192.0.2.1" {
		t.Errorf("IPv4 client %q, want 192.0.2.1", got)
	}
	if got, other := client("192.0.2.1:5000"), client("192.0.2.2:5000"); got == other {
		t.Errorf("two IPv4 addresses are one client: %q", got)
	}
	if got := client("[::ffff:192.0.2.1]:5000"); got != "192.0.2.1" {
		t.Errorf("IPv4-mapped client %q, want 192.0.2.1", got)
	}
}
