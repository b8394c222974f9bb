package adapters_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
)

// TestMain stops the PostgreSQL cluster pgtest starts for the postgres backend.
func TestMain(m *testing.M) { pgtest.Main(m) }
