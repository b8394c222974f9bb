package service_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/runner"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	userv1 "github.com/kratos-monorepo/monorepo/proto/user/v1"
	"github.com/kratos-monorepo/monorepo/services/user/service"
)

const password = "correct horse battery"

// An attendee signs up and logs in over HTTP; the token is the user service's, verified by
// another service's rules (a verifier with the user service's public keys fetched from its
// JWKS document), and names the new user.
func TestSignUpThenLogInOverHTTP(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	anonymous := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, userv1.OpenAPI))

	signed, err := anonymous.SignUp(ctx, &userv1.SignUpRequest{Email: " Grace@Example.com", Password: password, DisplayName: "Grace"})
	if err != nil {
		t.Fatal(err)
	}
	login, err := anonymous.Login(ctx, &userv1.LoginRequest{Email: "grace@example.COM", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	if login.GetUuid() != signed.GetUuid() || login.GetRole() != userv1.Role_ROLE_ATTENDEE || login.GetTokenType() != "Bearer" ||
		login.GetExpiresIn() < 3500 || login.GetExpiresIn() > 3600 {
		t.Errorf("Login = %v, want the signed-up attendee %s with an hour's token", login, signed.GetUuid())
	}

	me, err := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, userv1.OpenAPI, auth.Bearer(login.GetAccessToken()))).
		GetCurrentUser(ctx, &userv1.GetCurrentUserRequest{})
	if err != nil || me.GetUuid() != signed.GetUuid() || me.GetDisplayName() != "Grace" || me.GetBalance() != 0 {
		t.Fatalf("GetCurrentUser with the login's token = %v, %v", me, err)
	}

	trainer := auth.NewVerifier("trainer", auth.NewKeySet(nil, "http://"+f.addrs.HTTP+"/.well-known/jwks.json", auth.KeySetOptions{}), nil)
	u, err := trainer.Verify(login.GetAccessToken())
	if err != nil || u.UUID != signed.GetUuid() || u.Role != auth.RoleAttendee || u.Name != "Grace" {
		t.Errorf("another service verifies the token as %+v, %v", u, err)
	}
}

func TestSignUpAndLoginRefusalsHaveStableReasons(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	c := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, userv1.OpenAPI))
	if _, err := c.SignUp(ctx, &userv1.SignUpRequest{Email: "ada@example.com", Password: password, DisplayName: "Ada"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, email, password, display string
		code                           int
		reason                         string
	}{
		{"the same e-mail again", "ADA@example.com", password, "Ada", 409, "email-taken"},
		{"not an e-mail", "ada", password, "Ada", 400, "email-invalid"},
		{"a display name in the address", "Ada <ada2@example.com>", password, "Ada", 400, "email-invalid"},
		{"short password", "ada2@example.com", "short", "Ada", 400, "password-too-weak"},
		{"one repeated character", "ada2@example.com", strings.Repeat("a", 12), "Ada", 400, "password-too-weak"},
		{"no display name", "ada2@example.com", password, "", 400, "display-name-empty"},
	} {
		_, err := c.SignUp(ctx, &userv1.SignUpRequest{Email: tt.email, Password: tt.password, DisplayName: tt.display})
		wantError(t, err, tt.code, tt.reason)
	}
	// A wrong password and an unknown address are the same answer.
	_, err := c.Login(ctx, &userv1.LoginRequest{Email: "ada@example.com", Password: password + "!"})
	wantError(t, err, 401, "wrong-credentials")
	_, err = c.Login(ctx, &userv1.LoginRequest{Email: "nobody@example.com", Password: password})
	wantError(t, err, 401, "wrong-credentials")
	_, err = c.Login(ctx, &userv1.LoginRequest{Email: "not an address", Password: password})
	wantError(t, err, 401, "wrong-credentials")
}

// Five attempts a minute per e-mail address: the sixth is refused before the password is
// checked, even a right one; over gRPC too.
func TestLoginGuessingIsLimited(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	c := userv1.NewUserServiceClient(servicetest.GRPCConn(t, f.addrs.GRPC))
	if _, err := c.SignUp(ctx, &userv1.SignUpRequest{Email: "ada@example.com", Password: password, DisplayName: "Ada"}); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		_, err := c.Login(ctx, &userv1.LoginRequest{Email: "ada@example.com", Password: fmt.Sprint("guess number ", i)})
		wantError(t, err, 401, "wrong-credentials")
	}
	if _, err := c.Login(ctx, &userv1.LoginRequest{Email: "ada@example.com", Password: password}); err != nil {
		t.Fatalf("fifth attempt, right password: %v", err)
	}
	_, err := c.Login(ctx, &userv1.LoginRequest{Email: "ada@example.com", Password: password})
	wantError(t, err, 429, "too-many-attempts")
	// Another address from the same client still gets its answer (20 a minute per client).
	_, err = c.Login(ctx, &userv1.LoginRequest{Email: "grace@example.com", Password: password})
	wantError(t, err, 401, "wrong-credentials")
}

// A service's token has no user; a token signed by a key the user service does not hold is
// refused; a user's token cannot change balances (see TestBalanceOverGRPCIsForServicesAndNeverNegative).
func TestTokensOfTheWrongKindAreRefused(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	asService := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, userv1.OpenAPI, auth.Bearer(authtest.ServiceToken(t, "user"))))
	_, err := asService.GetCurrentUser(ctx, &userv1.GetCurrentUserRequest{})
	wantError(t, err, 403, "user-only")

	forged := authtest.Forged(t, auth.User{UUID: attendeeID, Role: auth.RoleAttendee})
	_, err = userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, userv1.OpenAPI, auth.Bearer(forged))).
		GetCurrentUser(ctx, &userv1.GetCurrentUserRequest{})
	wantError(t, err, 401, "invalid-token")

	// The training service's key signs service tokens only: a user's token made with it fails.
	withServiceKey, err := auth.NewIssuer(authtest.TrainingKey).Sign(auth.User{UUID: attendeeID, Role: auth.RoleAttendee}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	_, err = userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, f.addrs.HTTP, userv1.OpenAPI, auth.Bearer(withServiceKey))).
		GetCurrentUser(ctx, &userv1.GetCurrentUserRequest{})
	wantError(t, err, 401, "invalid-token")
}

// startOn runs the user service signing with key (and publishing retired) on addr.
func startOn(t *testing.T, addr, dir string, key *auth.SigningKey, retired ...auth.PublicKey) (*service.Service, func()) {
	t.Helper()
	a := authtest.Conf("user")
	a.SigningKey = key.Seed()
	for _, k := range retired {
		a.RetiredKeys = append(a.RetiredKeys, k.String())
	}
	bc := &conf.Bootstrap{
		Server:   &conf.Server{Http: &conf.Server_Listener{Addr: addr}, Grpc: &conf.Server_Listener{Addr: "127.0.0.1:0"}},
		Data:     &conf.Data{Database: &conf.Data_Database{Source: filepath.Join(dir, "user.db")}},
		Auth:     a,
		Settings: servicetest.Settings(&service.Settings{Accounts: &service.Accounts{Argon2MemoryKib: 8 * 1024}}),
	}
	svc, err := service.New(context.Background(), bc, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.HTTP.Endpoint(); err != nil {
		t.Fatal(err)
	}
	app := svc.Kratos()
	done := make(chan error, 1)
	go func() { done <- app.Run() }()
	return svc, func() {
		_ = app.Stop()
		<-done
		svc.Close()
	}
}

// The user service moves to a new key (restarted with it, the old one retired): a service that
// knew only the old key accepts tokens of the new one once it has fetched the JWKS again, which
// the unknown key id makes it do; the old key's tokens still pass while they live.
func TestARotatedKeyIsAcceptedAfterRefresh(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	dir := t.TempDir()
	oldKey, newKey := mustKey(t), mustKey(t)
	_, stop := startOn(t, addr, dir, oldKey)
	ctx := context.Background()
	c := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, addr, userv1.OpenAPI))
	if _, err := c.SignUp(ctx, &userv1.SignUpRequest{Email: "ada@example.com", Password: password, DisplayName: "Ada"}); err != nil {
		t.Fatal(err)
	}
	before, err := c.Login(ctx, &userv1.LoginRequest{Email: "ada@example.com", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	const minRefetch = 200 * time.Millisecond
	keys := auth.NewKeySet(nil, "http://"+addr+"/.well-known/jwks.json", auth.KeySetOptions{MinRefetch: minRefetch})
	trainer := auth.NewVerifier("trainer", keys, nil)
	if _, err := trainer.Verify(before.GetAccessToken()); err != nil {
		t.Fatalf("the old key's token before the rotation: %v", err)
	}

	stop()
	_, stop = startOn(t, addr, dir, newKey, oldKey.Public())
	t.Cleanup(stop)
	after, err := c.Login(ctx, &userv1.LoginRequest{Email: "ada@example.com", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(minRefetch)
	if u, err := trainer.Verify(after.GetAccessToken()); err != nil || u.UUID != after.GetUuid() {
		t.Fatalf("the new key's token after the rotation: %+v, %v", u, err)
	}
	if _, err := trainer.Verify(before.GetAccessToken()); err != nil {
		t.Errorf("the old key's token after the rotation: %v", err)
	}
}

func TestTheJWKSDocumentIsPublic(t *testing.T) {
	t.Parallel()
	f := start(t)
	resp, err := http.Get("http://" + f.addrs.HTTP + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	keys, err := auth.ParseJWKS(body)
	if resp.StatusCode != 200 || err != nil || len(keys) != 1 || keys[0].ID != authtest.UserKey.ID {
		t.Errorf("GET jwks.json = %d %s (%v), want the user key %s", resp.StatusCode, body, err, authtest.UserKey.ID)
	}
	if bytes.Contains(body, []byte(authtest.UserKey.Seed())) {
		t.Error("the JWKS document holds the private key")
	}
}

// The operator creates a trainer (who then logs in with the printed password) and grants an
// attendee credits.
func TestOperatorCommandsCreateTrainersAndGrantCredits(t *testing.T) {
	dir := t.TempDir()
	defaults := []byte(fmt.Sprintf("server: {http: {addr: \"127.0.0.1:0\"}, grpc: {addr: \"127.0.0.1:0\"}}\n"+
		"data: {database: {driver: sqlite, source: %q}}\nauth: {signing_key: %q}\naccounts: {argon2_memory_kib: 8192}\n",
		filepath.Join(dir, "user.db"), authtest.UserKey.Seed()))
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := runner.Run(args, &out, service.Name, defaults, "test", service.New)
		return out.String(), err
	}
	out, err := run("-run", "create-user", "--", "-role", "trainer", "-email", "tess@example.com", "-name", "Tess Trainer")
	if err != nil || !strings.Contains(out, "created trainer") {
		t.Fatalf("create-user = %q, %v", out, err)
	}
	_, generated, _ := strings.Cut(out, "password: ")
	generated = strings.TrimSpace(generated)
	t.Setenv(service.NewPasswordEnv, password)
	if out, err := run("-run", "create-user", "--", "-role", "attendee", "-email", "adam@example.com", "-name", "Adam", "-credits", "3"); err != nil {
		t.Fatalf("create-user attendee = %q, %v", out, err)
	}
	if out, err := run("-run", "grant-credits", "--", "-email", "adam@example.com", "-credits", "7"); err != nil {
		t.Fatalf("grant-credits = %q, %v", out, err)
	}
	if _, err := run("-run", "grant-credits", "--", "-email", "nobody@example.com", "-credits", "7"); err == nil || !strings.Contains(err.Error(), "no account") {
		t.Errorf("grant-credits to nobody = %v, want account-not-found", err)
	}

	addr := freeAddr(t)
	svc, stop := startOn(t, addr, dir, authtest.UserKey)
	t.Cleanup(stop)
	_ = svc
	c := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, addr, userv1.OpenAPI))
	ctx := context.Background()
	tess, err := c.Login(ctx, &userv1.LoginRequest{Email: "tess@example.com", Password: generated})
	if err != nil || tess.GetRole() != userv1.Role_ROLE_TRAINER {
		t.Fatalf("the trainer logs in with the printed password: %v, %v", tess, err)
	}
	adam, err := c.Login(ctx, &userv1.LoginRequest{Email: "adam@example.com", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	me, err := userv1.NewUserServiceHTTPClient(servicetest.HTTPClient(t, addr, userv1.OpenAPI, auth.Bearer(adam.GetAccessToken()))).
		GetCurrentUser(ctx, &userv1.GetCurrentUserRequest{})
	if err != nil || me.GetBalance() != 10 {
		t.Errorf("the attendee's balance = %v, %v; want 3 + 7", me, err)
	}
}

func mustKey(t *testing.T) *auth.SigningKey {
	t.Helper()
	k, err := auth.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// freeAddr is a loopback address free a moment ago, for a server that must come back on the
// same address.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		t.Fatal(err)
	}
	return addr
}
