package service

import (
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/services/user/adapters"
	"github.com/kratos-monorepo/monorepo/services/user/app/query"
)

// DefaultTokenTTL is an access token's life when accounts.token_ttl is unset: long enough for
// a session of booking, short enough that a stolen token is soon useless (there is no revocation
// list; a token is valid until it expires).
const DefaultTokenTTL = time.Hour

func tokenTTL(a *Accounts) time.Duration {
	if d := a.GetTokenTtl().AsDuration(); d > 0 {
		return d
	}
	return DefaultTokenTTL
}

func argon2Params(a *Accounts) adapters.Argon2Params {
	return adapters.Argon2Params{
		MemoryKiB: a.GetArgon2MemoryKib(), Iterations: a.GetArgon2Iterations(),
		Parallelism: uint8(min(a.GetArgon2Parallelism(), 255)),
	}
}

func loginLimits(a *Accounts) query.LoginLimits {
	return query.LoginLimits{
		PerEmail: int(a.GetLoginPerEmail()), PerClient: int(a.GetLoginPerClient()),
		Window: a.GetLoginWindow().AsDuration(), Tracked: int(a.GetLoginTracked()),
	}
}

// tokenIssuer is the app's TokenIssuer on libs/auth's Issuer.
type tokenIssuer struct {
	issuer *auth.Issuer
	ttl    time.Duration
}

func (t tokenIssuer) Issue(userID, role, displayName string) (string, time.Time, error) {
	expires := time.Now().Add(t.ttl)
	token, err := t.issuer.Sign(auth.User{UUID: userID, Role: auth.Role(role), Name: displayName}, t.ttl)
	return token, expires, err
}
