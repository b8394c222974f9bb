package adapters

import (
	"testing"
	"time"
)

// parseSQLiteHour must read exactly what time.Parse reads, and refuse what it refuses.
func TestParseSQLiteHourAgreesWithTimeParse(t *testing.T) {
	for _, s := range []string{
		"2026-11-29T08:00:00Z", "1999-01-01T00:00:00Z", "2028-02-29T23:59:59Z", "0001-01-01T00:00:00Z",
		"2027-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z", "2026-00-10T10:00:00Z",
		"2026-11-29T24:00:00Z", "2026-11-29T08:60:00Z", "2026-11-29 08:00:00Z", "2026-11-29T08:00:00+01",
		"2026-1a-29T08:00:00Z", "", "2026-11-29T08:00:00", "2026-11-29T08:00:00ZZ",
	} {
		want, wantErr := time.Parse(sqliteTimeLayout, s)
		got, err := parseSQLiteHour(s)
		if (err != nil) != (wantErr != nil) || !got.Equal(want) || got.Location() != want.Location() {
			t.Errorf("parseSQLiteHour(%q) = %v, %v; time.Parse: %v, %v", s, got, err, want, wantErr)
		}
	}
}
