package training

import "time"

// RescheduleTraining moves the training straight to newTime. That is only allowed while at
// least 24 h remain; later, one side must propose and the other approve.
func (t *Training) RescheduleTraining(user User, newTime time.Time, now time.Time) error {
	if err := t.checkChangeable(user); err != nil {
		return err
	}
	if newTime.IsZero() {
		return ErrMissingTrainingTime
	}
	if !t.CanBeChangedFreely(now) {
		return ErrRescheduleTooLate
	}
	t.time = newTime.UTC()
	// A direct move settles the question a pending proposal was asking.
	t.clearProposal()
	return nil
}

// ProposeReschedule asks the other side to agree to newTime. A new proposal replaces a pending
// one, whoever made it.
func (t *Training) ProposeReschedule(user User, newTime time.Time) error {
	if err := t.checkChangeable(user); err != nil {
		return err
	}
	if newTime.IsZero() {
		return ErrMissingTrainingTime
	}
	t.proposedNewTime = newTime.UTC()
	t.proposedBy = user.userType
	return nil
}

// ApproveReschedule moves the training to the proposed time; only the other side may approve.
func (t *Training) ApproveReschedule(user User) error {
	if err := t.checkAnswerable(user); err != nil {
		return err
	}
	t.time = t.proposedNewTime
	t.clearProposal()
	return nil
}

// RejectReschedule drops the proposal and keeps the time; only the other side may reject.
func (t *Training) RejectReschedule(user User) error {
	if err := t.checkAnswerable(user); err != nil {
		return err
	}
	t.clearProposal()
	return nil
}

func (t *Training) checkChangeable(user User) error {
	if err := CanUserSeeTraining(user, *t); err != nil {
		return err
	}
	if t.canceled {
		return ErrTrainingCanceled
	}
	return nil
}

func (t *Training) checkAnswerable(user User) error {
	if err := t.checkChangeable(user); err != nil {
		return err
	}
	if !t.IsRescheduleProposed() {
		return ErrNoProposal
	}
	if t.proposedBy == user.userType {
		return ErrProposalBySameSide
	}
	return nil
}

func (t *Training) clearProposal() {
	t.proposedNewTime = time.Time{}
	t.proposedBy = UserType{}
}
