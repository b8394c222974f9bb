package training_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

func TestCanUserSeeTraining(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		user training.User
		want error
	}{
		{"the attendee who booked it", owner, nil},
		{"another attendee", stranger, training.ErrNotYourTraining},
		{"the trainer", trainer, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := training.CanUserSeeTraining(tt.user, *newTraining(t, time.Hour))
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNewUserType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want training.UserType
		err  error
	}{
		{"trainer", training.Trainer, nil},
		{"attendee", training.Attendee, nil},
		{"", training.UserType{}, training.ErrUnknownUserType},
		{"Trainer", training.UserType{}, training.ErrUnknownUserType},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := training.NewUserType(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("NewUserType(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestNewUserNeedsUUIDAndType(t *testing.T) {
	t.Parallel()
	if _, err := training.NewUser("", training.Trainer); !errors.Is(err, training.ErrMissingUserUUID) {
		t.Errorf("no uuid: err = %v", err)
	}
	if _, err := training.NewUser("u", training.UserType{}); !errors.Is(err, training.ErrUnknownUserType) {
		t.Errorf("no type: err = %v", err)
	}
}

func TestOnlyAttendeesScheduleAndOnlyTheTrainerSeesAll(t *testing.T) {
	t.Parallel()
	tests := []struct {
		user             training.User
		schedule, seeAll error
	}{
		{owner, nil, training.ErrTrainerOnly},
		{trainer, training.ErrAttendeeOnly, nil},
	}
	for _, tt := range tests {
		t.Run(tt.user.Type().String(), func(t *testing.T) {
			t.Parallel()
			if err := training.CanUserScheduleTraining(tt.user); !errors.Is(err, tt.schedule) {
				t.Errorf("CanUserScheduleTraining = %v, want %v", err, tt.schedule)
			}
			if err := training.CanUserSeeAllTrainings(tt.user); !errors.Is(err, tt.seeAll) {
				t.Errorf("CanUserSeeAllTrainings = %v, want %v", err, tt.seeAll)
			}
		})
	}
}
