// Package witnesstest starts real litewitness processes for tests: built
// once per test binary from the version go.mod pins, each on loopback
// with its own key, removed when the test ends.
package witnesstest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger/witness"
	"github.com/aidtrail/aidtrail/ledger/witness/litewitness"
)

var built struct {
	once sync.Once
	dir  string
	err  error
}

// Main runs the tests and then removes the built binaries; call it from
// TestMain: os.Exit(witnesstest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	return code
}

// Bin returns the directory holding litewitness and witnessctl, building
// them on first use (the go command runs in the test's package directory,
// inside this module).
func Bin(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "litewitness-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.dir = dir
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		built.err = litewitness.Build(ctx, ".", dir)
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.dir
}

// Start runs n witnesses of the log (origin, vkey), named
// witness1.aidtrail.test and so on; they stop when the test ends.
func Start(t testing.TB, n int, origin, vkey string) []*litewitness.Process {
	t.Helper()
	bin := Bin(t)
	var ps []*litewitness.Process
	for i := range n {
		p, err := litewitness.Start(t.Context(), litewitness.Options{
			Bin: bin, Dir: filepath.Join(t.TempDir(), fmt.Sprint("w", i+1)), Name: fmt.Sprintf("witness%d.aidtrail.test", i+1),
			Origin: origin, LogVKey: vkey, Stderr: tWriter{t},
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Stop)
		ps = append(ps, p)
	}
	return ps
}

// Policy is a k-of-n policy over the witnesses, named w1, w2, ...
func Policy(ps []*litewitness.Process, k int) string {
	var b strings.Builder
	var names []string
	for i, p := range ps {
		name := fmt.Sprint("w", i+1)
		fmt.Fprintf(&b, "witness %s %s %s\n", name, p.VKey, p.URL)
		names = append(names, name)
	}
	fmt.Fprintf(&b, "group g %d %s\nquorum g\n", k, strings.Join(names, " "))
	return b.String()
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Logf("%s", strings.TrimSpace(string(p)))
	return len(p), nil
}

// Run starts a witness.Service with opts (quick retries for tests) pushing
// until the test ends.
func Run(t testing.TB, opts witness.Options) *witness.Service {
	t.Helper()
	opts.Interval, opts.Timeout = 100*time.Millisecond, 2*time.Second
	svc, err := witness.New(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { svc.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return svc
}
