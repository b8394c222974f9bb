package trainerv1

import _ "embed" // OpenAPI

// OpenAPI is this API's OpenAPI document (openapi.yaml, generated from trainer.proto), for tests
// that check the service's HTTP answers against it and for tools that serve it.
//
//go:embed openapi.yaml
var OpenAPI []byte
