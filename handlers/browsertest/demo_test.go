package browsertest

// The demo scenario, seeded once per test binary and copied for each test
// that wants it, so a test may change its copy freely.

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
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
