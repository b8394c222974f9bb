package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bufbuild/protocompile/linker"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"
)

// runPlugin runs one protoc plugin per proto directory and writes the files it returns.
func runPlugin(ctx context.Context, plugin, param string, compiled linker.Files, files []string, out string) error {
	all := withImports(compiled)
	for _, dir := range byDirectory(files) {
		req := &pluginpb.CodeGeneratorRequest{
			FileToGenerate: dir.files,
			ProtoFile:      all,
		}
		if param != "" {
			req.Parameter = proto.String(param)
		}
		resp, err := call(ctx, plugin, req)
		if err != nil {
			return err
		}
		for _, f := range resp.GetFile() {
			if err := write(out, dir.name, f); err != nil {
				return fmt.Errorf("%s: %w", filepath.Base(plugin), err)
			}
		}
	}
	return nil
}

type protoDir struct {
	name  string
	files []string
}

func byDirectory(files []string) []protoDir {
	groups := map[string][]string{}
	for _, f := range files {
		groups[path.Dir(f)] = append(groups[path.Dir(f)], f)
	}
	dirs := make([]protoDir, 0, len(groups))
	for name, fs := range groups {
		sort.Strings(fs)
		dirs = append(dirs, protoDir{name: name, files: fs})
	}
	sort.Slice(dirs, func(i, j int) bool { return dirs[i].name < dirs[j].name })
	return dirs
}

func call(ctx context.Context, plugin string, req *pluginpb.CodeGeneratorRequest) (*pluginpb.CodeGeneratorResponse, error) {
	in, err := proto.Marshal(req)
	if err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, plugin)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(in), &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", filepath.Base(plugin), err, stderr.String())
	}
	resp := &pluginpb.CodeGeneratorResponse{}
	if err := proto.Unmarshal(stdout.Bytes(), resp); err != nil {
		return nil, fmt.Errorf("%s: bad response: %w", filepath.Base(plugin), err)
	}
	if resp.Error != nil {
		return nil, fmt.Errorf("%s: %s", filepath.Base(plugin), resp.GetError())
	}
	return resp, nil
}

func write(out, dir string, f *pluginpb.CodeGeneratorResponse_File) error {
	if f.GetInsertionPoint() != "" {
		return errInsertionPoints
	}
	name := f.GetName()
	if !strings.Contains(name, "/") {
		name = path.Join(dir, name)
	}
	target := filepath.Join(out, filepath.FromSlash(path.Clean(name)))
	if !strings.HasPrefix(target, filepath.Clean(out)+string(filepath.Separator)) {
		return fmt.Errorf("%w: %s", errEscapingPath, name)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.WriteFile(target, []byte(f.GetContent()), 0o644)
}
