package sqlite

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// crashChildEnv switches the test binary into the child that appends until killed.
const crashChildEnv = "AIDTRAIL_CRASH_CHILD"

// TestCrashRecovery re-runs this test binary as a child that appends under
// concurrent load and prints every write the store acknowledged; the parent
// kills it with SIGKILL at a random moment, reopens the log and checks that
// every acknowledged write is there, the log verifies, and every signed
// checkpoint's root is the root recomputed from the entries. Each round
// reopens the log the previous child left behind.
func TestCrashRecovery(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	dir := t.TempDir()
	if _, err := ledger.LoadOrCreateLogKey(filepath.Join(dir, "log.key"), testOrigin); err != nil {
		t.Fatal(err)
	}
	acked := map[string]bool{}
	rounds := 5
	if raceEnabled {
		rounds = 3 // the race detector makes SQLite ten times slower
	}
	for round := range rounds {
		lines := runCrashChild(t, dir, round)
		for _, l := range lines {
			acked[l] = true
		}
		checkAfterCrash(t, dir, acked)
	}
}

// runCrashChild starts a child on dir, kills it once it has acknowledged
// some writes, and returns the acknowledgement lines it printed.
func runCrashChild(t *testing.T, dir string, round int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRecovery$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A child that stops acknowledging is killed too, and fails the test below.
	watchdog := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer watchdog.Stop()
	killAfter := 20 + rand.IntN(400) // acknowledgements before the kill timer starts
	delay := time.Duration(rand.IntN(200)) * time.Millisecond
	var lines []string
	armed := false
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if !armed && len(lines) >= killAfter {
			armed = true
			time.AfterFunc(delay, func() { cmd.Process.Kill() })
		}
	}
	err = cmd.Wait()
	if !armed {
		t.Fatalf("round %d: child stopped after %d acknowledgements without being killed: %v\n%s", round, len(lines), err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Logf("round %d child stderr:\n%s", round, stderr.String())
	}
	t.Logf("round %d: killed the child (%v) after %d acknowledged writes", round, err, len(lines))
	return lines
}

// crashChild appends from many goroutines until it is killed. It prints
// "note INDEX N" or "item ID" as soon as the store acknowledges a write.
func crashChild(dir string) {
	ctx := context.Background()
	key, err := ledger.LoadOrCreateLogKey(filepath.Join(dir, "log.key"), testOrigin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	s, err := Open(ctx, Options{Path: filepath.Join(dir, "aidtrail.db"), Key: key,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// Never outlive a parent that failed to kill us (writing to its closed
	// pipe would end us too).
	time.AfterFunc(time.Minute, func() { os.Exit(3) })
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	var mu sync.Mutex
	ack := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(os.Stdout, format+"\n", args...)
	}
	for g := range 24 {
		go func() {
			for i := 0; ; i++ {
				if g%3 == 0 {
					it := testItem(fmt.Sprintf("c%s-%d", run, g), i)
					if err := s.AddItem(ctx, PlatformActor, it); err != nil {
						fmt.Fprintln(os.Stderr, err)
						os.Exit(2)
					}
					ack("item %s", it.ID)
					continue
				}
				subjects := []string{ledger.Subject("lot", fmt.Sprintf("G%d", g))}
				if g%4 == 1 {
					subjects = append(subjects, "lot:SHARED")
				}
				n := g*1_000_000 + i
				a, err := appendNote(ctx, s, n, subjects...)
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				ack("note %d %d", a.Index, n)
			}
		}()
	}
	select {}
}

// checkAfterCrash reopens the log in dir and checks it against acked.
func checkAfterCrash(t *testing.T, dir string, acked map[string]bool) {
	t.Helper()
	ctx := context.Background()
	key, err := ledger.LoadOrCreateLogKey(filepath.Join(dir, "log.key"), testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	s := openTestStore(t, filepath.Join(dir, "aidtrail.db"), key)
	defer s.Close()
	if err := s.Verify(ctx); err != nil {
		t.Fatalf("log does not verify after the crash: %v", err)
	}
	entries := readAllEntries(t, s)
	items := map[string]bool{}
	for _, e := range entries {
		if e.Entry.Type == ledger.TypeItemAdded {
			b, err := e.Entry.DecodeBody()
			if err != nil {
				t.Fatal(err)
			}
			items[b.(*ledger.ItemAdded).ID] = true
		}
	}
	stored, err := s.Items(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, it := range stored {
		rows[it.ID] = true
	}
	for l := range acked {
		f := strings.Fields(l)
		switch {
		case len(f) == 2 && f[0] == "item":
			if !items[f[1]] || !rows[f[1]] {
				t.Errorf("acknowledged item %s: entry %v, row %v", f[1], items[f[1]], rows[f[1]])
			}
		case len(f) == 3 && f[0] == "note":
			idx, _ := strconv.ParseInt(f[1], 10, 64)
			if idx >= int64(len(entries)) {
				t.Errorf("acknowledged entry %d is missing (log size %d)", idx, len(entries))
				continue
			}
			b, err := entries[idx].Entry.DecodeBody()
			if n, ok := b.(*testNote); err != nil || !ok || strconv.Itoa(n.N) != f[2] {
				t.Errorf("acknowledged entry %d is not note %s: %s", idx, f[2], entries[idx].Data)
			}
		default:
			t.Fatalf("child printed %q", l)
		}
	}
	if len(rows) != len(items) {
		t.Errorf("%d item rows but %d item entries", len(rows), len(items))
	}
	checkpointsMatchEntries(t, s, entries)
}

// checkpointsMatchEntries recomputes the tree from the entry bytes alone and
// checks every signed checkpoint against it.
func checkpointsMatchEntries(t *testing.T, s *Store, entries []*ledger.StoredEntry) {
	t.Helper()
	var hashes []tlog.Hash
	mem := tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ix))
		for i, id := range ix {
			out[i] = hashes[id]
		}
		return out, nil
	})
	for i, e := range entries {
		hs, err := tlog.StoredHashes(int64(i), e.Data, mem)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, hs...)
	}
	cps, err := s.Checkpoints(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	verifier := note.VerifierList(testVerifier(t, s.VerifierKey()))
	for _, c := range cps {
		n, err := note.Open(c.Note, verifier)
		if err != nil {
			t.Fatalf("checkpoint %d: %v", c.Size, err)
		}
		var cp log.Checkpoint
		if _, err := cp.Unmarshal([]byte(n.Text)); err != nil {
			t.Fatal(err)
		}
		want := tlog.Hash(sha256.Sum256(nil))
		if c.Size > 0 {
			if c.Size > int64(len(entries)) {
				t.Fatalf("checkpoint %d covers more than the %d entries", c.Size, len(entries))
			}
			if want, err = tlog.TreeHash(c.Size, mem); err != nil {
				t.Fatal(err)
			}
		}
		if int64(cp.Size) != c.Size || !bytes.Equal(cp.Hash, want[:]) || c.Root != want {
			t.Errorf("checkpoint %d: signed root %x, stored %x, recomputed %x", c.Size, cp.Hash, c.Root, want)
		}
	}
	if last := cps[len(cps)-1]; last.Size != int64(len(entries)) {
		t.Errorf("latest checkpoint has size %d, log %d", last.Size, len(entries))
	}
}
