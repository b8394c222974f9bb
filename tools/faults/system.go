package faults

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/libs/testing/freeport"
)

// Backend is the storage every service of a run uses.
type Backend string

// The backends the services support (APP_DB_DRIVER).
const (
	SQLite   Backend = "sqlite"
	Postgres Backend = "postgres"
)

// Calendar settings handed to the trainer service; the harness picks hours inside them. Every
// hour of the day is open so that enough hours lie within 24 h whatever the time of the run.
const (
	earliestHour  = 0
	latestHour    = 23
	maxWeeksAhead = 6
)

// The bands the harness books in, measured from the run's start. A training in the late band
// is less than 24 h ahead for the whole run and one in the far band more than 24 h ahead, so
// which refund a cancel earns never depends on when exactly the services handled it.
const (
	lateFrom = 3 * time.Hour
	lateTo   = 21 * time.Hour
	farFrom  = 50 * time.Hour
)

// SystemConfig places one run of the three services.
type SystemConfig struct {
	Backend Backend
	// Dir holds the services' logs, and the SQLite files unless DataDir is set.
	Dir     string
	DataDir string
	// DSN gives each service's PostgreSQL database (Postgres only), by service name.
	DSN      map[string]string
	Binaries Binaries
	// Env is added to every service's environment after the harness's own APP_* settings, so
	// it can set anything the services read (APP_OPERATIONS_..., APP_LOG_LEVEL=warn); the harness's
	// own environment is inherited too.
	Env []string
	// ServiceEnv is added to one service's environment after Env (by service name): settings
	// that must differ between the services, such as a profiler's port (tools/sidebyside).
	ServiceEnv   map[string][]string
	Attendees    int
	StartBalance int
	// FarHours is how many hours beyond 48 h the trainer opens (the late band adds up to 18).
	FarHours int
	// StartWait bounds each start-up until /healthz answers.
	StartWait time.Duration
}

// System is the three services as processes, with what the harness seeded.
type System struct {
	cfg   SystemConfig
	Procs map[string]*Process
	dbs   map[string]*sql.DB

	keys      *auth.Issuer
	Trainer   auth.User
	Attendees []auth.User
	tokens    map[string]string // by user uuid

	// Start is the moment the hour bands are measured from.
	Start     time.Time
	LateHours []time.Time
	FarHours  []time.Time
	api       *API
}

// StartSystem migrates the three databases, seeds users, starts the services and opens the
// trainer's hours. Stop must be called even when it fails.
func StartSystem(ctx context.Context, cfg SystemConfig) (*System, error) {
	if cfg.Attendees <= 0 {
		cfg.Attendees = 8
	}
	if cfg.StartBalance <= 0 {
		cfg.StartBalance = 1000
	}
	if cfg.FarHours <= 0 {
		cfg.FarHours = 600
	}
	// Keys of this run's own: the user service signs users' tokens, training its calls.
	userKey, err := auth.GenerateSigningKey()
	if err != nil {
		return nil, err
	}
	trainingKey, err := auth.GenerateSigningKey()
	if err != nil {
		return nil, err
	}
	keyEnv := map[string][]string{
		"user":     {"APP_SIGNING_KEY=" + userKey.Seed(), "APP_TRAINING_SERVICE_KEY=" + trainingKey.Public().String()},
		"trainer":  {"APP_USER_KEY=" + userKey.Public().String(), "APP_TRAINING_SERVICE_KEY=" + trainingKey.Public().String()},
		"training": {"APP_SIGNING_KEY=" + trainingKey.Seed(), "APP_USER_KEY=" + userKey.Public().String()},
	}
	s := &System{cfg: cfg, Procs: map[string]*Process{}, dbs: map[string]*sql.DB{}, keys: auth.NewIssuer(userKey), tokens: map[string]string{}}

	for _, name := range Services {
		addrs, err := pickAddrs(2)
		if err != nil {
			return s, err
		}
		httpAddr, grpcAddr := addrs[0], addrs[1]
		source := filepath.Join(s.dataDir(), name+".db")
		if cfg.Backend == Postgres {
			if source = cfg.DSN[name]; source == "" {
				return s, fmt.Errorf("no PostgreSQL database for %s", name)
			}
		}
		env := []string{
			"APP_DB_DRIVER=" + string(cfg.Backend),
			"APP_DB_SOURCE=" + source,
			fmt.Sprintf("APP_HOURS_EARLIEST=%d", earliestHour),
			fmt.Sprintf("APP_HOURS_LATEST=%d", latestHour),
			fmt.Sprintf("APP_HOURS_MAX_WEEKS_AHEAD=%d", maxWeeksAhead),
		}
		env = append(env, keyEnv[name]...)
		s.Procs[name] = &Process{
			Name: name, Bin: cfg.Binaries[name], HTTPAddr: httpAddr, GRPCAddr: grpcAddr,
			Env: env, LogPath: filepath.Join(cfg.Dir, name+".log"), StartWait: cfg.StartWait,
		}
	}
	training := s.Procs["training"]
	// A short lease: after a kill -9 the worker of the restarted process takes over the
	// operations the dead one was driving after 3 s instead of the production 15 s, so a run
	// checks many recoveries and the recovery wait stays short.
	training.Env = append(training.Env, "APP_OPERATIONS_LEASE=3s", "APP_OPERATIONS_RETRY_MAX=2s")
	for name, p := range s.Procs {
		p.Env = append(append(p.Env, cfg.Env...), cfg.ServiceEnv[name]...)
	}

	for _, name := range Services {
		if err := s.Procs[name].Migrate(ctx); err != nil {
			return s, err
		}
		db, err := s.open(ctx, name)
		if err != nil {
			return s, err
		}
		s.dbs[name] = db
	}
	if err := s.seedUsers(ctx); err != nil {
		return s, err
	}
	for _, name := range Services {
		p := s.Procs[name]
		if name == "training" {
			// Only now: the addresses of the other two are final once they have started.
			p.Env = append(p.Env, "APP_TRAINER_GRPC="+s.Procs["trainer"].GRPCAddr, "APP_USER_GRPC="+s.Procs["user"].GRPCAddr)
		}
		if err := s.firstStart(ctx, p); err != nil {
			return s, err
		}
	}
	s.api = newAPI(s.Procs, 256)
	s.pickHours(time.Now().UTC())
	if err := s.openHours(ctx); err != nil {
		return s, err
	}
	return s, nil
}

// pickAddrs picks free loopback addresses (a variable for the test that makes them busy).
var pickAddrs = freeport.Addrs

// firstStart starts a service for the first time. Its ports were free when picked, not
// reserved, and every process on the machine (other tests, this harness's own connections,
// whose local ports come from the same range) may take one before the service binds it: then
// the service exits at once with "address already in use". Nothing knows its ports yet, so it
// gets new ones and another try.
func (s *System) firstStart(ctx context.Context, p *Process) error {
	for attempt := 1; ; attempt++ {
		err := p.Start(ctx)
		if !errors.Is(err, ErrPortBusy) || attempt == 3 {
			return err
		}
		addrs, perr := pickAddrs(2)
		if perr != nil {
			return perr
		}
		p.HTTPAddr, p.GRPCAddr = addrs[0], addrs[1]
	}
}

// Stop kills every service and closes the harness's database handles.
func (s *System) Stop() {
	for _, p := range s.Procs {
		p.Stop()
	}
	for _, db := range s.dbs {
		db.Close()
	}
}

// Logs returns the end of every service's log, for a failed run.
func (s *System) Logs(lines int) string {
	var b strings.Builder
	for _, name := range Services {
		if p := s.Procs[name]; p != nil {
			fmt.Fprintf(&b, "--- %s (%s), last %d lines:\n%s\n", name, p.LogPath, lines, p.Tail(lines))
		}
	}
	return b.String()
}

func (s *System) open(ctx context.Context, name string) (*sql.DB, error) {
	if s.cfg.Backend == Postgres {
		db, err := sql.Open("pgx", s.cfg.DSN[name])
		if err != nil {
			return nil, err
		}
		return db, db.PingContext(ctx)
	}
	return sqlstore.OpenSQLite(ctx, filepath.Join(s.dataDir(), name+".db"))
}

func (s *System) dataDir() string {
	if s.cfg.DataDir != "" {
		return s.cfg.DataDir
	}
	return s.cfg.Dir
}

// placeholder is the n-th (1-based) bind parameter in the backend's SQL.
func (s *System) placeholder(n int) string {
	if s.cfg.Backend == Postgres {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// seedUsers writes the trainer and the attendees straight into the user service's table (no
// accounts: the harness signs their tokens with the user service's key itself, sparing the
// password hashing of sign-up and login).
func (s *System) seedUsers(ctx context.Context) error {
	s.Trainer = auth.User{UUID: uuid.NewString(), Role: auth.RoleTrainer, Name: "Trainer"}
	for i := range s.cfg.Attendees {
		s.Attendees = append(s.Attendees, auth.User{UUID: uuid.NewString(), Role: auth.RoleAttendee, Name: fmt.Sprintf("Attendee %d", i)})
	}
	insert := fmt.Sprintf("INSERT INTO users (id, role, display_name, balance) VALUES (%s, %s, %s, %s)",
		s.placeholder(1), s.placeholder(2), s.placeholder(3), s.placeholder(4))
	for _, u := range append([]auth.User{s.Trainer}, s.Attendees...) {
		balance := s.cfg.StartBalance
		if u.Role == auth.RoleTrainer {
			balance = 0
		}
		if _, err := s.dbs["user"].ExecContext(ctx, insert, u.UUID, string(u.Role), u.Name, balance); err != nil {
			return fmt.Errorf("seed user %s: %w", u.UUID, err)
		}
		token, err := s.keys.Sign(u, 24*time.Hour)
		if err != nil {
			return err
		}
		s.tokens[u.UUID] = token
	}
	return nil
}

// pickHours lays out the late band (every open hour between 3 h and 21 h ahead) and the far
// band (FarHours open hours from 50 h ahead, within max_weeks_ahead).
func (s *System) pickHours(now time.Time) {
	s.Start = now
	first := now.Truncate(time.Hour).Add(time.Hour)
	open := func(h time.Time) bool { return h.Hour() >= earliestHour && h.Hour() <= latestHour }
	for h := first; h.Before(now.Add(lateTo)); h = h.Add(time.Hour) {
		if h.Sub(now) >= lateFrom && open(h) {
			s.LateHours = append(s.LateHours, h)
		}
	}
	limit := now.Add(maxWeeksAhead*7*24*time.Hour - 24*time.Hour)
	for h := first; len(s.FarHours) < s.cfg.FarHours && h.Before(limit); h = h.Add(time.Hour) {
		if h.Sub(now) >= farFrom && open(h) {
			s.FarHours = append(s.FarHours, h)
		}
	}
}

// openHours makes every hour of both bands available through the trainer's HTTP API, in
// batches the trainer accepts (hours.max_per_request).
func (s *System) openHours(ctx context.Context) error {
	const batch = 100
	hours := append(append([]time.Time{}, s.LateHours...), s.FarHours...)
	for len(hours) > 0 {
		n := min(batch, len(hours))
		var body struct {
			Hours []string `json:"hours"`
		}
		for _, h := range hours[:n] {
			body.Hours = append(body.Hours, h.Format(time.RFC3339))
		}
		hours = hours[n:]
		o := s.api.do(ctx, "PUT", "trainer", "/trainer/hours/available", s.tokens[s.Trainer.UUID], body, nil)
		if !o.OK() {
			return fmt.Errorf("open the trainer's hours: %s %v", o.Key(), o.Err)
		}
	}
	return nil
}

// late reports whether a training at t is inside the late band (less than 24 h ahead during
// the whole run).
func (s *System) late(t time.Time) bool { return t.Sub(s.Start) < 24*time.Hour }

// ErrNoHours is returned when the calendar settings leave no hour to book.
var ErrNoHours = errors.New("faults: no bookable hours")

func (s *System) tokenOf(u auth.User) string { return s.tokens[u.UUID] }

// Token returns the bearer token of the trainer or an attendee.
func (s *System) Token(u auth.User) string { return s.tokenOf(u) }

// API is the client the harness's traffic uses.
func (s *System) API() *API { return s.api }

// DB is the harness's handle on a service's database (for tests that plant faults).
func (s *System) DB(service string) *sql.DB { return s.dbs[service] }
