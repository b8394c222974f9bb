package conf

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// ErrSettingsInvalid is a settings section the service's own message cannot hold: an unknown
// key (a typo, or a key meant for another service) or a value of the wrong type.
var ErrSettingsInvalid = errs.Invalid("config-settings-invalid",
	"the settings section has a key or value the service does not know")

// DecodeSettings fills into, the service's own settings message, from bc's settings section.
// It is strict, unlike the shared sections (kratos skips unknown keys there), because a
// misspelt setting would otherwise silently keep its default. A missing section leaves into
// as it is.
func DecodeSettings(bc *Bootstrap, into proto.Message) error {
	if bc.GetSettings() == nil {
		return nil
	}
	data, err := protojson.Marshal(bc.GetSettings())
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSettingsInvalid, err)
	}
	if err := protojson.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%w: %v", ErrSettingsInvalid, err)
	}
	return nil
}

// SettingsOf is the settings section holding s: for building a Bootstrap in code (tests).
func SettingsOf(s proto.Message) (*structpb.Struct, error) {
	data, err := protojson.Marshal(s)
	if err != nil {
		return nil, err
	}
	var section structpb.Struct
	if err := protojson.Unmarshal(data, &section); err != nil {
		return nil, err
	}
	return &section, nil
}
