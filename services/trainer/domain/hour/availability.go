package hour

// Availability is a struct enum: only the three values below exist, and the zero value is
// invalid so a forgotten field is caught rather than read as "available".
type Availability struct{ slug string }

// The states of an hour.
var (
	Available         = Availability{"available"}
	NotAvailable      = Availability{"not_available"}
	TrainingScheduled = Availability{"training_scheduled"}
)

var availabilities = []Availability{Available, NotAvailable, TrainingScheduled}

// NewAvailability parses the stable name used in storage and on the wire.
func NewAvailability(name string) (Availability, error) {
	for _, a := range availabilities {
		if a.slug == name {
			return a, nil
		}
	}
	return Availability{}, ErrUnknownAvailability
}

// String is the stable name.
func (a Availability) String() string { return a.slug }

// IsZero reports whether a is the invalid zero value.
func (a Availability) IsZero() bool { return a == Availability{} }
