package sqlite

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"golang.org/x/mod/sumdb/note"
)

// typeTestNote is an entry type only the tests register, so they can append
// entries on any subjects (several writers on one subject's chain).
const typeTestNote = "test.noted"

type testNote struct {
	N int `json:"n"`
}

func (b *testNote) Validate() error {
	if b.N < 0 {
		return ledger.Errorf(ledger.EINVALID, "n must not be negative")
	}
	return nil
}

func init() { ledger.Register(typeTestNote, &testNote{}) }

// testOrigin is the log origin of the tests' stores.
const testOrigin = "test.aidtrail.example"

// testKey returns a fresh log key for origin.
func testKey(t testing.TB, origin string) *ledger.LogKey {
	t.Helper()
	skey, _, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ledger.ParseLogKey(skey)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// testVerifier parses a note verifier key.
func testVerifier(t testing.TB, vkey string) note.Verifier {
	t.Helper()
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// testLogger sends the store's logs to t.Logf (these tests live inside the
// package, so they cannot use sqlitetest, which imports it).
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tLogWriter struct{ t testing.TB }

func (w tLogWriter) Write(p []byte) (int, error) {
	w.t.Logf("%s", bytes.TrimRight(p, "\n"))
	return len(p), nil
}

// openTestStore opens the store at path (a new one in t.TempDir() if path
// is "") with key, closing it when the test ends.
func openTestStore(t testing.TB, path string, key *ledger.LogKey) *Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "aidtrail.db")
	}
	s, err := Open(context.Background(), Options{Path: path, Key: key, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// appendNote appends one test.noted entry on subjects in its own write and
// returns where it landed once the commit is durable.
func appendNote(ctx context.Context, s *Store, n int, subjects ...string) (Appended, error) {
	var a Appended
	err := s.write(ctx, func(tx *Tx) error {
		var err error
		a, err = tx.AppendNew(typeTestNote, ledger.Actor{Org: 1, User: 2}, subjects, &testNote{N: n})
		return err
	})
	return a, err
}

// addItems adds n catalogue items named prefix-0 .. prefix-(n-1), one write each.
func addItems(t testing.TB, s *Store, prefix string, n int) {
	t.Helper()
	for i := range n {
		if err := s.AddItem(context.Background(), PlatformActor, testItem(prefix, i)); err != nil {
			t.Fatal(err)
		}
	}
}

func testItem(prefix string, i int) ledger.Item {
	return ledger.Item{ID: fmt.Sprintf("%s-%d", prefix, i), NameEN: fmt.Sprintf("Test item %d", i), NameZH: "测试物品", Unit: "pcs"}
}

func wantErrorMentioning(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one mentioning %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// TestOpenRefusesNewerSchema: a database migrated by a newer binary is not
// touched by this one.
func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aidtrail.db")
	key := testKey(t, testOrigin)
	s := openTestStore(t, path, key)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(context.Background(), Options{Path: path, Key: key, Logger: testLogger(t)})
	wantErrorMentioning(t, err, fmt.Sprintf("version %d", SchemaVersion()+1), "newer than this binary")
}

// TestOpenRefusesOtherLog: the same database under another key or another
// origin is refused, naming what differs.
func TestOpenRefusesOtherLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aidtrail.db")
	s := openTestStore(t, path, testKey(t, testOrigin))
	addItems(t, s, "own", 1)
	s.Close()
	for _, tc := range []struct {
		key  *ledger.LogKey
		want string
	}{
		{testKey(t, testOrigin), "its vkey is"},
		{testKey(t, "elsewhere.example"), `its origin is "` + testOrigin + `"`},
	} {
		_, err := Open(context.Background(), Options{Path: path, Key: tc.key, Logger: testLogger(t)})
		wantErrorMentioning(t, err, "belongs to another log", tc.want)
	}
}

// TestWriteAfterClose: a write on a closed store fails at once instead of
// waiting for a writer that is gone.
func TestWriteAfterClose(t *testing.T) {
	s := openTestStore(t, "", testKey(t, testOrigin))
	s.Close()
	for i := range 20 {
		done := make(chan error, 1)
		go func() { done <- s.AddItem(context.Background(), PlatformActor, testItem("late", i)) }()
		select {
		case err := <-done:
			if err == nil {
				t.Fatal("a write on a closed store succeeded")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a write on a closed store hangs")
		}
	}
}

// TestNestedQueriesInWrite: inside a write, a query may run again while its
// own rows are still being read (walking a tree of lots does), without
// disturbing the outer rows; the writer's statement cache, kept from batch
// to batch, must allow it.
func TestNestedQueriesInWrite(t *testing.T) {
	s := openTestStore(t, "", testKey(t, testOrigin))
	addItems(t, s, "nest", 5)
	const q = `SELECT idx FROM entries WHERE idx >= ? ORDER BY idx`
	for batch := range 2 {
		nestedQueries(t, s, q, batch)
	}
}

func nestedQueries(t *testing.T, s *Store, q string, batch int) {
	ctx := context.Background()
	var outer, inner int
	err := s.write(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, q, 0)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var idx int64
			if err := rows.Scan(&idx); err != nil {
				return err
			}
			outer++
			in, err := tx.QueryContext(ctx, q, idx)
			if err != nil {
				return err
			}
			for in.Next() {
				inner++
			}
			in.Close()
			var first int64
			if err := tx.QueryRowContext(ctx, q, idx).Scan(&first); err != nil || first != idx {
				return fmt.Errorf("query row from %d: %d, %v", idx, first, err)
			}
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if outer != 5 || inner != 5+4+3+2+1 {
		t.Errorf("batch %d: outer rows %d, inner rows %d; want 5 and 15", batch, outer, inner)
	}
}
