package freeport_test

import (
	"net"
	"strconv"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/freeport"
)

func TestAddrsAreDifferentAndBindable(t *testing.T) {
	addrs, err := freeport.Addrs(3)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range addrs {
		if seen[a] {
			t.Fatalf("Addrs(3) = %v: %s twice", addrs, a)
		}
		seen[a] = true
		l, err := net.Listen("tcp", a)
		if err != nil {
			t.Fatalf("%s was handed out but cannot be bound: %v", a, err)
		}
		l.Close()
	}
}

func TestPortIsALoopbackPortThatCanBeBound(t *testing.T) {
	port, err := freeport.Port()
	if err != nil {
		t.Fatal(err)
	}
	if port <= 0 || port > 65535 {
		t.Fatalf("Port() = %d", port)
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("port %d cannot be bound: %v", port, err)
	}
	l.Close()
}
