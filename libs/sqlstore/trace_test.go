package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/kratos-monorepo/monorepo/libs/sqlstore"
	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// statementSpans runs two statements inside a recording span and one outside any, and returns
// the statement spans recorded, with the request span's id.
func statementSpans(t *testing.T, exec func(ctx context.Context, query string) error) ([]sdktrace.ReadOnlySpan, string) {
	t.Helper()
	recorder := tracetest.NewSpanRecorder()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	if err := exec(context.Background(), "INSERT INTO notes (id, body) VALUES (1, 'untraced')"); err != nil {
		t.Fatal(err)
	}
	ctx, request := provider.Tracer("test").Start(context.Background(), "request")
	if err := exec(ctx, "INSERT INTO notes (id, body) VALUES (2, 'traced')"); err != nil {
		t.Fatal(err)
	}
	if err := exec(ctx, "  select count(*) from notes"); err != nil {
		t.Fatal(err)
	}
	request.End()
	var spans []sdktrace.ReadOnlySpan
	for _, s := range recorder.Ended() {
		if s.Name() != "request" {
			spans = append(spans, s)
		}
	}
	return spans, request.SpanContext().SpanID().String()
}

func checkStatementSpans(t *testing.T, spans []sdktrace.ReadOnlySpan, parent, system string) {
	t.Helper()
	if len(spans) != 2 || spans[0].Name() != "INSERT" || spans[1].Name() != "SELECT" {
		var names []string
		for _, s := range spans {
			names = append(names, s.Name())
		}
		t.Fatalf("statement spans = %v, want [INSERT SELECT] (none for the statement outside a trace)", names)
	}
	for _, s := range spans {
		if s.Parent().SpanID().String() != parent {
			t.Errorf("%s: parent %s, want the request span %s", s.Name(), s.Parent().SpanID(), parent)
		}
		attrs := map[string]string{}
		for _, a := range s.Attributes() {
			attrs[string(a.Key)] = a.Value.Emit()
		}
		if attrs["db.system.name"] != system || attrs["db.query.text"] == "" {
			t.Errorf("%s: attributes %v", s.Name(), attrs)
		}
	}
}

func TestSQLiteStatementsAreSpansOfTheRequest(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, nil, filepath.Join(t.TempDir(), "t.db"), migrations)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	spans, parent := statementSpans(t, func(ctx context.Context, q string) error {
		rows, err := db.SQLite.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		return rows.Close()
	})
	checkStatementSpans(t, spans, parent, "sqlite")
}

func TestPostgresStatementsAreSpansOfTheRequest(t *testing.T) {
	ctx := context.Background()
	pool, err := sqlstore.OpenPostgres(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := sqlstore.MigratePool(ctx, pool, migrations); err != nil {
		t.Fatal(err)
	}
	spans, parent := statementSpans(t, func(ctx context.Context, q string) error {
		rows, err := pool.Query(ctx, q)
		if err != nil {
			return err
		}
		rows.Close()
		return rows.Err()
	})
	checkStatementSpans(t, spans, parent, "postgresql")
}
