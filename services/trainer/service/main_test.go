package service_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
)

// TestMain stops the PostgreSQL cluster that the postgres runs start on first use.
func TestMain(m *testing.M) { pgtest.Main(m) }
