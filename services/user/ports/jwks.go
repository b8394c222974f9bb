package ports

import (
	"encoding/json"
	"net/http"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

// JWKSPath is where the user service publishes the public keys of users' tokens (the usual
// well-known location of a JWKS), for the other services to verify them with.
const JWKSPath = "/.well-known/jwks.json"

// JWKSHandler serves keys as a JWKS document. It needs no token (the keys are public) and may
// be cached for a minute, so a rotation is seen within the verifiers' refresh interval.
func JWKSHandler(keys []auth.PublicKey) http.Handler {
	body, err := json.Marshal(auth.NewJWKS(keys...))
	if err != nil {
		panic(err) // a JWKS of Ed25519 keys always marshals
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Header().Set("Cache-Control", "public, max-age=60")
		_, _ = w.Write(body)
	})
}
