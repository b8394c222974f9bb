package errs

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// Every service's proto lists its reasons as an ErrorReason enum whose value names are the
// reasons in upper case with underscores: "hour-not-available" is HOUR_NOT_AVAILABLE. These two
// functions are that rule, each way, for the whole project.

// EnumName is the ErrorReason value name of reason.
func EnumName(reason string) string { return strings.ToUpper(strings.ReplaceAll(reason, "-", "_")) }

// EnumReason is the wire reason of an ErrorReason enum value.
func EnumReason(v protoreflect.Enum) string {
	name := string(v.Descriptor().Values().ByNumber(v.Number()).Name())
	return strings.ToLower(strings.ReplaceAll(name, "_", "-"))
}
