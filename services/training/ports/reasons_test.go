package ports_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/reasontest"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	// The composition root imports every training package (ports, app, domain, adapters), so
	// all their errors are declared by the time the test runs.
	_ "github.com/kratos-monorepo/monorepo/services/training/service"
)

func TestErrorReasonEnumListsExactlyTheDeclaredReasons(t *testing.T) {
	reasontest.Check(t, trainingv1.ErrorReason_value, "github.com/kratos-monorepo/monorepo/services/training/")
}
