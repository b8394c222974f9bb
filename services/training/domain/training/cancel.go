package training

import "time"

// FreeChangeWindow is how long before the training it can still be cancelled or moved freely.
const FreeChangeWindow = 24 * time.Hour

// CanBeChangedFreely reports whether at least 24 hours remain before the training at now.
func (t Training) CanBeChangedFreely(now time.Time) bool {
	return t.time.Sub(now) >= FreeChangeWindow
}

// Cancel cancels the training on behalf of user and returns how much the attendee's training
// balance changes:
//   - at least 24 h before: +1, the attendee gets the credit back whoever cancels;
//   - later, by the attendee: 0, the credit is forfeited;
//   - later, by the trainer: +2, the credit back plus one for the trainer's short notice.
func (t *Training) Cancel(user User, now time.Time) (balanceDelta int, err error) {
	if err := CanUserSeeTraining(user, *t); err != nil {
		return 0, err
	}
	if t.canceled {
		return 0, ErrTrainingCanceled
	}
	t.canceled = true
	t.clearProposal()

	switch {
	case t.CanBeChangedFreely(now):
		return 1, nil
	case user.userType == Trainer:
		return 2, nil
	default:
		return 0, nil
	}
}
