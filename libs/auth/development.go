package auth

// The development keys are in the services' embedded defaults, so the example system runs on a
// developer's machine with no set-up (tools/local, tools/devjwt). They are public: CheckKeys
// refuses to sign with them, or to trust them, outside development mode.
const (
	// DevelopmentUserKey signs users' tokens in the user service's embedded defaults.
	DevelopmentUserKey = "b4CopPuMSxKVWIsX7mqmwyPBb/s9iQ/9c+5exT3HZ6c="
	// DevelopmentUserPublicKey is its public half, which the other services' defaults trust.
	DevelopmentUserPublicKey = "VjTK9BD/AF/XebUxZCz/G7uUaXJLs5UZFXnRFz9KzBQ="
	// DevelopmentServiceKey signs the training service's calls in its embedded defaults.
	DevelopmentServiceKey = "ZCFIAKwDmiQShLg+GvyebQPyRrc6tW+NXjdIFXFS/N8="
	// DevelopmentServicePublicKey is its public half, trusted by trainer and user by default.
	DevelopmentServicePublicKey = "nPLVzAW5a7WMF6w4M6DfYm3G9U56+tpASRapUEMO9xU="
)

// IsDevelopmentKey reports whether a public key is one of the published development keys.
func IsDevelopmentKey(k PublicKey) bool {
	for _, dev := range []string{DevelopmentUserPublicKey, DevelopmentServicePublicKey} {
		if p, err := ParsePublicKey(dev); err == nil && p.ID == k.ID {
			return true
		}
	}
	return false
}
