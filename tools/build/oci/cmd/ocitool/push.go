package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/kratos-monorepo/monorepo/libs/errs"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/image"
	"github.com/kratos-monorepo/monorepo/tools/build/oci/push"
)

// pushConfig is what oci_push and oci_push_group write: paths are relative to the runfiles
// root the launcher script changes into.
type pushConfig struct {
	Images []struct {
		Layout     string `json:"layout"`
		Repository string `json:"repository"`
		TagsFile   string `json:"tags_file"`
	} `json:"images"`
}

func runPush(args []string) error {
	fs := flag.NewFlagSet("push", flag.ContinueOnError)
	config := fs.String("config", "", "JSON written by oci_push / oci_push_group")
	registry := fs.String("registry", os.Getenv("REGISTRY"), "registry host[:port] (default $REGISTRY, else "+push.DefaultRegistry+")")
	insecure := fs.Bool("insecure", false, "allow plain HTTP to a registry that is not on loopback or a private network")
	username := fs.String("username", "", "registry user; the password comes from --password-stdin")
	passwordStdin := fs.Bool("password-stdin", false, "read the password from standard input, as `docker login --password-stdin`")
	dockerConfig := fs.String("docker-config", "", "directory holding config.json (like $DOCKER_CONFIG); relative to where `bazel run` started")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Flags are the one channel that reaches through launchers which reset the environment.
	if *dockerConfig != "" {
		if err := os.Setenv("DOCKER_CONFIG", fromWorkingDirectory(*dockerConfig)); err != nil {
			return err
		}
	}
	options := []push.Option{push.WithRegistry(*registry), push.WithInsecure(*insecure)}
	if *username != "" || *passwordStdin {
		password, err := readPassword(*passwordStdin)
		if err != nil {
			return err
		}
		if *username == "" || password == "" {
			return errIncompleteCredentials
		}
		options = append(options, push.WithKeychain(push.BasicKeychain(*username, password)))
	}
	raw, err := os.ReadFile(*config)
	if err != nil {
		return err
	}
	var cfg pushConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	pusher := push.New(options...)
	for _, im := range cfg.Images {
		img, err := image.ReadLayout(im.Layout)
		if err != nil {
			return err
		}
		tags, err := readLines(im.TagsFile)
		if err != nil {
			return err
		}
		res, err := pusher.Push(ctx, push.Target{Image: img, Repository: im.Repository, Tags: tags})
		if err != nil {
			return err
		}
		fmt.Println(res.Reference)
		fmt.Fprintf(os.Stderr, "  tags %v: %d blob(s) uploaded, %d manifest(s) written\n",
			res.Tags, res.BlobsUploaded, res.ManifestsWritten)
	}
	return nil
}

func readLines(file string) ([]string, error) {
	if file == "" {
		return nil, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(b)), nil
}

var errIncompleteCredentials = errs.Invalid("incomplete-credentials", "--username needs a password from --password-stdin, and the other way round")

// readPassword reads one line from stdin when asked to.
func readPassword(fromStdin bool) (string, error) {
	if !fromStdin {
		return "", nil
	}
	b, err := io.ReadAll(io.LimitReader(os.Stdin, 64<<10))
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// fromWorkingDirectory resolves a path as the user typed it: `bazel run` starts the tool in
// its runfiles tree and names the caller's directory in BUILD_WORKING_DIRECTORY.
func fromWorkingDirectory(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	if wd := os.Getenv("BUILD_WORKING_DIRECTORY"); wd != "" {
		return filepath.Join(wd, path)
	}
	return path
}
