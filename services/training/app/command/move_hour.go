package command

import "time"

// moveSteps move a training's reservation in the trainer's calendar: reserve the new hour (the
// trainer may refuse it; then nothing else happened), then free the old one (never refused: the
// training holds it). No steps when the time stays.
func moveSteps(newTime, oldTime time.Time) []Step {
	if newTime.Equal(oldTime) {
		return nil
	}
	return []Step{
		{Do: Call{Action: ReserveHour, Hour: newTime}, Undo: &Call{Action: FreeHour, Hour: newTime}},
		{Do: Call{Action: FreeHour, Hour: oldTime}},
	}
}
