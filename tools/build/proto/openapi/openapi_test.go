package openapi_test

import (
	"strings"
	"testing"

	"github.com/kratos-monorepo/monorepo/libs/testing/openapitest"
	"github.com/kratos-monorepo/monorepo/tools/build/proto/openapi"
)

// What gnostic generates for one operation with default_response=true: google.rpc.Status errors,
// no security, no summary.
const gnosticDoc = `openapi: 3.0.3
info:
    title: DemoService API
    description: A demo.
    version: 0.0.1
paths:
    /demo:
        put:
            tags:
                - DemoService
            description: |-
                Opens the demo. Only for trainers.

                More text.
            operationId: DemoService_Open
            requestBody:
                content:
                    application/json:
                        schema:
                            $ref: '#/components/schemas/demo.v1.Request'
                required: true
            responses:
                "200":
                    description: OK
                    content:
                        application/json:
                            schema:
                                $ref: '#/components/schemas/demo.v1.Request'
                default:
                    description: Default error response
                    content:
                        application/json:
                            schema:
                                $ref: '#/components/schemas/google.rpc.Status'
    /demo/list:
        get:
            tags:
                - DemoService
            operationId: DemoService_ListDemos
            responses:
                "200":
                    description: OK
                    content:
                        application/json:
                            schema:
                                $ref: '#/components/schemas/demo.v1.Request'
components:
    schemas:
        demo.v1.Request:
            type: object
            properties: {}
        google.rpc.Status:
            type: object
            properties: {}
`

func TestFinishMakesGnosticsDocumentPassTheLint(t *testing.T) {
	t.Parallel()
	if problems := openapitest.Lint([]byte(gnosticDoc)); len(problems) == 0 {
		t.Fatal("gnostic's document passes the lint: the lint checks nothing")
	}
	out, err := openapi.Finish([]byte(gnosticDoc), []string{"demo-closed"})
	if err != nil {
		t.Fatal(err)
	}
	doc := string(out)
	for _, problem := range openapitest.Lint(out) {
		t.Errorf("finished document: %s", problem)
	}
	for _, want := range []string{
		"summary: Opens the demo\n", // the first sentence
		"summary: List demos\n",     // no description: the method's name
		"- demo-closed\n",           // the service's reason
		"- request-too-large\n",     // a shared reason
		`"413":`, "- bearer: []", "scheme: bearer",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("finished document lacks %q:\n%s", want, doc)
		}
	}
	if strings.Count(doc, `"413":`) != 1 {
		t.Errorf("413 belongs to the operation with a body only:\n%s", doc)
	}
}
