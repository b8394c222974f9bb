package command

// Role is what the caller is to the calendar: a struct enum, so no string typo becomes a role.
// The ports map the token's role to it (ports/caller.go).
type Role struct{ slug string }

// The roles that reach the calendar's commands. The zero Role is no role at all.
var (
	RoleTrainer  = Role{"trainer"}
	RoleAttendee = Role{"attendee"}
	RoleService  = Role{"service"}
)

// String is the role's name as tokens and logs carry it.
func (r Role) String() string { return r.slug }

// Actor is who sends a command. The app decides what a role may do, so the ports pass the
// caller through instead of checking it themselves.
type Actor struct {
	UUID string `log:"user"`
	Role Role
}

// mayChangeCalendar holds the one authorisation rule of the calendar: only the trainer offers
// and withdraws hours.
func mayChangeCalendar(a Actor) error {
	if a.Role != RoleTrainer || a.UUID == "" {
		return ErrTrainerOnly
	}
	return nil
}
