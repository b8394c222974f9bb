package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

var notIdentifier = regexp.MustCompile(`[^a-z0-9_]+`)

// createDatabase makes a database whose name starts with the test's name, which helps when
// inspecting a server that PGTEST_DSN points at, and ends in random bytes so names never clash.
func createDatabase(ctx context.Context, adminDSN, testName string) (string, error) {
	suffix := make([]byte, 6)
	if _, err := rand.Read(suffix); err != nil {
		return "", fmt.Errorf("random database name: %w", err)
	}
	prefix := notIdentifier.ReplaceAllString(strings.ToLower(testName), "_")
	if len(prefix) > 40 {
		prefix = prefix[:40]
	}
	name := "t_" + prefix + "_" + hex.EncodeToString(suffix)
	err := withAdmin(ctx, adminDSN, func(conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	return name, nil
}

// dropDatabase forces connections a test left open (a pool not yet closed) off the database.
func dropDatabase(ctx context.Context, adminDSN, name string) error {
	err := withAdmin(ctx, adminDSN, func(conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		return err
	})
	if err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

func withAdmin(ctx context.Context, adminDSN string, f func(*pgx.Conn) error) error {
	conn, err := pgx.Connect(ctx, adminDSN)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return f(conn)
}

// withDatabase returns dsn pointing at database name; dsn must be a URL.
func withDatabase(dsn, name string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("%s must be a postgres:// URL, got %q", EnvDSN, dsn)
	}
	u.Path = "/" + name
	return u.String(), nil
}
