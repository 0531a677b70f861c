package sqlite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStartupCheckBounded: quick_check runs at the first start, after a
// crash (files copied while the store runs) and after the file was changed
// while the store was closed (a damaged page, refused); it is skipped only
// when the store closed cleanly and the file is unchanged since.
func TestStartupCheckBounded(t *testing.T) {
	ctx := context.Background()
	key := testKey(t, testOrigin)
	dir := t.TempDir()
	path := filepath.Join(dir, "aidtrail.db")
	open := func(path string) (*Store, error) {
		return Open(ctx, Options{Path: path, Key: key, Logger: testLogger(t)})
	}

	s, err := open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !s.quickChecked {
		t.Error("first start: quick_check did not run")
	}
	addItems(t, s, "check", 40)
	// A crash image: the files as they are while the store runs.
	crash := t.TempDir()
	for _, f := range []string{"aidtrail.db", "aidtrail.db-wal", "checkpoint"} {
		if b, err := os.ReadFile(filepath.Join(dir, f)); err == nil {
			os.WriteFile(filepath.Join(crash, f), b, 0o600)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + closedSuffix); err != nil {
		t.Fatalf("no record of the clean close: %v", err)
	}

	s, err = open(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.quickChecked {
		t.Error("restart after a clean close of an unchanged file: quick_check ran")
	}
	if _, err := os.Stat(path + closedSuffix); err == nil {
		t.Error("the record of the clean close is kept while the store runs (a crash would skip the next check)")
	}
	addItems(t, s, "more", 5)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	c, err := open(filepath.Join(crash, "aidtrail.db"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.quickChecked {
		t.Error("start after a crash: quick_check did not run")
	}
	c.Close()

	// Changed while stopped: a page overwritten (later than the coarse
	// file-time tick), refused by the check the change brings back.
	time.Sleep(20 * time.Millisecond)
	overwrite(t, path, 4*4096, bytes.Repeat([]byte{0xff}, 4096))
	if s, err := open(path); err == nil {
		s.Close()
		t.Fatal("a damaged page was served after a clean close")
	} else if !strings.Contains(err.Error(), "refusing to start") || !strings.Contains(err.Error(), "quick_check") {
		t.Errorf("refusal: %v", err)
	}
}
