package idempotency

import "github.com/kratos-monorepo/monorepo/libs/errs"

// Memory is the ledger of a repository kept in memory. It has no lock of its own: the
// repository calls Once under the lock that makes its changes atomic.
type Memory map[string]Answer

// Once answers k from the ledger, or runs apply and records its answer: the result, or a
// refusal (apply must then have changed nothing). Other errors are returned unrecorded.
func (m Memory) Once(k Key, apply func() (string, error)) (string, error) {
	if a, ok := m[k.ID]; ok {
		return a.For(k)
	}
	result, err := apply()
	switch {
	case err == nil:
		m[k.ID] = Applied(k, result)
	case errs.IsRefusal(err):
		m[k.ID] = Refused(k, err)
	}
	return result, err
}
