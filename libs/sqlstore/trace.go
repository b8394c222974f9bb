package sqlstore

import (
	"context"
	"database/sql/driver"
	"io"
	"strings"

	"github.com/jackc/pgx/v5"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// SQL spans: every statement a request runs is a span below the request's (the command's or
// query's, libs/decorator), named by its first keyword ("SELECT", "UPDATE", "BEGIN") and carrying
// the statement's text. The text is the parameterised statement, never the values bound to it.
//
// A statement runs in a span only when the context already has a recording one: migrations,
// start-up and background work without a trace make no root spans of their own, and an
// unsampled request costs one check per statement. The spans come from the provider of the span
// in the context, so this package needs no tracer of its own.
//
// PostgreSQL: pgx's QueryTracer hook (Conn config), one span from the query's start to its end.
// SQLite: a database/sql driver wrapping modernc's, one span per Exec and Query call (a query's
// span ends when its rows are ready, not when they are read).

const tracerName = "github.com/kratos-monorepo/monorepo/libs/sqlstore"

// The db.system.name values of OpenTelemetry's conventions.
const (
	systemSQLite   = "sqlite"
	systemPostgres = "postgresql"
)

// startStatement opens the span of one statement, or returns ctx and nil when ctx's span is not
// recording.
func startStatement(ctx context.Context, system, query string) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	if !parent.IsRecording() {
		return ctx, nil
	}
	return parent.TracerProvider().Tracer(tracerName).Start(ctx, operationOf(query),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			attribute.String("db.system.name", system),
			attribute.String("db.query.text", query),
		))
}

func endStatement(span trace.Span, err error) {
	if span == nil {
		return
	}
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// operationOf is the statement's first keyword in capitals ("SELECT"), or "SQL" for none.
func operationOf(query string) string {
	q := strings.TrimLeft(query, " \t\r\n(")
	end := strings.IndexFunc(q, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') })
	if end < 0 {
		end = len(q)
	}
	if end == 0 {
		return "SQL"
	}
	return strings.ToUpper(q[:end])
}

// pgxTracer is pgx's QueryTracer: a span per query on a pool connection.
type pgxTracer struct{}

type pgxSpanKey struct{}

func (pgxTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	ctx, span := startStatement(ctx, systemPostgres, data.SQL)
	if span == nil {
		return ctx
	}
	return context.WithValue(ctx, pgxSpanKey{}, span)
}

func (pgxTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryEndData) {
	if span, ok := ctx.Value(pgxSpanKey{}).(trace.Span); ok {
		endStatement(span, data.Err)
	}
}

// tracedConnector opens SQLite connections through modernc's driver and wraps each in
// tracedConn.
type tracedConnector struct {
	dsn    string
	driver driver.Driver
	// closer is closed with the database (database/sql closes a connector that is an
	// io.Closer after its connections): the database's checkpointer.
	closer io.Closer
}

func (c tracedConnector) Close() error {
	if c.closer == nil {
		return nil
	}
	return c.closer.Close()
}

func (c tracedConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.driver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return tracedConn{conn: conn}, nil
}

func (c tracedConnector) Driver() driver.Driver { return c.driver }

// sqliteConn is what modernc's connections implement and database/sql uses.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// tracedConn forwards everything to the driver's connection, with a span around ExecContext and
// QueryContext (database/sql calls them for every statement not prepared by hand) and around
// the statements prepared by hand.
type tracedConn struct{ conn driver.Conn }

func (c tracedConn) full() (sqliteConn, bool) { s, ok := c.conn.(sqliteConn); return s, ok }

func (c tracedConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c tracedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var (
		st  driver.Stmt
		err error
	)
	if s, ok := c.full(); ok {
		st, err = s.PrepareContext(ctx, query)
	} else {
		st, err = c.conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return tracedStmt{Stmt: st, query: query}, nil
}

func (c tracedConn) Close() error { return c.conn.Close() }

func (c tracedConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c tracedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	s, ok := c.full()
	if !ok {
		return c.conn.Begin() //nolint:staticcheck // the driver offers nothing newer
	}
	ctx, span := startStatement(ctx, systemSQLite, "BEGIN")
	tx, err := s.BeginTx(ctx, opts)
	endStatement(span, err)
	return tx, err
}

func (c tracedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, ok := c.full()
	if !ok {
		return nil, driver.ErrSkip
	}
	ctx, span := startStatement(ctx, systemSQLite, query)
	res, err := s.ExecContext(ctx, query, args)
	endStatement(span, err)
	return res, err
}

func (c tracedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, ok := c.full()
	if !ok {
		return nil, driver.ErrSkip
	}
	ctx, span := startStatement(ctx, systemSQLite, query)
	rows, err := s.QueryContext(ctx, query, args)
	endStatement(span, err)
	return rows, err
}

func (c tracedConn) Ping(ctx context.Context) error {
	if s, ok := c.full(); ok {
		return s.Ping(ctx)
	}
	return nil
}

func (c tracedConn) ResetSession(ctx context.Context) error {
	if s, ok := c.full(); ok {
		return s.ResetSession(ctx)
	}
	return nil
}

func (c tracedConn) IsValid() bool {
	if s, ok := c.full(); ok {
		return s.IsValid()
	}
	return true
}

// tracedStmt is a statement prepared by hand; its executions are spans.
type tracedStmt struct {
	driver.Stmt
	query string
}

func (s tracedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	ec, ok := s.Stmt.(driver.StmtExecContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	ctx, span := startStatement(ctx, systemSQLite, s.query)
	res, err := ec.ExecContext(ctx, args)
	endStatement(span, err)
	return res, err
}

func (s tracedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	qc, ok := s.Stmt.(driver.StmtQueryContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	ctx, span := startStatement(ctx, systemSQLite, s.query)
	rows, err := qc.QueryContext(ctx, args)
	endStatement(span, err)
	return rows, err
}
