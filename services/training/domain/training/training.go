// Package training is the training aggregate: an attendee's booked hour with the trainer, and
// the rules for cancelling and moving it. It knows nothing of storage or transport.
package training

import "time"

// Training is an attendee's booking of one trainer hour. Fields change only through the
// behaviour methods, so every instance keeps the rules.
type Training struct {
	uuid     string
	userUUID string
	userName string

	time  time.Time
	notes string

	// proposedNewTime is zero when no move is pending; proposedBy says which side asked.
	proposedNewTime time.Time
	proposedBy      UserType

	canceled bool
}

// NewTraining starts a training for the attendee at the given hour.
func NewTraining(uuid, userUUID, userName string, at time.Time) (*Training, error) {
	switch {
	case uuid == "":
		return nil, ErrMissingTrainingUUID
	case userUUID == "":
		return nil, ErrMissingUserUUID
	case userName == "":
		return nil, ErrMissingUserName
	case at.IsZero():
		return nil, ErrMissingTrainingTime
	}
	return &Training{uuid: uuid, userUUID: userUUID, userName: userName, time: at.UTC()}, nil
}

// Stored is every field of a training as a repository keeps it.
type Stored struct {
	UUID, UserUUID, UserName string
	Time                     time.Time
	Notes                    string
	ProposedNewTime          time.Time
	ProposedBy               string // "" when nothing is proposed
	Canceled                 bool
}

// UnmarshalFromStorage rebuilds a training a repository stored. Only repositories call it:
// it trusts the fields it gets, apart from the checks of NewTraining.
func UnmarshalFromStorage(s Stored) (*Training, error) {
	tr, err := NewTraining(s.UUID, s.UserUUID, s.UserName, s.Time)
	if err != nil {
		return nil, err
	}
	if s.ProposedBy != "" {
		if tr.proposedBy, err = NewUserType(s.ProposedBy); err != nil {
			return nil, err
		}
		tr.proposedNewTime = s.ProposedNewTime.UTC()
	}
	tr.notes = s.Notes
	tr.canceled = s.Canceled
	return tr, nil
}

// Marshal is the inverse of UnmarshalFromStorage.
func (t Training) Marshal() Stored {
	return Stored{
		UUID: t.uuid, UserUUID: t.userUUID, UserName: t.userName,
		Time: t.time, Notes: t.notes,
		ProposedNewTime: t.proposedNewTime, ProposedBy: t.proposedBy.String(),
		Canceled: t.canceled,
	}
}

func (t Training) UUID() string     { return t.uuid }
func (t Training) UserUUID() string { return t.userUUID }
func (t Training) UserName() string { return t.userName }
func (t Training) Time() time.Time  { return t.time }
func (t Training) Notes() string    { return t.notes }
func (t Training) IsCanceled() bool { return t.canceled }

// ProposedNewTime is the pending new time, zero when none is proposed.
func (t Training) ProposedNewTime() time.Time { return t.proposedNewTime }

// ProposedBy is the side that proposed the pending time, zero when none is proposed.
func (t Training) ProposedBy() UserType { return t.proposedBy }

// IsRescheduleProposed reports a pending proposal waiting for the other side.
func (t Training) IsRescheduleProposed() bool { return !t.proposedBy.IsZero() }
