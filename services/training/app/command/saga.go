package command

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"go.uber.org/zap"

	"github.com/kratos-monorepo/monorepo/libs/decorator"
	"github.com/kratos-monorepo/monorepo/libs/errs"
	"github.com/kratos-monorepo/monorepo/libs/log"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// SagaConfig tunes how operations are driven; zero fields take the defaults below.
type SagaConfig struct {
	Wait       time.Duration // how long a request drives its operation before answering pending
	Lease      time.Duration // how long a driver keeps an operation before another may take it
	RetryMin   time.Duration // the first retry's delay, doubled per attempt
	RetryMax   time.Duration // the longest delay between attempts
	StuckAfter int           // attempts after which an operation is logged at error level
}

func (c SagaConfig) withDefaults() SagaConfig {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Wait, 5*time.Second)
	def(&c.Lease, 15*time.Second)
	def(&c.RetryMin, 250*time.Millisecond)
	def(&c.RetryMax, 30*time.Second)
	if c.StuckAfter <= 0 {
		c.StuckAfter = 10
	}
	return c
}

// Saga drives operations to their end: every step forward, or, after a refusal, every earlier
// step undone. It is safe to drive one operation from several places at once (the request and a
// worker that thinks its driver died): every call is applied at most once by the other service,
// which answers repeats as it answered the first, so all drivers take the same turns, and
// Finish ends an operation only once.
type Saga struct {
	ops      Operations
	trainers TrainerService
	users    UserService
	now      func() time.Time
	log      *zap.Logger
	metrics  decorator.MetricsClient
	cfg      SagaConfig
}

// NewSaga builds the driver; nil logger and metrics are allowed (tests).
func NewSaga(ops Operations, trainers TrainerService, users UserService, now func() time.Time,
	cfg SagaConfig, logger *zap.Logger, metrics decorator.MetricsClient) *Saga {
	decorator.Require("Saga", ops, trainers, users, now)
	if logger == nil {
		logger = zap.NewNop()
	}
	if metrics == nil {
		metrics = decorator.NopMetrics{}
	}
	return &Saga{ops: ops, trainers: trainers, users: users, now: now, log: logger, metrics: metrics, cfg: cfg.withDefaults()}
}

// StartSchedule books tr: it records the new training, marked as being booked, with the
// operation of steps, then drives the operation while the request waits (RunForRequest).
func (s *Saga) StartSchedule(ctx context.Context, tr *training.Training, steps []Step) error {
	op := s.plan(KindSchedule, tr, steps)
	if err := s.ops.BeginSchedule(ctx, tr, op); err != nil {
		return err
	}
	return s.RunForRequest(ctx, op)
}

// Start changes a stored training: plan gets the training as stored, changes it as the use case
// does (its domain method) and returns the steps that change the other services to match. The
// operation is recorded with the training marked as changing, then driven while the request
// waits (RunForRequest); the training takes its new state when the operation is done.
func (s *Saga) Start(ctx context.Context, kind OperationKind, trainingUUID string, user training.User,
	plan func(tr *training.Training) ([]Step, error)) error {
	op, err := s.ops.Begin(ctx, trainingUUID, user, func(tr *training.Training) (*Operation, error) {
		steps, err := plan(tr)
		if err != nil {
			return nil, err
		}
		return s.plan(kind, tr, steps), nil
	})
	if err != nil {
		return err
	}
	return s.RunForRequest(ctx, op)
}

// plan is a new operation turning tr's training into tr; the worker leaves it to the request
// that begins it for one lease.
func (s *Saga) plan(kind OperationKind, tr *training.Training, steps []Step) *Operation {
	now := s.now()
	return &Operation{
		TrainingUUID: tr.UUID(), Kind: kind, Steps: steps, Target: tr.Marshal(),
		State: StateRunning, CreatedAt: now, NextAttempt: now.Add(s.cfg.Lease),
	}
}

// RunForRequest drives a just-begun operation while the request waits (at most the configured
// wait, and never past the request's own deadline): nil when it is done, the refusal when another
// service refused a step (the undoing may still go on in the background), ErrChangePending when
// it is still unfinished (the worker takes it up).
func (s *Saga) RunForRequest(ctx context.Context, op *Operation) error {
	// A caller that hangs up does not stop the operation (it is recorded and cheap to finish
	// now); its deadline does bound the wait, so the answer still reaches a caller that waits.
	wait := s.cfg.Wait
	if deadline, ok := ctx.Deadline(); ok {
		wait = min(wait, time.Until(deadline))
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), wait)
	defer cancel()
	err := s.Run(ctx, op)
	if errors.Is(err, ErrChangePending) && op.State == StateCompensating {
		// Refused for good: the undoing goes on in the background, the answer is the refusal.
		return refusal(op.Reason)
	}
	return err
}

// Run drives op as far as it goes now (see RunForRequest for the answers).
func (s *Saga) Run(ctx context.Context, op *Operation) error {
	start := time.Now()
	err := s.run(ctx, op)
	// Counted per attempt with its reason: "change-pending" attempts are the retries to come (an
	// alert on their rate finds a stuck upstream), a refusal's reason is the other service's.
	s.metrics.ObserveHandler("operation", string(op.Kind), time.Since(start), err)
	return err
}

func (s *Saga) run(ctx context.Context, op *Operation) error {
	if op.State == StateRunning {
		for i := range op.Steps {
			err := s.call(ctx, op, i, false)
			if err == nil {
				continue
			}
			if op.Steps[i].Undo == nil || !errs.IsRefusal(err) {
				// Unreachable, too slow, or a refusal of a step that must not be refused (freeing
				// an hour the training holds): try again later, visibly.
				return s.retryLater(ctx, op, i, err)
			}
			op.State, op.FailedStep, op.Reason = StateCompensating, i, errs.ReasonOf(err)
			if err := s.ops.Record(ctx, op); err != nil {
				return s.retryLater(ctx, op, i, err)
			}
			log.For(ctx, s.log).Info("operation refused, undoing its earlier steps", s.fields(op, i)...)
			break
		}
		if op.State == StateRunning {
			return s.finish(ctx, op, StateDone)
		}
	}
	if op.State == StateCompensating {
		for i := op.FailedStep - 1; i >= 0; i-- {
			if op.Steps[i].Undo == nil {
				continue
			}
			if err := s.call(ctx, op, i, true); err != nil {
				return s.retryLater(ctx, op, i, err)
			}
		}
		if err := s.finish(ctx, op, StateFailed); err != nil {
			return err
		}
		return refusal(op.Reason)
	}
	return nil // finished already
}

// refusal is the declared error of a recorded reason, so the request that began the operation
// answers exactly as the other service refused.
func refusal(reason string) error {
	if e, ok := errs.ByReason(reason); ok {
		return e
	}
	return errs.Conflict(reason, "another service refused the change: "+reason)
}

// finish records op's end; until that succeeds, op keeps its unfinished state, so a failed
// attempt is recorded (and retried) as unfinished.
func (s *Saga) finish(ctx context.Context, op *Operation, state OperationState) error {
	ended := *op
	ended.State = state
	if err := s.ops.Finish(ctx, &ended); err != nil {
		return s.retryLater(ctx, op, len(op.Steps), err)
	}
	op.State = state
	if op.Attempts > 0 {
		log.For(ctx, s.log).Info("operation finished after retries", s.fields(op, -1)...)
	}
	return nil
}

func (s *Saga) call(ctx context.Context, op *Operation, i int, undo bool) error {
	c := op.Steps[i].Do
	if undo {
		c = *op.Steps[i].Undo
	}
	id := stepID(op, i, undo)
	switch c.Action {
	case ChangeBalance:
		return s.users.UpdateTrainingBalance(ctx, id, c.User, c.Delta)
	case ReserveHour:
		return s.trainers.ScheduleTraining(ctx, id, c.Hour)
	case FreeHour:
		return s.trainers.CancelTraining(ctx, id, c.Hour)
	}
	return errors.New("unknown action " + string(c.Action))
}

// retryLater records the failed attempt and when to try again (doubling delays with jitter, so
// a recovering service is not hit by every operation at once) and answers ErrChangePending.
func (s *Saga) retryLater(ctx context.Context, op *Operation, step int, cause error) error {
	op.Attempts++
	op.LastError = truncate(cause.Error(), 500)
	delay := s.cfg.RetryMin << min(op.Attempts-1, 20)
	if delay > s.cfg.RetryMax || delay <= 0 {
		delay = s.cfg.RetryMax
	}
	delay = delay/2 + rand.N(delay/2+1)
	op.NextAttempt = s.now().Add(delay)
	// Record with a context of its own: the attempt may have ended because ctx ran out.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.ops.Record(rctx, op); err != nil {
		// The worker finds the operation again when its lease runs out.
		log.For(ctx, s.log).Warn("operation progress not recorded", append(s.fields(op, step), zap.NamedError("record_error", err))...)
	}
	fields := append(s.fields(op, step), zap.Int("attempts", op.Attempts), zap.Duration("retry_in", delay), zap.Error(cause))
	if op.Attempts >= s.cfg.StuckAfter {
		log.For(ctx, s.log).Error("operation stuck: still unfinished, retrying", fields...)
	} else {
		log.For(ctx, s.log).Warn("operation unfinished, retrying", fields...)
	}
	return errors.Join(ErrChangePending, cause)
}

// fields name an operation in logs: ids and times, never personal data such as notes.
func (s *Saga) fields(op *Operation, step int) []zap.Field {
	f := []zap.Field{
		zap.String("operation", op.ID), zap.String("operation_kind", string(op.Kind)),
		zap.String("state", string(op.State)), zap.String("training", op.TrainingUUID),
		zap.String("user", op.Target.UserUUID), zap.Time("hour", op.Target.Time),
	}
	if step >= 0 && step < len(op.Steps) {
		f = append(f, zap.Int("step", step), zap.String("action", string(op.Steps[step].Do.Action)))
	}
	if op.Reason != "" {
		f = append(f, zap.String("reason", op.Reason))
	}
	return f
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// RecoverDue drives every operation due for another attempt (after a failure, or left behind
// by a driver that died) and reports how many it took up. The worker calls it periodically.
func (s *Saga) RecoverDue(ctx context.Context, limit int) (int, error) {
	now := s.now()
	ops, err := s.ops.ClaimDue(ctx, now, now.Add(s.cfg.Lease), limit)
	if err != nil {
		return 0, err
	}
	for _, op := range ops {
		if ctx.Err() != nil {
			break
		}
		actx, cancel := context.WithTimeout(ctx, s.cfg.Lease)
		_ = s.Run(actx, op) // outcomes are logged and recorded by Run
		cancel()
	}
	return len(ops), nil
}

// Work runs RecoverDue every poll until ctx ends, and once at once: operations a crash left
// unfinished are resumed on start.
func (s *Saga) Work(ctx context.Context, poll time.Duration) {
	if poll <= 0 {
		poll = time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		for {
			n, err := s.RecoverDue(ctx, 16)
			if err != nil && ctx.Err() == nil {
				log.For(ctx, s.log).Warn("looking for unfinished operations failed", zap.Error(err))
			}
			if n < 16 || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
