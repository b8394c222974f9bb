// Package errs gives every domain error a stable, machine-readable reason (a slug such as
// "note-too-long") and a kind that the ports map to a transport status.
//
// Domain packages declare their errors once, at package level, and return those values:
//
//	var ErrNoteTooLong = errs.Invalid("note-too-long", "the note is longer than 1000 characters")
//
// so callers can match them with errors.Is and clients can rely on the reason.
package errs

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
)

// Kind classifies an error by who must act on it; each kind has one transport status.
type Kind uint8

// The kinds, from "the caller sent something wrong" to "the system failed".
const (
	KindInternal Kind = iota
	KindInvalid
	KindUnauthenticated
	KindForbidden
	KindNotFound
	KindConflict
	KindUnavailable
	// KindTooManyRequests: the caller is asking too often (a login limiter); later may pass.
	KindTooManyRequests
)

var kindNames = [...]string{"internal", "invalid", "unauthenticated", "forbidden", "not-found", "conflict", "unavailable", "too-many-requests"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// HTTPStatus is the status a port answers with for this kind; gRPC codes follow from it
// through kratos' error model.
func (k Kind) HTTPStatus() int {
	switch k {
	case KindInvalid:
		return http.StatusBadRequest
	case KindUnauthenticated:
		return http.StatusUnauthorized
	case KindForbidden:
		return http.StatusForbidden
	case KindNotFound:
		return http.StatusNotFound
	case KindConflict:
		return http.StatusConflict
	case KindUnavailable:
		return http.StatusServiceUnavailable
	case KindTooManyRequests:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

// Error is a named domain error. Values are compared by identity, so declare each once.
type Error struct {
	kind    Kind
	reason  string
	message string
}

func (e *Error) Error() string { return e.message }

// Reason is the stable slug clients may switch on.
func (e *Error) Reason() string { return e.reason }

// Kind tells which transport status the error maps to.
func (e *Error) Kind() Kind { return e.kind }

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// New declares an error. It panics on a reason that is not a lower-case slug, because errors are
// declared at package level and a bad reason is a programming mistake to catch at start-up.
func New(kind Kind, reason, message string) *Error {
	if !slug.MatchString(reason) {
		panic(fmt.Sprintf("errs: reason %q is not a lower-case slug", reason))
	}
	e := &Error{kind: kind, reason: reason, message: message}
	declare(e)
	return e
}

// Invalid declares an error for input that breaks a rule (400).
func Invalid(reason, message string) *Error { return New(KindInvalid, reason, message) }

// NotFound declares an error for a missing entity (404).
func NotFound(reason, message string) *Error { return New(KindNotFound, reason, message) }

// Conflict declares an error for a request that clashes with the current state (409).
func Conflict(reason, message string) *Error { return New(KindConflict, reason, message) }

// Forbidden declares an error for an authenticated caller without the right (403).
func Forbidden(reason, message string) *Error { return New(KindForbidden, reason, message) }

// Unauthenticated declares an error for a caller whose identity is unknown (401).
func Unauthenticated(reason, message string) *Error { return New(KindUnauthenticated, reason, message) }

// Unavailable declares an error for a dependency that cannot be reached; retrying later may
// work (503).
func Unavailable(reason, message string) *Error { return New(KindUnavailable, reason, message) }

// TooManyRequests declares an error for a caller that asks too often; the same request may
// pass later (429).
func TooManyRequests(reason, message string) *Error { return New(KindTooManyRequests, reason, message) }

// As finds the first *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// KindOf is the kind of the first *Error in err's chain, KindInternal when there is none.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.kind
	}
	return KindInternal
}

// ReasonOf is the reason of the first *Error in err's chain, "internal" when there is none.
func ReasonOf(err error) string {
	if e, ok := As(err); ok {
		return e.reason
	}
	return "internal"
}

// IsRefusal reports whether err is a definite answer to the caller (invalid, not found,
// conflict, forbidden): the same request would be refused again. Unauthenticated, unavailable
// and internal errors are not refusals; they may pass when retried.
func IsRefusal(err error) bool {
	if e, ok := As(err); ok {
		switch e.kind {
		case KindInvalid, KindNotFound, KindConflict, KindForbidden:
			return true
		}
	}
	return false
}
