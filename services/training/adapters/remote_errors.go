package adapters

import (
	"context"
	"errors"
	"net/http"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// The errors of calling the other services that are not one of the errors the app's ports
// promise. An unreachable service is a 503 (try again later) naming the service; the caller
// did nothing wrong.
var (
	ErrTrainerUnavailable = errs.Unavailable("trainer-unavailable", "the trainer service cannot be reached")
	ErrUserUnavailable    = errs.Unavailable("user-unavailable", "the user service cannot be reached")
	// The other service refused a call for a reason this service does not expect (a bad
	// service token, an hour that should have been booked): a fault of the system, not of
	// the user, so the remote reason is kept in the chain for the log but not answered.
	ErrTrainerCallFailed = errs.New(errs.KindInternal, "trainer-call-failed", "the trainer service refused a call")
	ErrUserCallFailed    = errs.New(errs.KindInternal, "user-call-failed", "the user service refused a call")
)

// upstream names one other service's failure errors.
type upstream struct {
	unavailable, failed *errs.Error
}

var (
	trainerUpstream = upstream{unavailable: ErrTrainerUnavailable, failed: ErrTrainerCallFailed}
	userUpstream    = upstream{unavailable: ErrUserUnavailable, failed: ErrUserCallFailed}
)

// translate turns a call's error into what the app understands: a remote reason listed in
// expected becomes its promised error, an unreachable or too slow service the unavailable
// error, anything else the failed error. A caller that gave up gets its own context error.
func (u upstream) translate(ctx context.Context, err error, expected map[string]error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	remote := kerrors.FromError(err)
	if promised, ok := expected[remote.Reason]; ok && remote.Reason != kerrors.UnknownReason {
		return errors.Join(promised, err)
	}
	switch remote.Code {
	case http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return errors.Join(u.unavailable, err)
	}
	return errors.Join(u.failed, err)
}

// reasonsOf maps each enum value's wire reason to promised.
func reasonsOf(promised error, values ...protoreflect.Enum) map[string]error {
	m := make(map[string]error, len(values))
	for _, v := range values {
		m[errs.EnumReason(v)] = promised
	}
	return m
}
