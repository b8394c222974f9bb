package training

import "unicode/utf8"

// MaxNoteLength counts characters (runes), not bytes: a note in any script gets the same room.
const MaxNoteLength = 1000

// UpdateNotes replaces the notes; a note that is too long leaves the old one in place.
func (t *Training) UpdateNotes(notes string) error {
	if utf8.RuneCountInString(notes) > MaxNoteLength {
		return ErrNoteTooLong
	}
	t.notes = notes
	return nil
}
