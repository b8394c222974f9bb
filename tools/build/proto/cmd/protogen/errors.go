package main

import "errors"

var (
	errNoFiles         = errors.New("no .proto files given")
	errInsertionPoints = errors.New("plugin output uses insertion points, which protogen does not support")
	errEscapingPath    = errors.New("plugin output path leaves the output directory")
)
