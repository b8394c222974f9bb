package server

import (
	"fmt"
	"slices"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
)

// Keys are the token keys a service works with, read from its auth section.
type Keys struct {
	// Verifier checks every request's token (users' tokens with the user service's keys,
	// service tokens with the calling services' keys).
	Verifier *auth.Verifier
	// Issuer signs users' tokens: only in the service built WithIssuer (the user service).
	Issuer *auth.Issuer
	// Published are the public keys the issuing service serves as its JWKS document: its
	// signing key's and the retired ones'.
	Published []auth.PublicKey
	// Signer signs this service's calls to others; nil when it has no signing key (or issues
	// users' tokens: the user service's key never signs service tokens).
	Signer *auth.ServiceSigner
}

// NewKeys reads a's keys for the service name. With issuer, the signing key signs users'
// tokens and is trusted for them (with the retired keys); without, it signs service tokens.
// Outside development mode the published development keys are refused (CheckKeys).
func NewKeys(name string, a *conf.Auth, issuer, development bool) (*Keys, error) {
	if err := CheckKeys(a, issuer, development); err != nil {
		return nil, err
	}
	k := &Keys{}
	var signing *auth.SigningKey
	if a.GetSigningKey() != "" {
		var err error
		if signing, err = auth.ParseSigningKey(a.GetSigningKey()); err != nil {
			return nil, fmt.Errorf("auth.signing_key: %w", err)
		}
	}
	users, err := parsePublicKeys("auth.user_keys", a.GetUserKeys())
	if err != nil {
		return nil, err
	}
	if issuer {
		retired, err := parsePublicKeys("auth.retired_keys", a.GetRetiredKeys())
		if err != nil {
			return nil, err
		}
		k.Issuer = auth.NewIssuer(signing)
		k.Published = append([]auth.PublicKey{signing.Public()}, retired...)
		users = append(users, k.Published...)
	} else if signing != nil {
		k.Signer = auth.NewServiceSigner(name, signing)
	}
	services := map[string]auth.PublicKey{}
	for service, text := range a.GetServiceKeys() {
		if text == "" {
			continue
		}
		key, err := auth.ParsePublicKey(text)
		if err != nil {
			return nil, fmt.Errorf("auth.service_keys[%s]: %w", service, err)
		}
		services[service] = key
	}
	set := auth.NewKeySet(users, a.GetUserKeysUrl(), auth.KeySetOptions{Refresh: a.GetUserKeysRefresh().AsDuration()})
	k.Verifier = auth.NewVerifier(name, set, services)
	return k, nil
}

func parsePublicKeys(field string, texts []string) ([]auth.PublicKey, error) {
	keys := make([]auth.PublicKey, 0, len(texts))
	for i, text := range texts {
		if text == "" {
			continue // an unset ${USER_KEY:} placeholder
		}
		key, err := auth.ParsePublicKey(text)
		if err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", field, i, err)
		}
		keys = append(keys, key)
	}
	return keys, nil
}

// CheckKeys is what a service checks before it starts: an issuing service has a signing key;
// every service has a way to verify users' tokens; outside development mode no published
// development key signs or is trusted, since anyone could sign tokens with it.
func CheckKeys(a *conf.Auth, issuer, development bool) error {
	if issuer && a.GetSigningKey() == "" {
		return auth.ErrNoSigningKey
	}
	if !issuer && a.GetUserKeysUrl() == "" && !slices.ContainsFunc(a.GetUserKeys(), func(k string) bool { return k != "" }) {
		return auth.ErrNoUserKeys
	}
	if development {
		return nil
	}
	var public []string
	if a.GetSigningKey() != "" {
		k, err := auth.ParseSigningKey(a.GetSigningKey())
		if err != nil {
			return fmt.Errorf("auth.signing_key: %w", err)
		}
		public = append(public, k.Public().String())
	}
	public = append(public, a.GetUserKeys()...)
	public = append(public, a.GetRetiredKeys()...)
	for _, text := range a.GetServiceKeys() {
		public = append(public, text)
	}
	for _, text := range public {
		if k, err := auth.ParsePublicKey(text); err == nil && auth.IsDevelopmentKey(k) {
			return auth.ErrPublicKey
		}
	}
	return nil
}
