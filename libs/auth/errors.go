package auth

import "github.com/kratos-monorepo/monorepo/libs/errs"

// The errors a caller sees; all are 401 except a bad configuration.
var (
	ErrMissingToken = errs.Unauthenticated("missing-token", "no bearer token in the Authorization header")
	ErrInvalidToken = errs.Unauthenticated("invalid-token", "the token is malformed, forged or has bad claims")
	ErrExpiredToken = errs.Unauthenticated("token-expired", "the token has expired")
	ErrWeakSecret   = errs.Invalid("weak-jwt-secret", "the JWT secret must be at least 32 bytes")
)
