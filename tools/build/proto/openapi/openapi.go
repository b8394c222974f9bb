// Package openapi finishes the OpenAPI documents protoc-gen-openapi (gnostic) generates, so
// that they describe what the services really answer:
//
//   - errors are kratos errors, {code, reason, message, metadata}, not google.rpc.Status; the
//     reason, the stable contract, lists the service's ErrorReason values and the shared ones
//     (SharedReasons);
//   - every operation declares its bearer (JWT) security, a summary (the first sentence of its
//     description) and the error responses it can give: 400 when it takes input, 401, 413 when
//     it takes a body, and a default for the rest.
//
// tools/build/proto/cmd/protoc-gen-openapi-kratos runs it after gnostic's generator.
package openapi

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Reason is an error reason a service's HTTP API may answer.
type Reason struct {
	Name   string
	Status int
}

// SharedReasons are the reasons libs/auth and libs/server answer for every service (a test in
// libs/server keeps the list complete).
var SharedReasons = []Reason{
	{"malformed-request", 400},
	{"missing-token", 401},
	{"invalid-token", 401},
	{"token-expired", 401},
	{"route-not-found", 404},
	{"method-not-allowed", 405},
	{"request-too-large", 413},
	{"canceled", 499},
	{"internal", 500},
	{"timeout", 504},
}

// ErrorSchema is the name of the kratos error schema in components.schemas.
const ErrorSchema = "kratos.Error"

// SecurityScheme is the name of the bearer scheme in components.securitySchemes.
const SecurityScheme = "bearer"

var methods = []string{"get", "put", "post", "delete", "patch", "head", "options"}

// Finish rewrites a gnostic OpenAPI document (YAML); serviceReasons are the service's own
// error reasons (its ErrorReason enum, on the wire).
func Finish(doc []byte, serviceReasons []string) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("openapi: not a YAML mapping document")
	}
	d := root.Content[0]
	if paths := get(d, "paths"); paths != nil {
		for i := 1; i < len(paths.Content); i += 2 {
			item := paths.Content[i]
			for _, m := range methods {
				if op := get(item, m); op != nil {
					finishOperation(op)
				}
			}
		}
	}
	components := get(d, "components")
	if components == nil {
		components = mapping()
		set(d, "components", components)
	}
	schemas := get(components, "schemas")
	if schemas == nil {
		schemas = mapping()
		set(components, "schemas", schemas)
	}
	set(schemas, ErrorSchema, errorSchema(serviceReasons))
	// gnostic's error model goes once nothing refers to it (Any only served google.rpc.Status).
	for _, name := range []string{"google.rpc.Status", "google.protobuf.Any"} {
		del(schemas, name)
		if refersTo(d, "#/components/schemas/"+name) {
			return nil, fmt.Errorf("openapi: %s is still referred to", name)
		}
	}
	sortMapping(schemas)
	set(components, "securitySchemes", node(`
`+SecurityScheme+`:
    type: http
    scheme: bearer
    bearerFormat: JWT
    description: 'An EdDSA (Ed25519) JWT: Authorization: Bearer <token>. Attendees and trainers get theirs from the user service''s login (POST /users/login), which publishes its keys at /.well-known/jwks.json; services sign their own. Signing up and logging in need none.'
`))
	var out bytes.Buffer
	out.WriteString("# Generated with protoc-gen-openapi and finished by tools/build/proto/openapi (kratos errors,\n")
	out.WriteString("# bearer security, summaries); do not edit: bazel run //proto/<service>/v1:update.\n\n")
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(4)
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return out.Bytes(), enc.Close()
}

func finishOperation(op *yaml.Node) {
	if get(op, "summary") == nil {
		s := summary(scalar(get(op, "description")))
		if s == "" { // an undocumented method: its name in words
			s = words(scalar(get(op, "operationId")))
		}
		if get(op, "description") != nil {
			insertBefore(op, "description", "summary", str(s))
		} else {
			insertBefore(op, "operationId", "summary", str(s))
		}
	}
	set(op, "security", node("- "+SecurityScheme+": []\n"))
	responses := get(op, "responses")
	if responses == nil {
		responses = mapping()
		set(op, "responses", responses)
	}
	del(responses, "default") // gnostic's google.rpc.Status, when asked for
	takesBody := get(op, "requestBody") != nil
	if takesBody || get(op, "parameters") != nil {
		set(responses, "400", errorResponse("The input is invalid: one of this service's reasons, or malformed-request when it cannot be decoded at all."))
	}
	set(responses, "401", errorResponse("The token is missing (missing-token), malformed or forged (invalid-token) or expired (token-expired)."))
	if takesBody {
		set(responses, "413", errorResponse("The body is larger than the server accepts (request-too-large)."))
	}
	set(responses, "default", errorResponse("Any other error, as a kratos error: its status is its kind (403 forbidden, 404 not found, 409 conflict, 503 unavailable, 500 internal, 504 timeout) and its reason is stable."))
}

// summary is the first sentence of a description, without its full stop.
func summary(description string) string {
	s := strings.TrimSpace(strings.SplitN(description, "\n\n", 2)[0])
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.Join(strings.Fields(s), " "), ".")
	return s
}

// words turns an operation id ("TrainingService_ListTrainings") into a summary ("List
// trainings").
func words(operationID string) string {
	_, method, _ := strings.Cut(operationID, "_")
	var b strings.Builder
	for i, r := range method {
		if i > 0 && 'A' <= r && r <= 'Z' {
			b.WriteByte(' ')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func errorSchema(serviceReasons []string) *yaml.Node {
	var reasons []string
	for _, r := range serviceReasons {
		if !slices.Contains(reasons, r) {
			reasons = append(reasons, r)
		}
	}
	for _, r := range SharedReasons {
		if !slices.Contains(reasons, r.Name) {
			reasons = append(reasons, r.Name)
		}
	}
	var enum strings.Builder
	for _, r := range reasons {
		fmt.Fprintf(&enum, "        - %s\n", r)
	}
	return node(`
type: object
description: 'A kratos error. The reason is the stable contract: clients branch on it, never on the message.'
required:
    - code
    - reason
    - message
properties:
    code:
        type: integer
        format: int32
        description: The HTTP status.
    reason:
        type: string
        description: This service's reasons (its ErrorReason enum, lower case with dashes) and those every service shares.
        enum:
` + enum.String() + `    message:
        type: string
        description: For people; it may change.
    metadata:
        type: object
        additionalProperties:
            type: string
`)
}

func errorResponse(description string) *yaml.Node {
	n := node(`
content:
    application/json:
        schema:
            $ref: '#/components/schemas/` + ErrorSchema + `'
`)
	n.Content = append([]*yaml.Node{str("description"), str(description)}, n.Content...)
	return n
}

func refersTo(n *yaml.Node, ref string) bool {
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 1 && n.Content[i-1].Value == "$ref" && c.Value == ref {
			return true
		}
		if refersTo(c, ref) {
			return true
		}
	}
	return false
}

// The helpers below edit mapping nodes in place, keeping the order of the other keys.

func node(text string) *yaml.Node {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(text), &n); err != nil {
		panic(fmt.Sprintf("openapi: bad built-in YAML: %v", err))
	}
	return n.Content[0]
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func scalar(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

func get(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func set(m *yaml.Node, key string, value *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = value
			return
		}
	}
	m.Content = append(m.Content, str(key), value)
}

func del(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

// insertBefore adds key before the key before (at the end when before is absent).
func insertBefore(m *yaml.Node, before, key string, value *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == before {
			m.Content = slices.Insert(m.Content, i, str(key), value)
			return
		}
	}
	m.Content = append(m.Content, str(key), value)
}

func sortMapping(m *yaml.Node) {
	type pair struct{ k, v *yaml.Node }
	pairs := make([]pair, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		pairs = append(pairs, pair{m.Content[i], m.Content[i+1]})
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return strings.Compare(a.k.Value, b.k.Value) })
	m.Content = m.Content[:0]
	for _, p := range pairs {
		m.Content = append(m.Content, p.k, p.v)
	}
}
