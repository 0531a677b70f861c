package simulate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// Origin is the log origin of simulated stores.
const Origin = "aidtrail.simulated/log"

// BenchSizes are the log sizes the benchmarks run at: 10,000 and 100,000
// entries, and 1,000,000 too when AIDTRAIL_BENCH_1M=1 (it takes minutes to
// build). AIDTRAIL_BENCH_SIZES=N,M,... replaces the list.
func BenchSizes() []int64 {
	sizes := []int64{10_000, 100_000}
	if os.Getenv("AIDTRAIL_BENCH_1M") == "1" {
		sizes = append(sizes, 1_000_000)
	}
	if v := os.Getenv("AIDTRAIL_BENCH_SIZES"); v != "" {
		sizes = nil
		for f := range strings.SplitSeq(v, ",") {
			if n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil && n > 0 {
				sizes = append(sizes, n)
			}
		}
	}
	return sizes
}

// Store returns a store over a copy of a simulated log of at least entries
// entries, closed when tb ends. The log is built once per size under
// AIDTRAIL_BENCH_DIR (default: aidtrail-bench in the temporary directory)
// and reused by later runs; delete that directory to rebuild it.
func Store(tb testing.TB, entries int64) *sqlite.Store {
	tb.Helper()
	s := OpenDir(tb, Copy(tb, entries))
	tb.Cleanup(func() { s.Close() })
	return s
}

// Copy returns a temporary directory holding a copy of the simulated log
// of at least entries entries (see Store), for OpenDir.
func Copy(tb testing.TB, entries int64) string {
	tb.Helper()
	ctx := context.Background()
	built := BenchLog(entries)
	if _, err := os.Stat(filepath.Join(built, "done")); err != nil {
		if err := os.MkdirAll(built, 0o700); err != nil {
			tb.Fatal(err)
		}
		s := OpenDir(tb, built)
		if err := s.SeedCatalogue(ctx); err != nil {
			tb.Fatal(err)
		}
		st, err := Run(ctx, s, Options{Entries: entries, Seed: 1})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Logf("built a simulated log of %d entries in %v (cast %v)", st.Size, st.Elapsed, st.CastTime)
		if err := s.Close(); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(built, "done"), nil, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	if err := upgrade(built); err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	for _, name := range []string{"log.key", "aidtrail.db"} {
		if err := CopyFile(filepath.Join(built, name), filepath.Join(dir, name)); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// BenchLog is the directory of the simulated log of the given size the
// benchmarks (and cmd/benchserve) measure copies of: entries-N under
// AIDTRAIL_BENCH_DIR, by default aidtrail-bench in the temporary directory.
func BenchLog(entries int64) string {
	base := os.Getenv("AIDTRAIL_BENCH_DIR")
	if base == "" {
		base = filepath.Join(os.TempDir(), "aidtrail-bench")
	}
	return filepath.Join(base, fmt.Sprintf("entries-%d", entries))
}

// OpenDir opens the store in dir (a copy made by Copy) as the server opens
// it (a checkpoint signed at most every DefaultCheckpointInterval); the
// caller closes it.
func OpenDir(tb testing.TB, dir string) *sqlite.Store {
	key, err := logKey(dir)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(dir, "aidtrail.db"), Key: key,
		CheckpointInterval: sqlite.DefaultCheckpointInterval})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// logKey loads dir's log key whatever its origin (a log built by
// `aidtrail admin simulate` has the server's, e.g. localhost:8080), or
// makes one for Origin.
func logKey(dir string) (*ledger.LogKey, error) {
	path := filepath.Join(dir, "log.key")
	skey, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ledger.LoadOrCreateLogKey(path, Origin)
	} else if err != nil {
		return nil, err
	}
	return ledger.ParseLogKey(strings.TrimSpace(string(skey)))
}

// upgrade opens a log built by an older binary once, so its migrations
// (and any rebuild of the read models they call for) are not measured as
// part of a start.
func upgrade(dir string) error {
	db, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(dir, "aidtrail.db")))
	if err != nil {
		return err
	}
	var version int
	err = db.QueryRow(`PRAGMA user_version`).Scan(&version)
	db.Close()
	if err != nil || version >= sqlite.SchemaVersion() {
		return err
	}
	key, err := logKey(dir)
	if err != nil {
		return err
	}
	s, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(dir, "aidtrail.db"), Key: key})
	if err != nil {
		return err
	}
	return s.Close()
}

// CopyFile copies the file from into a new file to.
func CopyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Members finds the cast of a store built by Run (see Store).
func Members(ctx context.Context, s *sqlite.Store) (*Cast, error) {
	return buildCast(ctx, s, FullCast, false)
}
