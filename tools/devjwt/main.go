// Command devjwt prints JWTs for trying the services by hand: by default one for the local
// system's trainer and one for its attendee, signed with the development secret.
//
//	bazel run //tools/devjwt                       # both demo users
//	bazel run //tools/devjwt -- -role attendee -uuid <uuid> -name Ada -ttl 1h
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/tools/local/demo"
)

func main() {
	secret := flag.String("secret", envOr("APP_JWT_SECRET", demo.JWTSecret), "HS256 secret (APP_JWT_SECRET)")
	role := flag.String("role", "", "attendee, trainer or service; empty prints both demo users")
	uuid := flag.String("uuid", "", "the user's uuid")
	name := flag.String("name", "", "the user's display name")
	ttl := flag.Duration("ttl", 24*time.Hour, "how long the token is valid")
	flag.Parse()

	keys, err := auth.NewKeys([]byte(*secret))
	if err != nil {
		fmt.Fprintln(os.Stderr, "devjwt:", err)
		os.Exit(1)
	}
	users := []auth.User{demo.Trainer, demo.Attendee}
	if *role != "" {
		users = []auth.User{{UUID: *uuid, Role: auth.Role(*role), Name: *name}}
	}
	for _, u := range users {
		token, err := keys.Sign(u, *ttl)
		if err != nil {
			fmt.Fprintln(os.Stderr, "devjwt:", err)
			os.Exit(1)
		}
		fmt.Printf("%s_TOKEN=%s\n", strings.ToUpper(string(u.Role)), token)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
