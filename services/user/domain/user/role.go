package user

// Role is a struct enum rather than a string type so that only the values declared here exist:
// a Role can never hold a typo.
type Role struct{ slug string }

// The roles a user can have. The zero Role is not valid.
var (
	Trainer  = Role{"trainer"}
	Attendee = Role{"attendee"}
)

// NewRole parses a role's name.
func NewRole(name string) (Role, error) {
	switch name {
	case Trainer.slug:
		return Trainer, nil
	case Attendee.slug:
		return Attendee, nil
	}
	return Role{}, ErrUnknownRole
}

// String is the role's stable name, used in storage and on the wire.
func (r Role) String() string { return r.slug }

// IsZero reports whether r is the invalid zero value.
func (r Role) IsZero() bool { return r == Role{} }
