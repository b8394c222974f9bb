package training

// UserType is a struct, not a string, so no code outside this package can invent a new type.
type UserType struct{ s string }

// The two sides of a training.
var (
	Trainer  = UserType{"trainer"}
	Attendee = UserType{"attendee"}
)

// NewUserType parses the role carried by a token or stored in a row.
func NewUserType(s string) (UserType, error) {
	switch s {
	case Trainer.s:
		return Trainer, nil
	case Attendee.s:
		return Attendee, nil
	}
	return UserType{}, ErrUnknownUserType
}

func (u UserType) String() string { return u.s }

// IsZero reports an unset type, e.g. "nobody proposed a new time".
func (u UserType) IsZero() bool { return u == UserType{} }

// User is who asks for something: the authorisation rules need only the uuid and the side.
type User struct {
	uuid     string
	userType UserType
}

// NewUser builds a user from an authenticated identity.
func NewUser(uuid string, userType UserType) (User, error) {
	if uuid == "" {
		return User{}, ErrMissingUserUUID
	}
	if userType.IsZero() {
		return User{}, ErrUnknownUserType
	}
	return User{uuid: uuid, userType: userType}, nil
}

// MustNewUser is for tests and literals known to be valid.
func MustNewUser(uuid string, userType UserType) User {
	u, err := NewUser(uuid, userType)
	if err != nil {
		panic(err)
	}
	return u
}

func (u User) UUID() string   { return u.uuid }
func (u User) Type() UserType { return u.userType }

// CanUserSeeTraining is the one authorisation rule: the trainer sees every training, an
// attendee only their own. Repositories call it before handing a training out.
func CanUserSeeTraining(user User, tr Training) error {
	if user.userType == Trainer || user.uuid == tr.userUUID {
		return nil
	}
	return ErrNotYourTraining
}

// CanUserScheduleTraining: trainings are booked by attendees for themselves, paid from their
// balance; the trainer has no balance to pay with.
func CanUserScheduleTraining(user User) error {
	if user.userType != Attendee {
		return ErrAttendeeOnly
	}
	return nil
}

// CanUserSeeAllTrainings: only the trainer sees everyone's trainings.
func CanUserSeeAllTrainings(user User) error {
	if user.userType != Trainer {
		return ErrTrainerOnly
	}
	return nil
}
