package clustertest

import (
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"
)

// publish makes target (a test host's address on the internal network) reachable at a free port
// on 127.0.0.1 for the length of the test, and returns that port.
//
// Docker publishes no ports of a container whose only network is --internal (`-p` is accepted
// and ignored), and the hosts must have no other network, so the test publishes them itself:
// one loopback listener per port, each connection copied both ways to the container.
func publish(t *testing.T, target string) int {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	open := map[net.Conn]bool{}
	track := func(c net.Conn, add bool) {
		mu.Lock()
		defer mu.Unlock()
		if add {
			open[c] = true
		} else {
			delete(open, c)
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			client, err := lis.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer client.Close()
				server, err := net.DialTimeout("tcp", target, 10*time.Second)
				if err != nil {
					return
				}
				defer server.Close()
				track(client, true)
				track(server, true)
				defer track(client, false)
				defer track(server, false)
				done := make(chan struct{}, 2)
				go func() { _, _ = io.Copy(server, client); closeWrite(server); done <- struct{}{} }()
				go func() { _, _ = io.Copy(client, server); closeWrite(client); done <- struct{}{} }()
				<-done
				<-done
			}()
		}
	}()
	t.Cleanup(func() {
		lis.Close()
		mu.Lock()
		for c := range open {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return lis.Addr().(*net.TCPAddr).Port
}

func closeWrite(c net.Conn) {
	if tcp, ok := c.(*net.TCPConn); ok {
		_ = tcp.CloseWrite()
	}
}

func loopback(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }
