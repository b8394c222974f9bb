// Package freeport picks free loopback ports for a server that a test or a developer tool is
// about to start as another process (a PostgreSQL cluster, a registry, Jaeger, a service), so
// parallel runs never collide on a fixed port.
//
// A port is free when picked, not reserved: the listener is closed before the program binds
// it, and another process may take it in between. Callers that can, retry with a new port.
package freeport

import (
	"net"
	"strconv"
)

// Addrs returns n different free "127.0.0.1:port" addresses. Their listeners are held until
// all n are picked, so no two of the addresses share a port.
func Addrs(n int) ([]string, error) {
	addrs := make([]string, 0, n)
	listeners := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, l)
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

// Addr returns one free "127.0.0.1:port" address.
func Addr() (string, error) {
	addrs, err := Addrs(1)
	if err != nil {
		return "", err
	}
	return addrs[0], nil
}

// Port returns one free loopback port number.
func Port() (int, error) {
	addr, err := Addr()
	if err != nil {
		return 0, err
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(port)
}
