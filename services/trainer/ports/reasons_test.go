package ports_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/reasontest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	_ "github.com/kratos-monorepo/monorepo/services/trainer/ports" // declares, with what it imports, every trainer error
)

func TestErrorReasonEnumListsExactlyTheDeclaredReasons(t *testing.T) {
	reasontest.Check(t, trainerv1.ErrorReason_value, "github.com/kratos-monorepo/monorepo/services/trainer/",
		"github.com/kratos-monorepo/monorepo/libs/idempotency") // operation ids of the calls the training service makes
}
