package training

import "context"

// Repository stores trainings. Implementations live in the adapters; the domain only says
// what it needs.
type Repository interface {
	// AddTraining stores a new training; ErrTrainingExists when the uuid is taken.
	AddTraining(ctx context.Context, tr *Training) error

	// GetTraining returns the training if user may see it: ErrTrainingNotFound or
	// ErrNotYourTraining otherwise.
	GetTraining(ctx context.Context, trainingUUID string, user User) (*Training, error)

	// UpdateTraining loads the training, checks that user may see it, and calls updateFn in
	// one transaction: the training updateFn returns is stored, and when updateFn fails
	// nothing is. Concurrent updates of one training run one after the other.
	UpdateTraining(
		ctx context.Context,
		trainingUUID string,
		user User,
		updateFn func(ctx context.Context, tr *Training) (*Training, error),
	) error
}
