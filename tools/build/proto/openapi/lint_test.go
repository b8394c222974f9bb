package openapi_test

import (
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/openapitest"
	trainerv1 "github.com/kratos-monorepo/monorepo/proto/trainer/v1"
	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
)

// The committed documents are valid OpenAPI and follow the project's rules (openapitest.Lint).
func TestCommittedDocumentsPassTheLint(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string][]byte{
		"proto/trainer/v1": trainerv1.OpenAPI, "proto/training/v1": trainingv1.OpenAPI, "proto/user/v1": userv1.OpenAPI,
	} {
		for _, problem := range openapitest.Lint(doc) {
			t.Errorf("%s/openapi.yaml: %s", name, problem)
		}
	}
}
