package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/server"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
)

// A POST whose request has nothing but path fields (archive, approve, ...) is sent by most
// clients without a body and so without a Content-Type (`curl -X POST url`): there is nothing
// to decode, so it must reach the handler rather than be answered as an undecodable body.
func TestABodylessPostWithoutContentTypeIsDecodedAsEmpty(t *testing.T) {
	t.Parallel()
	keys := authtest.Verifier("test")
	base := startHTTP(t, keys)
	token := authtest.Token(t, auth.User{UUID: "u-1", Role: auth.RoleAttendee}, time.Hour)
	for name, contentType := range map[string]string{"no Content-Type": "", "JSON": "application/json"} {
		req, _ := http.NewRequest(http.MethodPost, base+"/decode", http.NoBody)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got struct{ Note *string }
		if resp.StatusCode != 200 || json.Unmarshal(raw, &got) != nil || got.Note == nil || *got.Note != "" {
			t.Errorf("%s: %d %s, want 200 with an empty note", name, resp.StatusCode, raw)
		}
	}
}

// A body in a format the service does not speak is still refused with our reason.
func TestABodyOfAnUnknownContentTypeIsMalformed(t *testing.T) {
	t.Parallel()
	keys := authtest.Verifier("test")
	base := startHTTP(t, keys)
	token := authtest.Token(t, auth.User{UUID: "u-1", Role: auth.RoleAttendee}, time.Hour)
	for name, contentType := range map[string]string{"no Content-Type": "", "unknown": "application/x-unknown"} {
		req, _ := http.NewRequest(http.MethodPost, base+"/decode", strings.NewReader(`{"note": "x"}`))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got struct{ Reason string }
		_ = json.Unmarshal(raw, &got)
		if resp.StatusCode != 400 || got.Reason != server.ReasonMalformedRequest {
			t.Errorf("%s: %d %s, want 400 %s", name, resp.StatusCode, raw, server.ReasonMalformedRequest)
		}
	}
}
