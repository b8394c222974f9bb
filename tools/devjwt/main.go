// Command devjwt prints tokens for trying the services by hand, and makes keys.
//
// By default it prints a token for the local system's demo trainer and one for its attendee,
// signed with the development user key, as the local user service signs a login's token (the
// README's walkthrough logs in instead; this is the shortcut). For a deployment's own users,
// give it that deployment's user key (-key or APP_SIGNING_KEY); for a service token, the
// calling service's key.
//
//	bazel run //tools/devjwt                                  # both demo users
//	bazel run //tools/devjwt -- -role attendee -uuid <uuid> -name Ada -ttl 1h
//	bazel run //tools/devjwt -- -role service -uuid training -audience user   # training's call
//	bazel run //tools/devjwt -- -new-key                      # a key pair for a deployment
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "devjwt:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("devjwt", flag.ContinueOnError)
	key := flags.String("key", envOr("APP_SIGNING_KEY", ""),
		"the signing key (APP_SIGNING_KEY): the user service's for users' tokens (default the development user key), "+
			"the calling service's for -role service (default the development service key)")
	role := flags.String("role", "", "attendee, trainer or service; empty prints both demo users")
	uuid := flags.String("uuid", "", "the user's uuid, or the calling service's name with -role service")
	name := flags.String("name", "", "the user's display name")
	audience := flags.String("audience", "", "with -role service: the service called (trainer, user, training)")
	ttl := flags.Duration("ttl", 24*time.Hour, "how long a user's token is valid (a service token lives 5 minutes)")
	newKey := flags.Bool("new-key", false, "print a new Ed25519 key pair (SIGNING_KEY=..., PUBLIC_KEY=...) and exit")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // the usage, printed by Parse, is what -help asked for
		}
		return err
	}
	if *newKey {
		k, err := auth.GenerateSigningKey()
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(out, "SIGNING_KEY=%s\nPUBLIC_KEY=%s\n", k.Seed(), k.Public())
		return err
	}
	if auth.Role(*role) == auth.RoleService {
		return printServiceToken(out, orDefault(*key, demo.ServiceKey), *uuid, *audience)
	}
	signing, err := auth.ParseSigningKey(orDefault(*key, demo.UserKey))
	if err != nil {
		return err
	}
	issuer := auth.NewIssuer(signing)
	users := []auth.User{demo.Trainer, demo.Attendee}
	if *role != "" {
		users = []auth.User{{UUID: *uuid, Role: auth.Role(*role), Name: *name}}
	}
	for _, u := range users {
		token, err := issuer.Sign(u, *ttl)
		if err != nil {
			return fmt.Errorf("%s: %w", u.Role, err)
		}
		fmt.Fprintf(out, "%s_TOKEN=%s\n", strings.ToUpper(string(u.Role)), token)
	}
	return nil
}

func printServiceToken(out io.Writer, key, service, audience string) error {
	if service == "" || audience == "" {
		return fmt.Errorf("-role service needs -uuid <calling service> and -audience <called service>")
	}
	signing, err := auth.ParseSigningKey(key)
	if err != nil {
		return err
	}
	token, err := auth.NewServiceSigner(service, signing).Token(audience)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "SERVICE_TOKEN=%s\n", token)
	return err
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
