// Package logtest reads libs/log's output back, for tests asserting what a process logged.
package logtest

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"time"
)

// Entry is one log line.
type Entry struct {
	Raw     string
	Level   string // lower case: debug, info, warn, error
	Message string
	Fields  map[string]any // service.name, service.version and the line's own fields
}

// Service is the service.name the line carries ("" when none).
func (e Entry) Service() string { s, _ := e.Fields["service.name"].(string); return s }

// ErrNotALogLine is returned for a line in neither of libs/log's formats.
var ErrNotALogLine = errors.New("not a libs/log line (JSON, or console: time, level, message, fields)")

var colour = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// Parse reads one line in either of libs/log's formats: JSON (production) or console
// (development: "time\tLEVEL\tmessage\t{fields}", the level coloured).
func Parse(line string) (Entry, error) {
	e := Entry{Raw: line}
	if strings.HasPrefix(line, "{") {
		if err := json.Unmarshal([]byte(line), &e.Fields); err != nil {
			return e, ErrNotALogLine
		}
		e.Level, _ = e.Fields["level"].(string)
		e.Message, _ = e.Fields["msg"].(string)
		return e, nil
	}
	parts := strings.Split(line, "\t")
	if len(parts) != 4 {
		return e, ErrNotALogLine
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000Z0700", parts[0]); err != nil {
		return e, ErrNotALogLine
	}
	if err := json.Unmarshal([]byte(parts[3]), &e.Fields); err != nil {
		return e, ErrNotALogLine
	}
	e.Level = strings.ToLower(colour.ReplaceAllString(parts[1], ""))
	e.Message = parts[2]
	return e, nil
}
