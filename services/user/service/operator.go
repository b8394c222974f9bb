package service

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/google/uuid"

	"github.com/kratos-monorepo/monorepo/libs/runner"
	"github.com/kratos-monorepo/monorepo/services/user/app/command"
)

// NewPasswordEnv names the environment variable create-user takes the password from; without
// it, create-user makes up a password and prints it.
const NewPasswordEnv = "NEW_USER_PASSWORD"

// Commands are the operator's: `user -run create-user -- -role trainer -email tess@example.com
// -name "Tess Trainer"` and `user -run grant-credits -- -email adam@example.com -credits 10`
// (services/user/README.md).
func (s *Service) Commands() map[string]runner.Command {
	return map[string]runner.Command{"create-user": s.createUser, "grant-credits": s.grantCredits}
}

func (s *Service) createUser(ctx context.Context, out io.Writer) error {
	flags := flag.NewFlagSet("create-user", flag.ContinueOnError)
	flags.SetOutput(out)
	email := flags.String("email", "", "the e-mail address the user logs in with (required)")
	name := flags.String("name", "", "the display name (required)")
	role := flags.String("role", "trainer", "trainer or attendee")
	credits := flags.Int("credits", 0, "the initial balance (attendees)")
	if err := flags.Parse(runner.Args(ctx)); err != nil {
		return err
	}
	password, generated := os.Getenv(NewPasswordEnv), false
	if password == "" {
		password, generated = newPassword(), true
	}
	id := uuid.NewString()
	err := s.Application.Commands.CreateAccount.Handle(ctx, command.CreateAccount{
		UserID: id, Email: *email, Password: password, DisplayName: *name, Role: *role, Balance: *credits,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created %s %s (%s) with %d credits\n", *role, id, *email, *credits)
	if generated {
		fmt.Fprintf(out, "password: %s\n", password)
	}
	return nil
}

func (s *Service) grantCredits(ctx context.Context, out io.Writer) error {
	flags := flag.NewFlagSet("grant-credits", flag.ContinueOnError)
	flags.SetOutput(out)
	email := flags.String("email", "", "the account's e-mail address (required)")
	credits := flags.Int("credits", 0, "credits to add (positive)")
	if err := flags.Parse(runner.Args(ctx)); err != nil {
		return err
	}
	if err := s.Application.Commands.GrantCredits.Handle(ctx, command.GrantCredits{Email: *email, Credits: *credits}); err != nil {
		return err
	}
	fmt.Fprintf(out, "granted %d credits to %s\n", *credits, *email)
	return nil
}

// newPassword is 26 random base32 characters (crypto/rand.Text: 130 bits).
func newPassword() string { return rand.Text() }
