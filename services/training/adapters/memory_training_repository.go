package adapters

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/app/command"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// MemoryTrainingRepository keeps trainings and their operations in maps: for tests and for
// trying the service without a database. It stores copies, so a caller's changes count only
// once saved.
type MemoryTrainingRepository struct {
	// mu is held for a whole update, which serialises updates like a row lock would.
	mu         sync.Mutex
	trainings  map[string]training.Stored
	changing   map[string]string // training uuid -> the unfinished operation changing it
	operations map[string]command.Operation
	counts     map[string]int // operations per training, for their ids
}

var _ command.Operations = (*MemoryTrainingRepository)(nil)

func NewMemoryTrainingRepository() *MemoryTrainingRepository {
	return &MemoryTrainingRepository{
		trainings: map[string]training.Stored{}, changing: map[string]string{},
		operations: map[string]command.Operation{}, counts: map[string]int{},
	}
}

func (r *MemoryTrainingRepository) AddTraining(_ context.Context, tr *training.Training) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.trainings[tr.UUID()]; ok {
		return training.ErrTrainingExists
	}
	r.trainings[tr.UUID()] = tr.Marshal()
	return nil
}

func (r *MemoryTrainingRepository) GetTraining(_ context.Context, uuid string, user training.User) (*training.Training, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.load(uuid, user)
}

// UpdateTraining refuses a training an operation is changing (training.ErrChangeInProgress).
func (r *MemoryTrainingRepository) UpdateTraining(
	ctx context.Context, uuid string, user training.User,
	updateFn func(ctx context.Context, tr *training.Training) (*training.Training, error),
) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	tr, err := r.loadUnchanging(uuid, user)
	if err != nil {
		return err
	}
	updated, err := updateFn(ctx, tr)
	if err != nil {
		return err
	}
	r.trainings[uuid] = updated.Marshal()
	return nil
}

func (r *MemoryTrainingRepository) BeginSchedule(_ context.Context, tr *training.Training, op *command.Operation) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.trainings[tr.UUID()]; ok {
		return training.ErrTrainingExists
	}
	r.trainings[tr.UUID()] = tr.Marshal()
	r.begin(op)
	return nil
}

func (r *MemoryTrainingRepository) Begin(_ context.Context, uuid string, user training.User,
	plan func(tr *training.Training) (*command.Operation, error)) (*command.Operation, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tr, err := r.loadUnchanging(uuid, user)
	if err != nil {
		return nil, err
	}
	op, err := plan(tr)
	if err != nil {
		return nil, err
	}
	r.begin(op)
	return op, nil
}

func (r *MemoryTrainingRepository) begin(op *command.Operation) {
	r.counts[op.TrainingUUID]++
	op.ID = operationID(op.TrainingUUID, r.counts[op.TrainingUUID])
	r.operations[op.ID] = *op
	r.changing[op.TrainingUUID] = op.ID
}

func (r *MemoryTrainingRepository) Record(_ context.Context, op *command.Operation) error {
	if op.State.Finished() {
		return nil // only Finish ends an operation, with its training
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	stored, ok := r.operations[op.ID]
	if !ok || stored.State.Finished() {
		return nil
	}
	r.operations[op.ID] = *op
	return nil
}

func (r *MemoryTrainingRepository) Finish(_ context.Context, op *command.Operation) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	stored, ok := r.operations[op.ID]
	if !ok || stored.State.Finished() {
		return nil
	}
	switch {
	case op.State == command.StateDone:
		r.trainings[op.TrainingUUID] = op.Target
	case op.Kind == command.KindSchedule:
		delete(r.trainings, op.TrainingUUID) // a refused booking leaves no training
	}
	delete(r.changing, op.TrainingUUID)
	r.operations[op.ID] = *op
	return nil
}

func (r *MemoryTrainingRepository) ClaimDue(_ context.Context, now, until time.Time, limit int) ([]*command.Operation, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var due []*command.Operation
	for _, op := range r.unfinished() {
		if len(due) == limit {
			break
		}
		if !op.NextAttempt.After(now) {
			op.NextAttempt = until
			r.operations[op.ID] = *op
			due = append(due, op)
		}
	}
	return due, nil
}

func (r *MemoryTrainingRepository) Unfinished(context.Context) ([]*command.Operation, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.unfinished(), nil
}

// unfinished lists copies of the unfinished operations, oldest first.
func (r *MemoryTrainingRepository) unfinished() []*command.Operation {
	var out []*command.Operation
	for _, op := range r.operations {
		if !op.State.Finished() {
			out = append(out, &op)
		}
	}
	slices.SortFunc(out, func(a, b *command.Operation) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func (r *MemoryTrainingRepository) load(uuid string, user training.User) (*training.Training, error) {
	s, ok := r.trainings[uuid]
	if !ok {
		return nil, training.ErrTrainingNotFound
	}
	return authorized(s, user)
}

// loadUnchanging loads a training that no operation is changing.
func (r *MemoryTrainingRepository) loadUnchanging(uuid string, user training.User) (*training.Training, error) {
	tr, err := r.load(uuid, user)
	if err != nil {
		return nil, err
	}
	if r.changing[uuid] != "" {
		return nil, training.ErrChangeInProgress
	}
	return tr, nil
}

func (r *MemoryTrainingRepository) AllTrainings(context.Context) ([]query.Training, error) {
	return r.find(func(training.Stored) bool { return true }), nil
}

func (r *MemoryTrainingRepository) FindTrainingsForUser(_ context.Context, userUUID string) ([]query.Training, error) {
	return r.find(func(s training.Stored) bool { return s.UserUUID == userUUID }), nil
}

func (r *MemoryTrainingRepository) find(keep func(training.Stored) bool) []query.Training {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []listed
	for _, s := range r.trainings {
		if !s.Canceled && keep(s) {
			out = append(out, listed{Stored: s, Pending: r.changing[s.UUID] != ""})
		}
	}
	return toQueryTrainings(out)
}

// operationID is a training's n-th operation's id, the same in every backend.
func operationID(trainingUUID string, n int) string { return fmt.Sprintf("%s/%d", trainingUUID, n) }
