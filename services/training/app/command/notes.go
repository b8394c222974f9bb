package command

import "github.com/kratos-monorepo/monorepo/services/training/domain/training"

// updateNotes applies an optional new note: nil keeps the notes, so moving a training does not
// wipe them, while a pointer to "" clears them.
func updateNotes(tr *training.Training, notes *string) error {
	if notes == nil {
		return nil
	}
	return tr.UpdateNotes(*notes)
}
