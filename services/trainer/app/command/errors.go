// Package command holds the trainer service's commands, one use case per file.
package command

import "github.com/kratos-monorepo/monorepo/libs/errs"

// ErrNoHours rejects a request to change no hours at all, which is always a client's mistake.
var ErrNoHours = errs.Invalid("no-hours-given", "at least one hour must be given")
