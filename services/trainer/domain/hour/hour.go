// Package hour is the trainer's calendar: hours a trainer offers and whether a training is
// scheduled in them.
package hour

import "time"

// Hour is one full UTC hour of the trainer's calendar. Build it with a Factory, which enforces
// the calendar's rules; change it only through its methods.
type Hour struct {
	time         time.Time
	availability Availability
}

// Time is the hour's start, in UTC.
func (h *Hour) Time() time.Time { return h.time }

// Availability is the hour's current state.
func (h *Hour) Availability() Availability { return h.availability }

// IsAvailable reports whether a training can be scheduled in the hour.
func (h *Hour) IsAvailable() bool { return h.availability == Available }

// HasTrainingScheduled reports whether a training takes place in the hour.
func (h *Hour) HasTrainingScheduled() bool { return h.availability == TrainingScheduled }

// MakeAvailable offers the hour. Not while a training is scheduled: the attendee would lose it
// without being asked.
func (h *Hour) MakeAvailable() error {
	if h.HasTrainingScheduled() {
		return ErrTrainingScheduled
	}
	h.availability = Available
	return nil
}

// MakeNotAvailable withdraws the hour, with the same protection as MakeAvailable.
func (h *Hour) MakeNotAvailable() error {
	if h.HasTrainingScheduled() {
		return ErrTrainingScheduled
	}
	h.availability = NotAvailable
	return nil
}

// ScheduleTraining books the hour; only an available hour can be booked.
func (h *Hour) ScheduleTraining() error {
	if !h.IsAvailable() {
		return ErrHourNotAvailable
	}
	h.availability = TrainingScheduled
	return nil
}

// CancelTraining frees the hour again, so someone else can book it.
func (h *Hour) CancelTraining() error {
	if !h.HasTrainingScheduled() {
		return ErrNoTrainingScheduled
	}
	h.availability = Available
	return nil
}
