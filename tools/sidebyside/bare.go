package sidebyside

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"
	_ "modernc.org/sqlite" // the same pure-Go SQLite driver the services use

	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
)

// BareConfig is what the bare server reads and where it listens. It is the baseline the services
// are measured against: the same SQL on the same database returning the same body, with nothing
// else (no framework, middleware, authentication, logging or metrics).
type BareConfig struct {
	Driver        string // "sqlite" or "postgres"
	TrainerDB     string // the trainer's SQLite file or PostgreSQL DSN
	TrainingDB    string // the training service's
	HTTPAddr      string
	GRPCAddr      string
	EarliestHour  int
	LatestHour    int
	AttendeeUUID  string // whose trainings GET /trainings lists (the bare server has no tokens)
	FreeCancelGap time.Duration
}

// bareStore runs the services' read queries, with the dialect's placeholders.
type bareStore struct {
	sqlite *sql.DB
	pg     *pgxpool.Pool
}

type rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close()
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

func (s bareStore) query(ctx context.Context, sqliteSQL, pgSQL string, args ...any) (rows, error) {
	if s.pg != nil {
		return s.pg.Query(ctx, pgSQL, args...)
	}
	r, err := s.sqlite.QueryContext(ctx, sqliteSQL, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{r}, nil
}

func openBareStore(ctx context.Context, driver, source string) (bareStore, error) {
	if driver == "postgres" {
		pool, err := pgxpool.New(ctx, source)
		return bareStore{pg: pool}, err
	}
	db, err := sql.Open("sqlite", "file:"+source+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return bareStore{}, err
	}
	// Enough idle connections for the concurrent clients: database/sql keeps 2 by default and
	// would open and close one per request beyond that, which is not the SQL's cost.
	db.SetMaxIdleConns(16)
	return bareStore{sqlite: db}, nil
}

// The trainer's hour text in SQLite (services/trainer/adapters).
const sqliteHourLayout = "2006-01-02T15:04:05Z"

type bareHour struct {
	Time         time.Time
	Availability string
}

func (b *bare) hoursBetween(ctx context.Context, from, to time.Time) (map[int64]string, error) {
	var args []any
	if b.trainer.pg != nil {
		args = []any{from, to}
	} else {
		args = []any{from.Format(sqliteHourLayout), to.Format(sqliteHourLayout)}
	}
	r, err := b.trainer.query(ctx,
		`SELECT hour, availability FROM hours WHERE hour >= ? AND hour < ? ORDER BY hour`,
		`SELECT hour, availability FROM hours WHERE hour >= $1 AND hour < $2 ORDER BY hour`, args...)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := map[int64]string{}
	for r.Next() {
		var h bareHour
		if b.trainer.pg != nil {
			err = r.Scan(&h.Time, &h.Availability)
		} else {
			var text string
			if err = r.Scan(&text, &h.Availability); err == nil {
				h.Time, err = time.Parse(sqliteHourLayout, text)
			}
		}
		if err != nil {
			return nil, err
		}
		out[h.Time.Unix()] = h.Availability
	}
	return out, r.Err()
}

// calendarDay is one day as the services' JSON shows it (protojson names, every field present).
type calendarDay struct {
	Date         string         `json:"date"`
	Hours        []calendarHour `json:"hours"`
	HasFreeHours bool           `json:"hasFreeHours"`
}

type calendarHour struct {
	Time         string `json:"time"`
	Availability string `json:"availability"`
}

var availabilityNames = map[string]trainerv1.Availability{
	"available":          trainerv1.Availability_AVAILABILITY_AVAILABLE,
	"not_available":      trainerv1.Availability_AVAILABILITY_NOT_AVAILABLE,
	"training_scheduled": trainerv1.Availability_AVAILABILITY_TRAINING_SCHEDULED,
}

// calendar is the trainer's calendar query without the framework: every working hour of each
// day, those never stored not available.
func (b *bare) calendar(ctx context.Context, from, to time.Time) ([]calendarDay, error) {
	from, to = from.UTC().Truncate(24*time.Hour), to.UTC().Truncate(24*time.Hour)
	stored, err := b.hoursBetween(ctx, from, to.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	var days []calendarDay
	for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
		d := calendarDay{Date: day.Format(time.RFC3339)}
		for hr := b.cfg.EarliestHour; hr <= b.cfg.LatestHour; hr++ {
			t := day.Add(time.Duration(hr) * time.Hour)
			a, ok := stored[t.Unix()]
			if !ok {
				a = "not_available"
			}
			d.HasFreeHours = d.HasFreeHours || a == "available"
			d.Hours = append(d.Hours, calendarHour{Time: t.Format(time.RFC3339), Availability: availabilityNames[a].String()})
		}
		days = append(days, d)
	}
	return days, nil
}

type bareTraining struct {
	UUID               string  `json:"uuid"`
	UserUUID           string  `json:"userUuid"`
	UserName           string  `json:"userName"`
	Time               string  `json:"time"`
	Notes              string  `json:"notes"`
	CanBeCancelled     bool    `json:"canBeCancelled"`
	MoveRequiresAccept bool    `json:"moveRequiresAccept"`
	ProposedTime       *string `json:"proposedTime"`
	MoveProposedBy     string  `json:"moveProposedBy"`
	Pending            bool    `json:"pending"`
}

// trainings is the training service's list of one attendee's trainings, in its order.
func (b *bare) trainings(ctx context.Context, user string) ([]bareTraining, error) {
	const columns = `uuid, user_uuid, user_name, time, notes, proposed_new_time, proposed_by, canceled`
	r, err := b.training.query(ctx,
		`SELECT `+columns+`, operation_id IS NOT NULL FROM trainings WHERE NOT canceled AND user_uuid = ? ORDER BY time, uuid`,
		`SELECT `+columns+`, operation_id IS NOT NULL FROM trainings WHERE NOT canceled AND user_uuid = $1 ORDER BY time, uuid`, user)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	now := time.Now()
	out := []bareTraining{}
	for r.Next() {
		var (
			t          bareTraining
			at         time.Time
			proposedAt sql.NullTime
			proposedBy sql.NullString
			canceled   bool
		)
		if err := r.Scan(&t.UUID, &t.UserUUID, &t.UserName, &at, &t.Notes, &proposedAt, &proposedBy, &canceled, &t.Pending); err != nil {
			return nil, err
		}
		t.Time = at.UTC().Format(time.RFC3339Nano)
		t.CanBeCancelled = at.Sub(now) >= b.cfg.FreeCancelGap
		t.MoveRequiresAccept = !t.CanBeCancelled
		if proposedBy.String != "" {
			p := proposedAt.Time.UTC().Format(time.RFC3339Nano)
			t.ProposedTime, t.MoveProposedBy = &p, proposedBy.String
		}
		out = append(out, t)
	}
	return out, r.Err()
}

type bare struct {
	trainerv1.UnimplementedTrainerServiceServer
	cfg      BareConfig
	trainer  bareStore
	training bareStore
}

func (b *bare) GetCalendar(ctx context.Context, req *trainerv1.GetCalendarRequest) (*trainerv1.Calendar, error) {
	days, err := b.calendar(ctx, req.GetDateFrom().AsTime(), req.GetDateTo().AsTime())
	if err != nil {
		return nil, err
	}
	out := &trainerv1.Calendar{Days: make([]*trainerv1.Day, 0, len(days))}
	for _, d := range days {
		date, _ := time.Parse(time.RFC3339, d.Date)
		day := &trainerv1.Day{Date: timestamppb.New(date), HasFreeHours: d.HasFreeHours}
		for _, h := range d.Hours {
			t, _ := time.Parse(time.RFC3339, h.Time)
			day.Hours = append(day.Hours, &trainerv1.Hour{Time: timestamppb.New(t), Availability: trainerv1.Availability(trainerv1.Availability_value[h.Availability])})
		}
		out.Days = append(out.Days, day)
	}
	return out, nil
}

func (b *bare) serveCalendar(w http.ResponseWriter, r *http.Request) {
	from, err1 := time.Parse(time.RFC3339, r.URL.Query().Get("date_from"))
	to, err2 := time.Parse(time.RFC3339, r.URL.Query().Get("date_to"))
	if err := errors.Join(err1, err2); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	days, err := b.calendar(r.Context(), from, to)
	writeJSON(w, map[string]any{"days": days}, err)
}

func (b *bare) serveTrainings(w http.ResponseWriter, r *http.Request) {
	trs, err := b.trainings(r.Context(), b.cfg.AttendeeUUID)
	writeJSON(w, map[string]any{"trainings": trs}, err)
}

func writeJSON(w http.ResponseWriter, v any, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// RunBare serves until ctx ends.
func RunBare(ctx context.Context, cfg BareConfig) error {
	b := &bare{cfg: cfg}
	var err error
	if b.trainer, err = openBareStore(ctx, cfg.Driver, cfg.TrainerDB); err != nil {
		return fmt.Errorf("bare: trainer database: %w", err)
	}
	if b.training, err = openBareStore(ctx, cfg.Driver, cfg.TrainingDB); err != nil {
		return fmt.Errorf("bare: training database: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /trainer/calendar", b.serveCalendar)
	mux.HandleFunc("GET /trainings", b.serveTrainings)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	hl, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return err
	}
	gl, err := net.Listen("tcp", cfg.GRPCAddr)
	if err != nil {
		return err
	}
	gs := grpc.NewServer()
	trainerv1.RegisterTrainerServiceServer(gs, b)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = gs.Serve(gl) }()
	go func() { _ = hs.Serve(hl) }()
	<-ctx.Done()
	gs.Stop()
	return hs.Close()
}
