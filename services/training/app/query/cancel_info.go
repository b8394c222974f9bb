package query

import (
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// withCancelInfo fills in what depends on the clock, which read models do not know.
func withCancelInfo(trs []Training, now time.Time) []Training {
	for i := range trs {
		trs[i].CanBeCancelledForFree = trs[i].Time.Sub(now) >= training.FreeChangeWindow
	}
	return trs
}
