package training

import (
	"strings"
	"unicode/utf8"
)

// MaxNoteLength counts characters (runes), not bytes: a note in any script gets the same room.
const MaxNoteLength = 1000

// UpdateNotes replaces the notes; a note that is too long or not text leaves the old one in
// place. Text means valid UTF-8 without NUL: PostgreSQL refuses to store anything else, so
// without this rule such a note would fail as an internal error in one backend only.
func (t *Training) UpdateNotes(notes string) error {
	if utf8.RuneCountInString(notes) > MaxNoteLength {
		return ErrNoteTooLong
	}
	if !utf8.ValidString(notes) || strings.ContainsRune(notes, 0) {
		return ErrNoteNotText
	}
	t.notes = notes
	return nil
}
