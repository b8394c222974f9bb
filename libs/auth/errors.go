package auth

import "github.com/kratos-monorepo/monorepo/libs/errs"

// The errors a caller sees; all are 401.
var (
	ErrMissingToken = errs.Unauthenticated("missing-token", "no bearer token in the Authorization header")
	ErrInvalidToken = errs.Unauthenticated("invalid-token", "the token is malformed, forged or has bad claims")
	ErrExpiredToken = errs.Unauthenticated("token-expired", "the token has expired")
)

// The errors of reading keys and of CheckKeys, which stop a service at start-up; each says how
// to fix it.
var (
	ErrNoSigningKey = errs.Invalid("signing-key-missing",
		"no signing key is configured: "+howToSetKeys)
	ErrBadKey = errs.Invalid("signing-key-malformed",
		"a key in auth is malformed: "+howToSetKeys)
	ErrPublicKey = errs.Invalid("signing-key-public",
		"auth uses a development key, published in the repository, so anyone can sign tokens with it: "+howToSetKeys)
	ErrNoUserKeys = errs.Invalid("user-keys-missing",
		"neither auth.user_keys_url nor auth.user_keys is set, so no user's token can be verified: "+howToSetKeys)
)

const howToSetKeys = "generate a key with `devjwt -new-key` (or `openssl genpkey -algorithm ed25519`); " +
	"the user service signs users' tokens with its auth.signing_key (APP_SIGNING_KEY) and serves " +
	"the public half at /.well-known/jwks.json, which the other services fetch (auth.user_keys_url, " +
	"APP_USER_KEYS_URL) or are given (auth.user_keys, APP_USER_KEY); a service calling others signs " +
	"with a key of its own (APP_SIGNING_KEY), whose public half its callees list in auth.service_keys " +
	"(APP_TRAINING_SERVICE_KEY); only on a developer's " +
	"machine, APP_MODE=development accepts the development keys"
