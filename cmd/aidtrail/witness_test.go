package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/ledger/witness"
	"github.com/aidtrail/aidtrail/ledger/witness/witnesstest"
	"github.com/transparency-dev/tessera"
	"golang.org/x/net/html"
)

func TestMain(m *testing.M) { os.Exit(witnesstest.Main(m)) }

// TestDemoWitnesses: `serve -demo` runs three demo witnesses (real
// litewitness processes, keys in the data directory); /checkpoint carries
// their cosignatures, which the policy shown on /verify accepts with
// Tessera's policy reader; /verify names them as demo witnesses. Once they
// cosigned a larger log, the server refuses to start on an older backup,
// even one restored with its checkpoint files (the witnesses are asked).
func TestDemoWitnesses(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-data", dir, "-origin", "aidtrail.test/log", "-demo", "-demo-witness-bin", witnesstest.Bin(t)}
	serveWhile(t, args, func(base string) {
		cp := waitCosignedCheckpoint(t, base, 0)
		page := getBody(t, base+"/verify")
		if n := strings.Count(page, `class="demo-witness"`); n != 3 {
			t.Errorf("/verify names %d demo witnesses, want 3", n)
		}
		g, err := tessera.NewWitnessGroupFromPolicy([]byte(preText(t, page, "witness-policy")))
		if err != nil {
			t.Fatal(err)
		}
		if !g.Satisfied([]byte(cp)) {
			t.Errorf("the policy from /verify does not accept /checkpoint:\n%s", cp)
		}
	})
	for _, w := range []string{"demo1", "demo2", "demo3"} {
		if _, err := os.Stat(filepath.Join(dir, "witnesses", w, "witness.key")); err != nil {
			t.Errorf("demo witness %s has no key in the data directory: %v", w, err)
		}
	}

	// Keep a backup, then grow the log and let the witnesses cosign it.
	key, err := ledger.LoadOrCreateLogKey(filepath.Join(dir, "log.key"), "aidtrail.test/log")
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(t.Context(), sqlite.Options{Path: filepath.Join(dir, "aidtrail.db"), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if _, err := st.DB().Exec(`VACUUM INTO ?`, backup); err != nil {
		t.Fatal(err)
	}
	sqlitetest.Org(t, st, ledger.OrgWarehouse, "Warehouse after the backup")
	grown := st.Latest().Size
	st.Close()
	serveWhile(t, args, func(base string) { waitCosignedCheckpoint(t, base, grown) })

	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(filepath.Join(dir, "aidtrail.db"+suffix))
	}
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "aidtrail.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := serveOnce(t, noEnv, args...)
	if err == nil || !strings.Contains(err.Error(), "refusing to start") {
		t.Fatalf("serve on a backup older than the published and witnessed checkpoints: %v\n%s", err, out)
	}
	// The whole data directory restored from the backup, its checkpoint
	// files with it: the witnesses, asked at start, remember the larger log.
	for _, f := range []string{"checkpoint", witness.WitnessedName} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	out, err = serveOnce(t, noEnv, args...)
	if err == nil || !strings.Contains(err.Error(), "has seen this log at size "+strconv.FormatInt(grown, 10)) {
		t.Fatalf("serve on a data directory restored whole from an old backup: %v\n%s", err, out)
	}
}

// serveWhile runs `aidtrail serve` on a free port while fn runs with its base URL.
func serveWhile(t *testing.T, args []string, fn func(base string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &readyWriter{ready: make(chan struct{}), marker: "verifier key:"}
	var stderr bytes.Buffer
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), noEnv, strings.NewReader(""), out, &stderr)
	}()
	defer func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("serve: %v", err)
		}
		t.Logf("serve stderr:\n%s", stderr.String())
	}()
	select {
	case err := <-errc:
		errc <- err
		t.Fatalf("serve did not start: %v\n%s", err, out.String())
	case <-out.ready:
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start")
	}
	m := regexp.MustCompile(`listening on ([^)]+)\)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no listening address printed:\n%s", out.String())
	}
	fn("http://" + m[1])
}

// waitCosignedCheckpoint waits until /checkpoint serves a checkpoint of at
// least size with cosignatures, and returns it.
func waitCosignedCheckpoint(t *testing.T, base string, size int64) string {
	t.Helper()
	return waitCheckpoint(t, base, size, 2)
}

// waitCheckpoint waits until /checkpoint serves a checkpoint of at least
// size with at least cosigs of the demo witnesses' cosignatures, and
// returns it.
func waitCheckpoint(t *testing.T, base string, size int64, cosigs int) string {
	t.Helper()
	var last string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(base + "/checkpoint")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		last = resp.Status + "\n" + string(b)
		lines := strings.Split(string(b), "\n")
		if resp.StatusCode == http.StatusOK && strings.Count(string(b), ".demo-witness.") >= cosigs && len(lines) > 1 {
			if n, err := strconv.ParseInt(lines[1], 10, 64); err == nil && n >= size {
				return string(b)
			}
		}
	}
	t.Fatalf("/checkpoint never served size %d with %d of the demo witnesses' cosignatures; last:\n%s", size, cosigs, last)
	return ""
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// preText is the text of the <pre> with the given id.
func preText(t *testing.T, page, id string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "pre" && n.FirstChild != nil {
			for _, a := range n.Attr {
				if a.Key == "id" && a.Val == id {
					return n.FirstChild.Data
				}
			}
		}
	}
	t.Fatalf("no <pre id=%q> on the page", id)
	return ""
}
