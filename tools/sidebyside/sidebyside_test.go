package sidebyside_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	"github.com/kratos-monorepo/monorepo/tools/faults"
	"github.com/kratos-monorepo/monorepo/tools/sidebyside"
)

// envBare makes the test binary the bare server (its JSON BareConfig), so the baseline runs in a
// process of its own whose CPU time /proc can tell apart.
const envBare = "SIDEBYSIDE_BARE"

func TestMain(m *testing.M) {
	if cfg := os.Getenv(envBare); cfg != "" {
		runBare(cfg)
		return
	}
	pgtest.Main(m)
}

func runBare(cfgJSON string) {
	var cfg sidebyside.BareConfig
	if err := json.Unmarshal([]byte(cfgJSON), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// Ends when the test closes our stdin (or dies: Pdeathsig).
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	if err := sidebyside.RunBare(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// setup is one backend's system (the three services) and its bare server on the same databases.
type setup struct {
	backend   faults.Backend
	sys       *faults.System
	token     string // the attendee's
	attendee  string
	bareHTTP  string
	bareGRPC  string
	barePid   int
	from, to  time.Time // the calendar's week
	bookable  []time.Time
	projGRPC  trainerv1.TrainerServiceClient
	bareGRPCc trainerv1.TrainerServiceClient
	http      *http.Client
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// booked is how many of the attendee's trainings the list shows.
const booked = 20

func start(t *testing.T, backend faults.Backend, bins faults.Binaries, env []string, serviceEnv map[string][]string) *setup {
	t.Helper()
	ctx := context.Background()
	cfg := faults.SystemConfig{Backend: backend, Binaries: bins, Dir: t.TempDir(), FarHours: 600, Env: env, ServiceEnv: serviceEnv}
	if backend == faults.Postgres {
		cfg.DSN = map[string]string{}
		for _, s := range faults.Services {
			cfg.DSN[s] = pgtest.NewDatabase(t)
		}
	}
	sys, err := faults.StartSystem(ctx, cfg)
	t.Cleanup(func() {
		if sys != nil {
			if t.Failed() {
				t.Logf("service logs:\n%s", sys.Logs(30))
			}
			sys.Stop()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &setup{backend: backend, sys: sys, attendee: sys.Attendees[0].UUID, token: sys.Token(sys.Attendees[0])}
	for i, h := range sys.FarHours[:booked] {
		if _, o := sys.API().Book(ctx, s.token, h, fmt.Sprintf("booked #%d", i)); !o.OK() {
			t.Fatalf("book %s: %s %v", h, o.Key(), o.Err)
		}
	}
	s.bookable = sys.FarHours[booked:]
	s.from = sys.FarHours[0].Truncate(24 * time.Hour)
	s.to = s.from.AddDate(0, 0, 6)

	trainerDB, trainingDB := filepath.Join(cfg.Dir, "trainer.db"), filepath.Join(cfg.Dir, "training.db")
	if backend == faults.Postgres {
		trainerDB, trainingDB = cfg.DSN["trainer"], cfg.DSN["training"]
	}
	s.bareHTTP, s.bareGRPC = freeAddr(t), freeAddr(t)
	bareCfg, _ := json.Marshal(sidebyside.BareConfig{
		Driver: string(backend), TrainerDB: trainerDB, TrainingDB: trainingDB,
		HTTPAddr: s.bareHTTP, GRPCAddr: s.bareGRPC, EarliestHour: 0, LatestHour: 23,
		AttendeeUUID: s.attendee, FreeCancelGap: 24 * time.Hour,
	})
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), envBare+"="+string(bareCfg))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	s.barePid = cmd.Process.Pid

	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 64
	s.http = &http.Client{Transport: transport, Timeout: 10 * time.Second}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := s.http.Get("http://" + s.bareHTTP + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("bare server not up: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.projGRPC = dial(t, sys.Procs["trainer"].GRPCAddr)
	s.bareGRPCc = dial(t, s.bareGRPC)
	return s
}

func dial(t *testing.T, addr string) trainerv1.TrainerServiceClient {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return trainerv1.NewTrainerServiceClient(conn)
}

func (s *setup) projectHTTP(service string) string {
	return "http://" + s.sys.Procs[service].HTTPAddr
}

func (s *setup) calendarPath() string {
	return "/trainer/calendar?date_from=" + s.from.Format(time.RFC3339) + "&date_to=" + s.to.Format(time.RFC3339)
}

func (s *setup) get(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := s.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return body, fmt.Errorf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return body, nil
}

func (s *setup) calendarRequest() *trainerv1.GetCalendarRequest {
	return &trainerv1.GetCalendarRequest{DateFrom: timestamppb.New(s.from), DateTo: timestamppb.New(s.to)}
}

func (s *setup) grpcCalendar(ctx context.Context, c trainerv1.TrainerServiceClient) (*trainerv1.Calendar, error) {
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+s.token)
	return c.GetCalendar(ctx, s.calendarRequest())
}

// read is one read goal: a request to the project and the same to the baseline.
type read struct {
	name          string
	project, bare func(ctx context.Context) error
}

func (s *setup) reads() []read {
	getter := func(url string) func(context.Context) error {
		return func(ctx context.Context) error { _, err := s.get(ctx, url); return err }
	}
	rpc := func(c trainerv1.TrainerServiceClient) func(context.Context) error {
		return func(ctx context.Context) error { _, err := s.grpcCalendar(ctx, c); return err }
	}
	return []read{
		{"calendar gRPC (7 days)", rpc(s.projGRPC), rpc(s.bareGRPCc)},
		{"calendar HTTP (7 days)", getter(s.projectHTTP("trainer") + s.calendarPath()), getter("http://" + s.bareHTTP + s.calendarPath())},
		{fmt.Sprintf("trainings list HTTP (%d)", booked), getter(s.projectHTTP("training") + "/trainings"), getter("http://" + s.bareHTTP + "/trainings")},
	}
}

func sameJSON(t *testing.T, what string, project, bare []byte) {
	t.Helper()
	var p, b any
	if err := json.Unmarshal(project, &p); err != nil {
		t.Fatalf("%s: project: %v", what, err)
	}
	if err := json.Unmarshal(bare, &b); err != nil {
		t.Fatalf("%s: bare: %v", what, err)
	}
	if !reflect.DeepEqual(p, b) {
		t.Errorf("%s: the bare server answers differently:\nproject %s\nbare    %s", what, project, bare)
	}
}

// The baseline is only fair when it does the same work: same rows, same body. This runs in
// every test run (short), the measurements only in TestSideBySide.
func TestBareServerAnswersAsTheServices(t *testing.T) {
	bins := binaries(t)
	for _, backend := range []faults.Backend{faults.SQLite, faults.Postgres} {
		t.Run(string(backend), func(t *testing.T) {
			s := start(t, backend, bins, nil, nil)
			ctx := context.Background()
			for _, path := range []string{s.calendarPath(), "/trainings"} {
				service := "trainer"
				if path == "/trainings" {
					service = "training"
				}
				project, err := s.get(ctx, s.projectHTTP(service)+path)
				if err != nil {
					t.Fatal(err)
				}
				bare, err := s.get(ctx, "http://"+s.bareHTTP+path)
				if err != nil {
					t.Fatal(err)
				}
				sameJSON(t, path, project, bare)
				if path == "/trainings" && strings.Count(string(bare), `"uuid"`) != booked {
					t.Errorf("the list has not the %d trainings booked: %s", booked, bare)
				}
			}
			project, err := s.grpcCalendar(ctx, s.projGRPC)
			if err != nil {
				t.Fatal(err)
			}
			bare, err := s.grpcCalendar(ctx, s.bareGRPCc)
			if err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(project, bare) {
				t.Errorf("gRPC calendar differs:\nproject %s\nbare    %s", protojson.Format(project), protojson.Format(bare))
			}
			if n := len(bare.GetDays()); n != 7 {
				t.Errorf("calendar has %d days, want 7", n)
			}
		})
	}
}

func binaries(t *testing.T) faults.Binaries {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	bins, err := faults.LocateBinaries(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return bins
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// TestSideBySide prints, for each goal of the read and booking paths, the project's figure, the
// baseline's and the ratio (tools/bench side). It measures and prints; it does not judge.
// SIDEBYSIDE=1 runs it; SIDEBYSIDE_ROUNDS, SIDEBYSIDE_REQUESTS, SIDEBYSIDE_CLIENTS,
// SIDEBYSIDE_BOOKINGS and FAULTS_BACKENDS-like SIDEBYSIDE_BACKENDS tune it.
func TestSideBySide(t *testing.T) {
	if os.Getenv("SIDEBYSIDE") == "" {
		t.Skip("set SIDEBYSIDE=1 (tools/bench side) to measure")
	}
	rounds := envInt(t, "SIDEBYSIDE_ROUNDS", 3)
	requests := envInt(t, "SIDEBYSIDE_REQUESTS", 1000)
	clients := envInt(t, "SIDEBYSIDE_CLIENTS", 4)
	bookings := envInt(t, "SIDEBYSIDE_BOOKINGS", 100)
	const bookingClients = 20
	backends := []faults.Backend{faults.SQLite, faults.Postgres}
	if v := os.Getenv("SIDEBYSIDE_BACKENDS"); v != "" {
		backends = nil
		for _, b := range strings.Split(v, ",") {
			backends = append(backends, faults.Backend(strings.TrimSpace(b)))
		}
	}
	bins := binaries(t)
	ctx := context.Background()
	setups := map[faults.Backend]*setup{}
	for _, b := range backends {
		setups[b] = start(t, b, bins, strings.Fields(os.Getenv("SIDEBYSIDE_ENV")), nil)
	}
	pairs := map[string]*sidebyside.Pair{}
	var order []string
	pair := func(name string) *sidebyside.Pair {
		if pairs[name] == nil {
			pairs[name] = &sidebyside.Pair{Goal: name}
			order = append(order, name)
		}
		return pairs[name]
	}
	// Warm both sides up (connections, caches, the Go runtime's heap) before measuring.
	for _, b := range backends {
		for _, r := range setups[b].reads() {
			for range 200 {
				_ = r.project(ctx)
				_ = r.bare(ctx)
			}
		}
	}
	bookingRounds := map[faults.Backend][]sidebyside.Sample{}
	next := map[faults.Backend]*atomic.Int64{}
	for _, b := range backends {
		next[b] = &atomic.Int64{}
	}
	for round := range rounds {
		for _, b := range backends {
			s := setups[b]
			for _, r := range s.reads() {
				p := pair(fmt.Sprintf("%s, %s", r.name, b))
				// Alternate which side goes first, so neither always meets a warmer machine.
				sides := []func() error{
					func() error {
						smp, err := sidebyside.Run(ctx, []int{s.sys.Procs[service(r.name)].Pid()}, clients, requests, func(ctx context.Context, _ int) error { return r.project(ctx) })
						p.Project = append(p.Project, smp)
						return err
					},
					func() error {
						smp, err := sidebyside.Run(ctx, []int{s.barePid}, clients, requests, func(ctx context.Context, _ int) error { return r.bare(ctx) })
						p.Baseline = append(p.Baseline, smp)
						return err
					},
				}
				if round%2 == 1 {
					sides[0], sides[1] = sides[1], sides[0]
				}
				for _, side := range sides {
					if err := side(); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		// Booking: bookingClients clients book distinct free hours one after another.
		for _, b := range backends {
			s := setups[b]
			counter := next[b]
			var pids []int
			for _, name := range faults.Services {
				pids = append(pids, s.sys.Procs[name].Pid())
			}
			smp, err := sidebyside.Run(ctx, pids, bookingClients, bookings, func(ctx context.Context, i int) error {
				k := int(counter.Add(1)) - 1
				if k >= len(s.bookable) {
					return fmt.Errorf("no free hour left")
				}
				attendee := s.sys.Attendees[1+k%(len(s.sys.Attendees)-1)]
				_, o := s.sys.API().Book(ctx, s.sys.Token(attendee), s.bookable[k], "side by side")
				if !o.OK() {
					return fmt.Errorf("%s %v", o.Key(), o.Err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			bookingRounds[b] = append(bookingRounds[b], smp)
		}
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "side by side, %d rounds; reads: %d requests per round from %d clients; bookings: %d per round from %d clients\n",
		rounds, requests, clients, bookings, bookingClients)
	fmt.Fprintf(&out, "reads: the project vs a bare grpc-go / net/http server running the same SQL on the same database (medians over the rounds)\n")
	for _, name := range order {
		fmt.Fprintln(&out, sidebyside.RowOf(*pairs[name], "bare", 2, 1.5))
	}
	if sq, pg := bookingRounds[faults.SQLite], bookingRounds[faults.Postgres]; len(sq) > 0 && len(pg) > 0 {
		row := sidebyside.RowOf(sidebyside.Pair{Goal: fmt.Sprintf("booking, %d clients, SQLite vs PostgreSQL", bookingClients), Project: sq, Baseline: pg}, "postgres", 0, 1.5)
		fmt.Fprintln(&out, row)
		fmt.Fprintf(&out, "%-44s  p99 %.1fms (goal < 50ms %s); bookings/s %s (SQLite) / %s (PostgreSQL); CPU per booking, three services: %s / %s\n", "booking on SQLite",
			float64(row.ProjectP99)/float64(time.Millisecond), map[bool]string{true: "ok", false: "OVER"}[row.ProjectP99 < 50*time.Millisecond],
			rate(sq), rate(pg), medianCPU(sq), medianCPU(pg))
	} else {
		for b, smp := range bookingRounds {
			row := sidebyside.RowOf(sidebyside.Pair{Goal: "booking " + string(b), Project: smp, Baseline: smp}, "", 0, 1.5)
			fmt.Fprintf(&out, "booking, %d clients, %s: p99 %s, bookings/s %s, CPU per booking, three services: %s\n", bookingClients, b, row.ProjectP99, rate(smp), medianCPU(smp))
		}
	}
	t.Log("\n" + out.String())
}

func medianCPU(samples []sidebyside.Sample) string {
	row := sidebyside.RowOf(sidebyside.Pair{Project: samples, Baseline: samples}, "", 1, 0)
	return fmt.Sprintf("%.0fus", float64(row.ProjectCPU)/float64(time.Microsecond))
}

// rate is the median over the rounds of requests per second.
func rate(samples []sidebyside.Sample) string {
	var rates []float64
	for _, s := range samples {
		rates = append(rates, float64(s.Requests)/s.Wall.Seconds())
	}
	slices.Sort(rates)
	return fmt.Sprintf("%.0f", rates[len(rates)/2])
}

// service is the service a read goal's project side is served by.
func service(goal string) string {
	if strings.HasPrefix(goal, "trainings") {
		return "training"
	}
	return "trainer"
}
