package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/kratos-monorepo/monorepo/tools/oci/image"
	"github.com/kratos-monorepo/monorepo/tools/oci/push"
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
	if err := fs.Parse(args); err != nil {
		return err
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
	pusher := push.New(push.WithRegistry(*registry), push.WithInsecure(*insecure))
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
