package faults

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
)

// UnfinishedStates are the states of a row of the training service's `operations` table (the
// saga's log, when the service has one) that mean the operation has not reached its end.
var UnfinishedStates = []string{"running", "compensating"}

// Ledger is what the harness asked for that the final rows cannot tell: who was asked to
// cancel each training. A training is only ever cancelled by one side, so a cancel whose
// answer was lost and the retry of it price the same.
type Ledger struct {
	mu       sync.Mutex
	cancelBy map[string]auth.Role
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger { return &Ledger{cancelBy: map[string]auth.Role{}} }

// canceller returns who cancels training, choosing role the first time.
func (l *Ledger) canceller(training string, role auth.Role) auth.Role {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r, ok := l.cancelBy[training]; ok {
		return r
	}
	l.cancelBy[training] = role
	return role
}

func (l *Ledger) cancelledBy(training string) (auth.Role, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.cancelBy[training]
	return r, ok
}

// Result is one reading of the three databases.
type Result struct {
	Trainings, Active, Canceled, Pending, Scheduled int
	// Unfinished is the number of unfinished operations; -1 when there is no operations table.
	Unfinished int
	Violations []string
}

type trainingRow struct {
	uuid, user string
	time       time.Time
	canceled   bool
	operation  string // the pending operation's id, when the service records one on the row
}

// Check reads the three databases and lists every broken invariant:
//   - each active training has exactly one training_scheduled hour at its time, each such hour
//     exactly one active training;
//   - each attendee's balance is the starting balance minus what their trainings cost;
//   - no operation is unfinished and no training waits for one.
func (s *System) Check(ctx context.Context, ledger *Ledger) (Result, error) {
	var r Result
	trainings, err := s.readTrainings(ctx)
	if err != nil {
		return r, err
	}
	hours, err := s.readHours(ctx)
	if err != nil {
		return r, err
	}
	balances, err := s.readBalances(ctx)
	if err != nil {
		return r, err
	}
	unfinished, err := s.readUnfinished(ctx)
	if err != nil {
		return r, err
	}
	violate := func(format string, args ...any) { r.Violations = append(r.Violations, fmt.Sprintf(format, args...)) }

	r.Trainings = len(trainings)
	activeAt := map[time.Time][]string{}
	cost := map[string]int{}
	kinds := map[string]map[string]int{} // attendee -> how many trainings were priced which way
	priced := func(user, how string) {
		if kinds[user] == nil {
			kinds[user] = map[string]int{}
		}
		kinds[user][how]++
	}
	for _, t := range trainings {
		switch {
		case t.operation != "":
			r.Pending++
			violate("training %s at %s: still waits for operation %s after recovery", t.uuid, hourText(t.time), t.operation)
			continue
		case !t.canceled:
			r.Active++
			activeAt[t.time] = append(activeAt[t.time], t.uuid)
			cost[t.user]++
			priced(t.user, "active (1)")
		default:
			r.Canceled++
			c, how := s.cancelCost(t, ledger)
			cost[t.user] += c
			priced(t.user, how)
		}
	}

	for at, ids := range activeAt {
		if len(ids) > 1 {
			slices.Sort(ids)
			violate("hour %s: %d active trainings (%s)", hourText(at), len(ids), strings.Join(ids, ", "))
		}
		if a := hours[at]; a != "training_scheduled" {
			violate("hour %s: active training %s but the trainer's hour is %s", hourText(at), strings.Join(ids, ", "), orNone(a))
		}
	}
	for at, a := range hours {
		if a != "training_scheduled" {
			continue
		}
		r.Scheduled++
		if len(activeAt[at]) == 0 {
			violate("hour %s: training_scheduled at the trainer but no active training", hourText(at))
		}
	}

	for _, u := range s.Attendees {
		balance, ok := balances[u.UUID]
		if !ok {
			violate("attendee %s: missing from the user service", u.UUID)
			continue
		}
		if want := s.cfg.StartBalance - cost[u.UUID]; balance != want {
			violate("attendee %s: balance %d, want %d (%+d) = %d - %d for %s",
				u.UUID, balance, want, balance-want, s.cfg.StartBalance, cost[u.UUID], describe(kinds[u.UUID]))
		}
	}

	r.Unfinished = len(unfinished)
	if unfinished == nil {
		r.Unfinished = -1
	}
	for _, op := range unfinished {
		violate("operation unfinished after recovery: %s", op)
	}
	slices.Sort(r.Violations)
	return r, nil
}

// cancelCost prices a cancelled training by the domain's rules: the booking cost 1 and the
// cancel refunds 1 at least 24 h ahead; later the attendee gets 0 back and the trainer's
// cancel gives 2. A cancelled training nobody asked to cancel is a booking the service itself
// undid, which must cost nothing.
func (s *System) cancelCost(t trainingRow, ledger *Ledger) (int, string) {
	by, asked := ledger.cancelledBy(t.uuid)
	switch {
	case !asked:
		return 0, "undone bookings (0)"
	case !s.late(t.time):
		return 0, "cancelled early (0)"
	case by == auth.RoleTrainer:
		return -1, "cancelled late by the trainer (-1)"
	default:
		return 1, "cancelled late by the attendee (1)"
	}
}

// describe lists how many trainings were priced which way: "3 active (1), 2 cancelled early (0)".
func describe(kinds map[string]int) string {
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%d %s", kinds[k], k)
	}
	if len(parts) == 0 {
		return "no trainings"
	}
	return strings.Join(parts, ", ")
}

func (s *System) readTrainings(ctx context.Context) ([]trainingRow, error) {
	db := s.dbs["training"]
	cols, err := s.columns(ctx, "training", "trainings")
	if err != nil {
		return nil, err
	}
	operation := "NULL"
	if slices.Contains(cols, "operation_id") {
		operation = "operation_id"
	}
	rows, err := db.QueryContext(ctx, "SELECT uuid, user_uuid, time, canceled, "+operation+" FROM trainings")
	if err != nil {
		return nil, fmt.Errorf("read trainings: %w", err)
	}
	defer rows.Close()
	var out []trainingRow
	for rows.Next() {
		var t trainingRow
		var at, canceled, op any
		if err := rows.Scan(&t.uuid, &t.user, &at, &canceled, &op); err != nil {
			return nil, fmt.Errorf("read trainings: %w", err)
		}
		if t.time, err = asTime(at); err != nil {
			return nil, fmt.Errorf("training %s: %w", t.uuid, err)
		}
		t.canceled = asBool(canceled)
		if op != nil {
			t.operation = asText(op)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *System) readHours(ctx context.Context) (map[time.Time]string, error) {
	rows, err := s.dbs["trainer"].QueryContext(ctx, "SELECT hour, availability FROM hours")
	if err != nil {
		return nil, fmt.Errorf("read hours: %w", err)
	}
	defer rows.Close()
	out := map[time.Time]string{}
	for rows.Next() {
		var at any
		var availability string
		if err := rows.Scan(&at, &availability); err != nil {
			return nil, fmt.Errorf("read hours: %w", err)
		}
		h, err := asTime(at)
		if err != nil {
			return nil, fmt.Errorf("hour %v: %w", at, err)
		}
		out[h] = availability
	}
	return out, rows.Err()
}

func (s *System) readBalances(ctx context.Context) (map[string]int, error) {
	rows, err := s.dbs["user"].QueryContext(ctx, "SELECT id, balance FROM users")
	if err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id any
		var balance int
		if err := rows.Scan(&id, &balance); err != nil {
			return nil, fmt.Errorf("read users: %w", err)
		}
		out[asText(id)] = balance
	}
	return out, rows.Err()
}

// readUnfinished lists the training service's unfinished operations, one line each with all
// its columns; nil when the service keeps no operations table.
func (s *System) readUnfinished(ctx context.Context) ([]string, error) {
	cols, err := s.columns(ctx, "training", "operations")
	if err != nil || !slices.Contains(cols, "state") {
		// No such table (today's service) or not a saga log: there is nothing to wait for.
		return nil, nil
	}
	var in []string
	var args []any
	for i, st := range UnfinishedStates {
		in = append(in, s.placeholder(i+1))
		args = append(args, st)
	}
	rows, err := s.dbs["training"].QueryContext(ctx, "SELECT * FROM operations WHERE state IN ("+strings.Join(in, ", ")+")", args...)
	if err != nil {
		return nil, fmt.Errorf("read operations: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("read operations: %w", err)
		}
		var fields []string
		for i, c := range cols {
			fields = append(fields, c+"="+asText(values[i]))
		}
		out = append(out, strings.Join(fields, " "))
	}
	return out, rows.Err()
}

// columns lists a table's columns the same way on both backends; an error means no table.
func (s *System) columns(ctx context.Context, service, table string) ([]string, error) {
	rows, err := s.dbs[service].QueryContext(ctx, "SELECT * FROM "+table+" LIMIT 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

func hourText(t time.Time) string { return t.UTC().Format("2006-01-02T15Z") }

func orNone(s string) string {
	if s == "" {
		return "not stored"
	}
	return s
}

// asTime reads a time column: time.Time from pgx and from modernc's DATETIME columns, text
// from the trainer's SQLite hours (one fixed UTC layout).
func asTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t.UTC(), nil
	case []byte:
		return asTime(string(t))
	case string:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05"} {
			if p, err := time.Parse(layout, t); err == nil {
				return p.UTC(), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("unreadable time %T %v", v, v)
}

func asBool(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case int64:
		return b != 0
	case string:
		return b == "1" || strings.EqualFold(b, "true")
	case []byte:
		return asBool(string(b))
	}
	return false
}

func asText(v any) string {
	switch t := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(t)
	case [16]byte: // a PostgreSQL uuid through pgx's database/sql driver
		return fmt.Sprintf("%x-%x-%x-%x-%x", t[0:4], t[4:6], t[6:8], t[8:10], t[10:16])
	case time.Time:
		return t.UTC().Format(time.RFC3339Nano)
	default:
		return fmt.Sprint(t)
	}
}
