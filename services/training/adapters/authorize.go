package adapters

import "github.com/kratos-monorepo/monorepo/services/training/domain/training"

// authorized rebuilds the aggregate and applies the domain's visibility rule, the same in
// every backend.
func authorized(s training.Stored, user training.User) (*training.Training, error) {
	tr, err := training.UnmarshalFromStorage(s)
	if err != nil {
		return nil, err
	}
	if err := training.CanUserSeeTraining(user, *tr); err != nil {
		return nil, err
	}
	return tr, nil
}
