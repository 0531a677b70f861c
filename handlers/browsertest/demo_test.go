package browsertest

// The demo scenario, seeded once per test binary and copied for each test
// that wants it, so a test may change its copy freely.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

var demoSeed struct {
	once   sync.Once
	dir    string // log.key and aidtrail.db of the seeded demo
	logins []demo.Login
	err    error
}

// openStoreIn opens (or creates) the log key and database in dir.
func openStoreIn(dir string, logger *slog.Logger) (*sqlite.Store, error) {
	key, err := ledger.LoadOrCreateLogKey(filepath.Join(dir, "log.key"), sqlitetest.Origin)
	if err != nil {
		return nil, err
	}
	return sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(dir, "aidtrail.db"), Key: key, Logger: logger})
}

// newDemoApp serves a private copy of the demo scenario; it returns the
// demo's logins too.
func newDemoApp(t testing.TB) (*app, []demo.Login) {
	t.Helper()
	demoSeed.once.Do(func() {
		if demoSeed.dir, demoSeed.err = os.MkdirTemp("", "aidtrail-demo-"); demoSeed.err != nil {
			return
		}
		s, err := openStoreIn(demoSeed.dir, slog.New(slog.DiscardHandler))
		if err != nil {
			demoSeed.err = err
			return
		}
		demoSeed.logins, demoSeed.err = demo.Seed(context.Background(), s)
		if err := s.Close(); demoSeed.err == nil {
			demoSeed.err = err
		}
	})
	if demoSeed.err != nil {
		t.Fatalf("seeding the demo: %v", demoSeed.err)
	}
	dir := t.TempDir()
	for _, f := range []string{"log.key", "aidtrail.db", "aidtrail.db-wal"} {
		b, err := os.ReadFile(filepath.Join(demoSeed.dir, f))
		if os.IsNotExist(err) && f != "log.key" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := openStoreIn(dir, sqlitetest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return serve(t, s), demoSeed.logins
}

// The README's demo logins table must list exactly the demo's logins.
func TestReadmeListsDemoLogins(t *testing.T) {
	t.Parallel()
	_, logins := newDemoApp(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- demo logins:", "<!-- end demo logins -->"
	i, j := bytes.Index(readme, []byte(begin)), bytes.Index(readme, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("README.md has no demo logins table between %q and %q", begin, end)
	}
	var want strings.Builder
	want.WriteString("| role | e-mail |\n|---|---|\n")
	for _, l := range logins {
		if l.Password != demo.Password {
			t.Errorf("demo login %s has its own password; the README says all use %s", l.Email, demo.Password)
		}
		fmt.Fprintf(&want, "| %s | `%s` |\n", l.Role, l.Email)
	}
	table := readme[bytes.IndexByte(readme[i:], '\n')+i+1 : j]
	if string(table) != want.String() {
		t.Errorf("README.md's demo logins table is out of date; it should read:\n%s", want.String())
	}
	if !bytes.Contains(readme, []byte("`"+demo.Password+"`")) {
		t.Errorf("README.md does not give the demo password %s", demo.Password)
	}
}
