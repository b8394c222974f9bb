package service_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kratos-monorepo/monorepo/libs/auth"
	"github.com/kratos-monorepo/monorepo/libs/conf"
	"github.com/kratos-monorepo/monorepo/libs/testing/authtest"
	"github.com/kratos-monorepo/monorepo/libs/testing/servicetest"
	"github.com/kratos-monorepo/monorepo/services/user/service"
)

// FuzzGetCurrentUser feeds arbitrary query strings to GET /users/current, the user service's one
// HTTP decoder path, through the real handler: a client's bytes never make a 5xx. The seeds run
// under plain `go test`; `go test -fuzz=FuzzGetCurrentUser ./services/user/service` explores.
func FuzzGetCurrentUser(f *testing.F) {
	for _, seed := range []string{"", "a=b", "%zz", "uuid=x&uuid=y", "\x80=\xff", "role=ROLE_TRAINER&balance=-1"} {
		f.Add(seed)
	}
	bc := &conf.Bootstrap{
		Server: servicetest.Listeners(),
		Data:   &conf.Data{Database: &conf.Data_Database{Source: filepath.Join(f.TempDir(), "user.db")}},
		Auth:   authtest.Conf("user"),
	}
	svc, err := service.New(context.Background(), bc, "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(svc.Close)
	token, err := svc.Keys.Issuer.Sign(auth.User{UUID: attendeeID, Role: auth.RoleAttendee}, time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, query string) {
		servicetest.CheckNoServerError(t, servicetest.Serve(t, svc.HTTP, "GET", "/users/current?"+query, "", token))
	})
}
