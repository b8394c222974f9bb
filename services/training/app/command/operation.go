package command

import (
	"context"
	"fmt"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// An Operation is one use case that changes other services (booking, cancelling or moving a
// training), recorded in this service's database in the same transaction that marks its
// training as changing, before any other service is called. Its steps are calls to the user
// and trainer services, each applied there at most once per step id; so whoever drives the
// operation (the request, or the worker after a crash) may repeat every call from the start
// and gets the answers of the first time. A step the other service refuses (no credit left, the
// hour taken) turns the operation around: the steps before it are undone, newest first, and the
// training stays as it was. Only when every step is done does the training become Target.
type Operation struct {
	ID           string // <training uuid>/<n>: the training's n-th operation
	TrainingUUID string
	Kind         OperationKind
	Steps        []Step
	// Target is the training once the operation is done.
	Target training.Stored

	State OperationState
	// FailedStep and Reason name the refused step and its reason, once the operation turns
	// around (State compensating or failed).
	FailedStep int
	Reason     string

	Attempts    int       // failed attempts to drive it (another service unreachable, say)
	NextAttempt time.Time // when the worker may take it up next
	LastError   string
	CreatedAt   time.Time
}

// OperationKind names the use case an operation carries out.
type OperationKind string

// The operations.
const (
	KindSchedule          OperationKind = "schedule"
	KindCancel            OperationKind = "cancel"
	KindReschedule        OperationKind = "reschedule"
	KindApproveReschedule OperationKind = "approve-reschedule"
)

// OperationState is where an operation is.
type OperationState string

// The states: running and compensating are unfinished; done and failed are final.
const (
	StateRunning      OperationState = "running"
	StateCompensating OperationState = "compensating"
	StateDone         OperationState = "done"
	StateFailed       OperationState = "failed"
)

// Finished reports a final state.
func (s OperationState) Finished() bool { return s == StateDone || s == StateFailed }

// A Step is one call to another service and, when the other service may refuse a later step,
// the call that undoes it.
type Step struct {
	Do   Call  `json:"do"`
	Undo *Call `json:"undo,omitempty"`
}

// A Call is one change in another service.
type Call struct {
	Action Action    `json:"action"`
	User   string    `json:"user,omitempty"`  // change-balance
	Delta  int       `json:"delta,omitempty"` // change-balance
	Hour   time.Time `json:"hour,omitzero"`   // reserve-hour, free-hour
}

// Action is what a call does.
type Action string

// The calls the training service makes.
const (
	ChangeBalance Action = "change-balance"
	ReserveHour   Action = "reserve-hour"
	FreeHour      Action = "free-hour"
)

// ErrChangePending is the answer to a request whose operation is recorded but could not finish
// while the request waited (another service is unreachable or slow). It is not a failure: the
// worker drives the operation to its end, and the training is listed as pending meanwhile. The
// ports answer it as a success with pending set; the kind only matters if one does not.
var ErrChangePending = errs.Unavailable("change-pending",
	"the change is recorded and will be completed; the training is pending until then")

// stepID names a call to another service: the operation id, the step's index and action, and
// "undo" for the undoing call. The other services apply each id at most once.
func stepID(op *Operation, i int, undo bool) string {
	id := fmt.Sprintf("%s/%d-%s", op.ID, i, op.Steps[i].Do.Action)
	if undo {
		id += "-undo"
	}
	return id
}

// Operations is the durable record of operations, kept with the trainings (an adapter
// implements both in one database, so an operation and its training change together).
type Operations interface {
	// BeginSchedule stores tr, as being booked by op, and op, in one transaction; it sets op.ID.
	// training.ErrTrainingExists when the uuid is taken.
	BeginSchedule(ctx context.Context, tr *training.Training, op *Operation) error
	// Begin loads the training for user and calls plan with it, in one transaction that also
	// stores the operation plan returns (setting its ID) and marks the training as changing;
	// the training's own fields stay as they were until the operation is done.
	// training.ErrChangeInProgress when the training is already changing.
	Begin(ctx context.Context, trainingUUID string, user training.User,
		plan func(tr *training.Training) (*Operation, error)) (*Operation, error)
	// Record saves an unfinished operation's progress (state, failed step, reason, attempts,
	// next attempt, last error). It changes nothing once the operation is finished.
	Record(ctx context.Context, op *Operation) error
	// Finish ends op (state done or failed) in one transaction with its training: done stores
	// op.Target, failed leaves the training as it was before (or removes it, when op was its
	// booking); both end the training's mark. Finishing a finished operation changes nothing.
	Finish(ctx context.Context, op *Operation) error
	// ClaimDue returns up to limit unfinished operations whose next attempt is due at now,
	// oldest first, and moves their next attempt to until so no other worker takes them
	// meanwhile.
	ClaimDue(ctx context.Context, now, until time.Time, limit int) ([]*Operation, error)
	// Unfinished lists every unfinished operation, oldest first, for operators.
	Unfinished(ctx context.Context) ([]*Operation, error)
}
