package adapters

import (
	"cmp"
	"slices"

	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// listed is a stored training as the lists read it: with whether an operation is changing it.
type listed struct {
	training.Stored
	Pending bool
}

// toQueryTrainings turns stored rows into the read model, ordered by time then uuid so every
// backend lists in the same order. It returns an empty slice, never nil, for "no trainings".
func toQueryTrainings(rows []listed) []query.Training {
	slices.SortFunc(rows, func(a, b listed) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.UUID, b.UUID))
	})
	out := make([]query.Training, 0, len(rows))
	for _, s := range rows {
		q := query.Training{
			UUID: s.UUID, UserUUID: s.UserUUID, UserName: s.UserName,
			Time: s.Time.UTC(), Notes: s.Notes, Pending: s.Pending,
		}
		if s.ProposedBy != "" {
			at, by := s.ProposedNewTime.UTC(), s.ProposedBy
			q.ProposedTime, q.ProposedBy = &at, &by
		}
		out = append(out, q)
	}
	return out
}
