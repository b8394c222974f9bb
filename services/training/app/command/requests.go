package command

import (
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// TrainingRequest is what a user asks of one existing training. The commands that carry no
// more than this are their own types over it (CancelTraining, ApproveTrainingReschedule,
// RejectTrainingReschedule), so logs and metrics name each one.
type TrainingRequest struct {
	TrainingUUID string        `log:"training"`
	User         training.User `log:"user"`
}

// MoveRequest asks to move a training to NewTime; NewNotes, when not nil, replaces its notes.
// RescheduleTraining and RequestTrainingReschedule are their own types over it.
type MoveRequest struct {
	TrainingUUID string        `log:"training"`
	User         training.User `log:"user"`
	NewTime      time.Time     `log:"hour"`
	NewNotes     *string
}
