package push

import (
	"net/http"
	"strings"
	"sync/atomic"
)

// countingTransport counts the writes a push really sends, so a caller can tell "nothing
// changed" from "uploaded again" without trusting the client library's bookkeeping.
type countingTransport struct {
	next      http.RoundTripper
	blobs     atomic.Int64 // upload sessions started (POST .../blobs/uploads/)
	manifests atomic.Int64 // manifests written (PUT .../manifests/<ref>)
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil || resp.StatusCode >= 300 {
		return resp, err
	}
	switch {
	case req.Method == http.MethodPost && strings.Contains(req.URL.Path, "/blobs/uploads/"):
		c.blobs.Add(1)
	case req.Method == http.MethodPut && strings.Contains(req.URL.Path, "/manifests/"):
		c.manifests.Add(1)
	}
	return resp, nil
}
