package replica_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/replica"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestReplicateAndRestore: what the store commits while replicated is in
// the replica after a sync; a database restored from it passes the full
// check (integrity_check, every entry and checkpoint recomputed) and holds
// the whole log; an empty replica directory restores nothing.
func TestReplicateAndRestore(t *testing.T) {
	ctx := context.Background()
	dir, rep := t.TempDir(), filepath.Join(t.TempDir(), "replica")
	key, err := ledger.LoadOrCreateLogKey(filepath.Join(dir, "log.key"), sqlitetest.Origin)
	if err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "aidtrail.db")
	s, err := sqlite.Open(ctx, sqlite.Options{Path: dbPath, Key: key, Logger: sqlitetest.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	r, err := replica.Start(ctx, dbPath, rep, sqlitetest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		id := fmt.Sprintf("replicated-%d", i)
		if err := s.AddItem(ctx, sqlite.PlatformActor, ledger.Item{ID: id, NameEN: id, NameZH: "物品", Unit: "pcs"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	size := s.Latest().Size
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(ctx); err != nil {
		t.Fatal(err)
	}

	restored := filepath.Join(t.TempDir(), "aidtrail.db")
	if err := replica.Restore(ctx, rep, restored, sqlitetest.Logger(t)); err != nil {
		t.Fatal(err)
	}
	got, err := sqlite.Check(ctx, sqlite.Options{Path: restored, Key: key})
	if err != nil || got != size {
		t.Fatalf("restored database: %d entries, %v; want %d", got, err, size)
	}
	if err := replica.Restore(ctx, rep, restored, sqlitetest.Logger(t)); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("restore over an existing file: %v", err)
	}
	if err := replica.Restore(ctx, t.TempDir(), filepath.Join(t.TempDir(), "x.db"), sqlitetest.Logger(t)); err == nil || !strings.Contains(err.Error(), "holds no database") {
		t.Errorf("restore from an empty directory: %v", err)
	}
}
