package adapters

import (
	"context"
	"sync"

	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// MemoryTrainingRepository keeps trainings in a map: for tests and for trying the service
// without a database. It stores copies, so a caller's changes count only once saved.
type MemoryTrainingRepository struct {
	// mu is held for a whole UpdateTraining, which serialises updates like a row lock would.
	mu        sync.Mutex
	trainings map[string]training.Stored
}

func NewMemoryTrainingRepository() *MemoryTrainingRepository {
	return &MemoryTrainingRepository{trainings: map[string]training.Stored{}}
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

func (r *MemoryTrainingRepository) UpdateTraining(
	ctx context.Context, uuid string, user training.User,
	updateFn func(ctx context.Context, tr *training.Training) (*training.Training, error),
) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	tr, err := r.load(uuid, user)
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

func (r *MemoryTrainingRepository) load(uuid string, user training.User) (*training.Training, error) {
	s, ok := r.trainings[uuid]
	if !ok {
		return nil, training.ErrTrainingNotFound
	}
	return authorized(s, user)
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
	var out []training.Stored
	for _, s := range r.trainings {
		if !s.Canceled && keep(s) {
			out = append(out, s)
		}
	}
	return toQueryTrainings(out)
}
