package ports_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/reasontest"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	_ "github.com/kratos-monorepo/monorepo/services/user/ports" // declares, with what it imports, every user error
)

func TestErrorReasonEnumListsExactlyTheDeclaredReasons(t *testing.T) {
	reasontest.Check(t, userv1.ErrorReason_value, "github.com/kratos-monorepo/monorepo/services/user/",
		"github.com/kratos-monorepo/monorepo/libs/idempotency") // operation ids of the calls the training service makes
}
