package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

func noEnv(string) string { return "" }

// adminCreate runs `aidtrail admin create-user` with args in dir.
func adminCreate(t *testing.T, dir, stdin string, args ...string) (string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"admin", "create-user", "-data", dir}, args...), noEnv, strings.NewReader(stdin), &out, &errOut)
	t.Logf("stderr: %s", errOut.String())
	return out.String(), err
}

func TestAdminCreateUser(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	out, err := adminCreate(t, dir, "", "-email", "Ada@Platform.test", "-role", "auditor")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`initial password: (\S+)`).FindStringSubmatch(out)
	if m == nil || len(m[1]) < 20 {
		t.Fatalf("no generated password in %q", out)
	}
	if _, err := adminCreate(t, dir, "a password from stdin\n", "-email", "root@platform.test", "-role", "admin", "-password-stdin"); err != nil {
		t.Fatal(err)
	}
	c := config{data: dir, addr: "localhost:8080"}
	if err := c.resolve(); err != nil {
		t.Fatal(err)
	}
	s, err := c.openStore(ctx, sqlitetest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	aud, err := s.Authenticate(ctx, "ada@platform.test", m[1])
	if err != nil || !aud.IsAuditor() || aud.IsPlatformAdmin() {
		t.Errorf("auditor: %+v %v", aud, err)
	}
	root, err := s.Authenticate(ctx, "root@platform.test", "a password from stdin")
	if err != nil || !root.IsPlatformAdmin() {
		t.Errorf("platform admin: %+v %v", root, err)
	}

	for name, args := range map[string][]string{
		"bad role":     {"-email", "x@platform.test", "-role", "staff"},
		"taken e-mail": {"-email", "ada@platform.test", "-role", "auditor"},
		"bad e-mail":   {"-email", "not an address", "-role", "auditor"},
		"unknown flag": {"-email", "y@platform.test", "-role", "auditor", "-bogus"},
		"short -stdin": {"-email", "z@platform.test", "-role", "auditor", "-password-stdin"},
	} {
		if _, err := adminCreate(t, dir, "short\n", args...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM users WHERE org_id = ?`, ledger.PlatformOrgID).Scan(&n)
	if n != 2 {
		t.Errorf("%d platform users, want 2", n)
	}
}

// admin simulate refuses a missing size before touching the data directory.
func TestAdminSimulateNeedsEntries(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"admin", "simulate", "-data", t.TempDir()}, noEnv, strings.NewReader(""), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "-entries") {
		t.Fatalf("admin simulate without -entries: %v", err)
	}
}
