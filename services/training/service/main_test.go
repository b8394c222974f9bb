package service_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/pgtest"
)

// TestMain stops the PostgreSQL cluster pgtest starts for the postgres storage test.
func TestMain(m *testing.M) { pgtest.Main(m) }
