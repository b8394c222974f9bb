// Package idempotency lets a participant of a cross-service operation apply each request at
// most once. The caller names every change with an operation id; the participant records the
// first answer (a result or a refusal) in the same transaction as the change, and gives that
// answer again to every repeated call, so a caller may retry freely after a lost answer or a
// crash.
package idempotency

import (
	"regexp"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// Key names one change: the caller's operation id, and a fingerprint of what it asks (for
// example "balance:<user>:-1"), so an id used again for a different change is refused rather
// than answered with another change's result.
type Key struct {
	ID      string
	Request string
}

// MaxIDLength bounds an operation id: it is stored and indexed.
const MaxIDLength = 128

var validID = regexp.MustCompile(`^[A-Za-z0-9._:/-]+$`)

// The errors of a key.
var (
	ErrOperationIDMissing = errs.Invalid("operation-id-missing", "the request needs an operation id")
	ErrOperationIDInvalid = errs.Invalid("operation-id-invalid",
		"an operation id is 1 to 128 characters: letters, digits and . _ : / -")
	ErrOperationIDReused = errs.Conflict("operation-id-reused",
		"the operation id was already used for a different request")
)

// Validate checks the id's shape.
func (k Key) Validate() error {
	switch {
	case k.ID == "":
		return ErrOperationIDMissing
	case len(k.ID) > MaxIDLength || !validID.MatchString(k.ID):
		return ErrOperationIDInvalid
	}
	return nil
}

// Answer is what was recorded for a key: the request's fingerprint and either a refusal's
// reason or the result.
type Answer struct {
	Request string
	Reason  string // "" when the change was applied
	Result  string
}

// Applied is the answer of a change that was made, with its result.
func Applied(k Key, result string) Answer { return Answer{Request: k.Request, Result: result} }

// Refused is the answer of a change that was refused with err (errs.IsRefusal(err) holds).
func Refused(k Key, err error) Answer { return Answer{Request: k.Request, Reason: errs.ReasonOf(err)} }

// Outcome is the answer a call gets: the result when the change was applied, or its refusal.
type Outcome struct {
	Result  string
	Refusal error
}

// Outcome is For as an Outcome.
func (a Answer) Outcome(k Key) Outcome {
	result, refusal := a.For(k)
	return Outcome{Result: result, Refusal: refusal}
}

// For gives the recorded answer to a call with key k: its result, the same refusal as the
// first time, or ErrOperationIDReused when k asks for something else than the recorded call.
func (a Answer) For(k Key) (string, error) {
	if a.Request != k.Request {
		return "", ErrOperationIDReused
	}
	if a.Reason == "" {
		return a.Result, nil
	}
	if e, ok := errs.ByReason(a.Reason); ok {
		return "", e
	}
	return "", errs.Conflict(a.Reason, "the operation was refused: "+a.Reason)
}
