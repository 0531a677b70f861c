package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger/replica"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestRestoreFromReplica runs the real aidtrail and aidtrail-verify
// binaries: the server replicates its database with Litestream while an
// outside verifier keeps its state file; the server is killed, its data
// directory deleted and restored from the replica (the keys from a
// backup). A replica holding what was published restores a log the
// verifier accepts as an extension of its state (no fork, no rollback). An
// older copy of the replica, restored with the verifier's state as the
// published checkpoint, is refused at start naming both sizes; restored
// without it, the server serves the shorter log and the verifier refuses
// it as a rollback.
func TestRestoreFromReplica(t *testing.T) {
	bin := buildBinaries(t)
	tmp := t.TempDir()
	data, rep, backup, state := filepath.Join(tmp, "data"), filepath.Join(tmp, "replica"), filepath.Join(tmp, "backup.tar.gz"), filepath.Join(tmp, "verify-state.json")
	grow(t, data, 10)
	if _, err := runAdmin(t, "backup", "-data", data, "-to", backup); err != nil {
		t.Fatal(err)
	}

	// First run: replicated, verified, stopped; the replica is copied
	// aside as it is then (a copy that will lack what comes next).
	srv := startServer(t, bin, data, "-replica", rep)
	verifyOK(t, bin, srv, state)
	srv.stop(t, syscall.SIGTERM)
	// What the first run published last (its stop covers every entry it
	// made durable; the verifier may have seen an earlier checkpoint).
	first := publishedSize(t, data)
	old := filepath.Join(tmp, "replica-old")
	if err := os.CopyFS(old, os.DirFS(rep)); err != nil {
		t.Fatal(err)
	}

	// Second run: the log grew; verified again, then the server is killed
	// once the replica holds everything it published.
	grow(t, data, 30)
	srv = startServer(t, bin, data, "-replica", rep)
	verifyOK(t, bin, srv, state)
	published := stateSize(t, state)
	if published <= first {
		t.Fatalf("the log did not grow: %d then %d", first, published)
	}
	waitReplicated(t, rep, published)
	srv.stop(t, syscall.SIGKILL)

	restore := func(t *testing.T, from string, published bool) {
		t.Helper()
		if err := os.RemoveAll(data); err != nil {
			t.Fatal(err)
		}
		args := []string{"restore", "-from", backup, "-replica", from, "-data", data}
		if published {
			args = append(args, "-published", state)
		}
		if _, err := runAdmin(t, args...); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("replica holds the published log", func(t *testing.T) {
		restore(t, rep, true)
		if out, err := runAdmin(t, "check", "-data", data); err != nil || !strings.Contains(out, fmt.Sprintf("ok: %d entries", published)) {
			t.Fatalf("admin check: %v %s", err, out)
		}
		srv := startServer(t, bin, data)
		out := verifyOK(t, bin, srv, state)
		if !strings.Contains(out, fmt.Sprintf("history:      checked against size %d", published)) {
			t.Errorf("the verifier did not check the restored log against its state:\n%s", out)
		}
		srv.stop(t, syscall.SIGTERM)
	})

	t.Run("replica lacks the tail, published checkpoint given", func(t *testing.T) {
		restore(t, old, true)
		out, err := exec.Command(filepath.Join(bin, "aidtrail"), "serve", "-data", data, "-addr", "127.0.0.1:0", "-base-url", testBaseURL).CombinedOutput()
		t.Logf("serve:\n%s", out)
		if err == nil {
			t.Fatal("the server started on a replica lacking published entries")
		}
		for _, want := range []string{"refusing to start", fmt.Sprintf("holds %d entries", first), fmt.Sprintf("fewer than the %d", published), "Restore"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("the refusal does not say %q", want)
			}
		}
	})

	t.Run("replica lacks the tail, restored blindly", func(t *testing.T) {
		restore(t, old, false)
		srv := startServer(t, bin, data)
		defer srv.stop(t, syscall.SIGTERM)
		// Until its start-up check passes, the server serves the checkpoint
		// the backup published (also a rollback); then it signs the
		// replica's whole log.
		waitCheckpoint(t, srv.url, first, 0)
		out, err := runVerify(bin, srv, state)
		t.Logf("aidtrail-verify:\n%s", out)
		if err == nil {
			t.Fatal("the verifier accepted a log rolled back below its state")
		}
		if want := fmt.Sprintf("ROLLBACK: the log now has %d entries, but %d were verified", first, published); !strings.Contains(out, want) {
			t.Errorf("the verifier's output does not say %q", want)
		}
		if got := stateSize(t, state); got != published {
			t.Errorf("the verifier's state moved to %d, want it kept at %d", got, published)
		}
	})
}

// testBaseURL gives the origin grow and the admin commands use by default.
const testBaseURL = "http://localhost:8080"

// buildBinaries builds the real aidtrail and aidtrail-verify commands.
func buildBinaries(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the commands")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "github.com/aidtrail/aidtrail/cmd/aidtrail", "github.com/aidtrail/aidtrail/cmd/aidtrail-verify")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}

// server is a running aidtrail serve process.
type server struct {
	cmd    *exec.Cmd
	url    string
	vkey   string
	stderr *bytes.Buffer
	done   chan struct{}
	once   sync.Once
}

func startServer(t *testing.T, bin, data string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "aidtrail"), append([]string{"serve", "-data", data, "-addr", "127.0.0.1:0", "-base-url", testBaseURL, "-log-level", "warn"}, args...)...)
	s := &server{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stderr = s.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	listening, vkey := regexp.MustCompile(`\(listening on (\S+)\)`), regexp.MustCompile(`^verifier key: (\S+)`)
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				s.url = "http://" + m[1]
			}
			if m := vkey.FindStringSubmatch(sc.Text()); m != nil {
				s.vkey = m[1]
				close(ready)
			}
		}
		cmd.Wait()
		close(s.done)
	}()
	select {
	case <-ready:
	case <-s.done:
		t.Fatalf("serve exited: %v\n%s", cmd.ProcessState, s.stderr)
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("serve did not start\n%s", s.stderr)
	}
	t.Cleanup(func() { s.stop(t, syscall.SIGKILL) })
	return s
}

// stop sends sig and waits for the process to end.
func (s *server) stop(t *testing.T, sig syscall.Signal) {
	s.once.Do(func() {
		s.cmd.Process.Signal(sig)
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			s.cmd.Process.Kill()
			<-s.done
			t.Errorf("serve did not stop on %v", sig)
		}
		t.Logf("serve stderr:\n%s", s.stderr)
	})
}

func runVerify(bin string, s *server, state string) (string, error) {
	out, err := exec.Command(filepath.Join(bin, "aidtrail-verify"), "-url", s.url, "-key", s.vkey, "-state", state, "-exports=false", "-progress", "0").CombinedOutput()
	return string(out), err
}

func verifyOK(t *testing.T, bin string, s *server, state string) string {
	t.Helper()
	out, err := runVerify(bin, s, state)
	if err != nil || !strings.Contains(out, "OK: everything holds") {
		t.Fatalf("aidtrail-verify: %v\n%s", err, out)
	}
	return out
}

// stateSize is the size of the checkpoint in aidtrail-verify's state file.
func stateSize(t *testing.T, path string) int64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s struct{ Size int64 }
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s.Size
}

// waitReplicated waits until a database restored from the replica holds
// size entries: replication is continuous, about once a second.
func waitReplicated(t *testing.T, dir string, size int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for i := 0; ; i++ {
		out := filepath.Join(t.TempDir(), fmt.Sprintf("probe-%d.db", i))
		var n int64
		err := replica.Restore(t.Context(), dir, out, sqlitetest.Logger(t))
		if err == nil {
			var db *sql.DB
			if db, err = sql.Open("sqlite", "file:"+out+"?mode=ro"); err == nil {
				err = db.QueryRow(`SELECT coalesce(max(idx) + 1, 0) FROM entries`).Scan(&n)
				db.Close()
			}
		}
		if err == nil && n >= size {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica holds %d of %d entries after a minute (%v)", n, size, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// publishedSize is the size of the checkpoint kept in the data directory.
func publishedSize(t *testing.T, data string) int64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "checkpoint"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 2 {
		t.Fatalf("the published checkpoint is not a checkpoint:\n%s", b)
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		t.Fatalf("the published checkpoint's size: %v", err)
	}
	return n
}
