// Command protoc-gen-openapi-kratos is gnostic's protoc-gen-openapi followed by
// tools/build/proto/openapi.Finish: the same parameters, one openapi.yaml per run, describing kratos
// errors with the reasons of the ErrorReason enums in the files it generates for, bearer
// security and summaries.
package main

import (
	"flag"
	"strings"

	"github.com/google/gnostic/cmd/protoc-gen-openapi/generator"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/kratos-monorepo/monorepo/tools/build/proto/openapi"
)

func main() {
	var flags flag.FlagSet
	conf := generator.Configuration{
		Version:         flags.String("version", "0.0.1", "version number text, e.g. 1.2.3"),
		Title:           flags.String("title", "", "name of the API"),
		Description:     flags.String("description", "", "description of the API"),
		Naming:          flags.String("naming", "json", `"json" or "proto" field names`),
		FQSchemaNaming:  flags.Bool("fq_schema_naming", false, "prefix schema names with the proto package"),
		EnumType:        flags.String("enum_type", "string", `"string" (as kratos' JSON codec sends enums) or "integer"`),
		CircularDepth:   flags.Int("depth", 2, "depth of recursion for circular messages"),
		DefaultResponse: flags.Bool("default_response", false, "add gnostic's google.rpc.Status default response (replaced anyway)"),
		OutputMode:      flags.String("output_mode", "merged", "only merged is supported"),
	}
	protogen.Options{ParamFunc: flags.Set}.Run(func(plugin *protogen.Plugin) error {
		plugin.SupportedFeatures = uint64(pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL)
		// gnostic writes into a scratch file that is never emitted; its content is finished
		// into openapi.yaml.
		scratch := plugin.NewGeneratedFile("openapi.gnostic.yaml", "")
		if err := generator.NewOpenAPIv3Generator(plugin, conf, plugin.Files).Run(scratch); err != nil {
			return err
		}
		raw, err := scratch.Content()
		if err != nil {
			return err
		}
		scratch.Skip()
		finished, err := openapi.Finish(raw, errorReasons(plugin))
		if err != nil {
			return err
		}
		_, err = plugin.NewGeneratedFile("openapi.yaml", "").Write(finished)
		return err
	})
}

// errorReasons are the wire names of the ErrorReason enum values of the files to generate:
// HOUR_NOT_AVAILABLE is "hour-not-available".
func errorReasons(plugin *protogen.Plugin) []string {
	var reasons []string
	for _, f := range plugin.Files {
		if !f.Generate {
			continue
		}
		for _, e := range f.Enums {
			if e.Desc.Name() != "ErrorReason" {
				continue
			}
			for _, v := range e.Values {
				name := string(v.Desc.Name())
				if v.Desc.Number() == 0 || strings.HasSuffix(name, "_UNSPECIFIED") {
					continue
				}
				reasons = append(reasons, strings.ToLower(strings.ReplaceAll(name, "_", "-")))
			}
		}
	}
	return reasons
}
