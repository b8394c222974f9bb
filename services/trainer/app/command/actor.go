package command

// RoleTrainer is the role, as the caller's token names it, that may change the calendar.
const RoleTrainer = "trainer"

// Actor is who sends a command: the authenticated caller's uuid and role. The app decides what
// a role may do, so the ports pass the caller through instead of checking it themselves.
type Actor struct {
	UUID string `log:"user"`
	Role string
}

// mayChangeCalendar holds the one authorisation rule of the calendar: only the trainer offers
// and withdraws hours.
func mayChangeCalendar(a Actor) error {
	if a.Role != RoleTrainer || a.UUID == "" {
		return ErrTrainerOnly
	}
	return nil
}
