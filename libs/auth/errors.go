package auth

import "github.com/kratos-monorepo/monorepo/libs/errs"

// The errors a caller sees; all are 401 except a bad configuration.
var (
	ErrMissingToken = errs.Unauthenticated("missing-token", "no bearer token in the Authorization header")
	ErrInvalidToken = errs.Unauthenticated("invalid-token", "the token is malformed, forged or has bad claims")
	ErrExpiredToken = errs.Unauthenticated("token-expired", "the token has expired")
	ErrWeakSecret   = errs.Invalid("weak-jwt-secret", "the JWT secret must be at least 32 bytes")
)

// The errors of CheckSecret, which stop a service at start-up; each says how to fix it.
var (
	ErrNoSecret = errs.Invalid("jwt-secret-missing",
		"auth.jwt_secret is empty: "+howToSetSecret)
	ErrPublicSecret = errs.Invalid("jwt-secret-public",
		"auth.jwt_secret is a secret published in the repository, so anyone can sign tokens with it: "+howToSetSecret)
	ErrShortSecret = errs.Invalid("jwt-secret-too-short",
		"auth.jwt_secret is shorter than 32 bytes: "+howToSetSecret)
)

const howToSetSecret = "set APP_JWT_SECRET (or auth.jwt_secret in a -conf file) to at least 32 random bytes, " +
	"e.g. APP_JWT_SECRET=$(openssl rand -base64 48), the same for every service; " +
	"only on a developer's machine, APP_MODE=development accepts the development secret"
