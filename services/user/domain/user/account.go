package user

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/kratos-monorepo/monorepo/libs/errs"
)

// The errors of accounts; their reasons are part of the API.
var (
	ErrInvalidEmail = errs.Invalid("email-invalid", "the e-mail address is not a plain address such as ada@example.com")
	ErrEmailTaken   = errs.Conflict("email-taken", "an account with this e-mail address already exists")
	ErrWeakPassword = errs.Invalid("password-too-weak",
		"the password must be 10 to 128 characters long and not only one repeated character")
	// ErrWrongCredentials answers a wrong password and an unknown e-mail address alike, so a
	// login attempt does not tell which addresses have accounts.
	ErrWrongCredentials = errs.Unauthenticated("wrong-credentials", "the e-mail address or the password is wrong")
	// ErrNoAccount is a repository's answer for an e-mail address without an account; the app
	// turns it into ErrWrongCredentials at login.
	ErrNoAccount = errs.NotFound("account-not-found", "no account has this e-mail address")
)

// Password bounds: at least 10 characters (NIST SP 800-63B asks for 8 at the least), at most
// 128 so that hashing one costs what the hash's parameters say, whatever a client sends.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 128
	maxEmailLength    = 254 // RFC 5321's limit for a path
)

// Email is a normalised e-mail address: trimmed and lower-cased, so one mailbox has one
// account however its owner types it.
type Email struct{ address string }

// NewEmail validates a plain address (no display name, no angle brackets).
func NewEmail(s string) (Email, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > maxEmailLength {
		return Email{}, ErrInvalidEmail
	}
	parsed, err := mail.ParseAddress(s)
	if err != nil || parsed.Address != s || parsed.Name != "" || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return Email{}, ErrInvalidEmail
	}
	return Email{address: s}, nil
}

func (e Email) String() string { return e.address }

// CheckPassword is the password policy. It only bounds the length and refuses one repeated
// character: composition rules make passwords harder to remember, not to guess (NIST SP
// 800-63B); the login limiter makes guessing slow.
func CheckPassword(password string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLength || n > MaxPasswordLength || !utf8.ValidString(password) {
		return ErrWeakPassword
	}
	first, _ := utf8.DecodeRuneInString(password)
	if strings.Trim(password, string(first)) == "" {
		return ErrWeakPassword
	}
	return nil
}

// Account is how a user logs in: the e-mail address and the password's hash (an encoded
// argon2id string with its parameters; see adapters' PasswordHasher).
type Account struct {
	UserID       string
	Email        Email
	PasswordHash string
}
