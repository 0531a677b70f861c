package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/transparency-dev/tessera/api/layout"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const testOrigin = "aidtrail.test"

// testStep is an entry type only these tests write: one step in the chain
// of its subjects, so chains can be built before the domain's own types.
type testStep struct {
	Step int `json:"step"`
}

func (b *testStep) Validate() error { return nil }

const typeTestStep = "test.step"

func init() { ledger.Register(typeTestStep, &testStep{}) }

// newKey returns a fresh log key for origin.
func newKey(t testing.TB, origin string) *ledger.LogKey {
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

// openStore opens a real store in a fresh directory with key.
func openStore(t testing.TB, key *ledger.LogKey, logger *slog.Logger) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(t.TempDir(), "aidtrail.db"), Key: key, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// addItems adds n catalogue items named prefix-<i> through the store,
// concurrently so that writes share commits as they do in production.
func addItems(t testing.TB, st *sqlite.Store, prefix string, n int) {
	t.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 64 {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				it := ledger.Item{ID: fmt.Sprintf("%s-%06d", prefix, i), NameEN: fmt.Sprintf("Test item %06d", i), NameZH: "测试物品", Unit: "pcs"}
				if err := st.AddItem(context.Background(), sqlite.PlatformActor, it); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// testLog is a real store behind the real server.
type testLog struct {
	vkey  string
	store *sqlite.Store
	srv   *httptest.Server
}

// newTestLog starts a server over a store holding n items; wrap, if not
// nil, alters what the server sends.
func newTestLog(t testing.TB, key *ledger.LogKey, prefix string, n int, wrap func(http.Handler) http.Handler) *testLog {
	t.Helper()
	logger := sqlitetest.Logger(t)
	st := openStore(t, key, logger)
	addItems(t, st, prefix, n)
	return serve(t, st, wrap)
}

// serve starts the real server over st.
func serve(t testing.TB, st *sqlite.Store, wrap func(http.Handler) http.Handler) *testLog {
	t.Helper()
	logger := sqlitetest.Logger(t)
	var h http.Handler = handlers.New(handlers.Config{Store: st, Logger: logger, BaseURL: "https://" + testOrigin})
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testLog{vkey: st.VerifierKey(), store: st, srv: srv}
}

// runVerify runs the command as a user would and returns its output.
func runVerify(t testing.TB, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(string) string { return "" }
	err = run(context.Background(), args, getenv, &out, &errOut)
	t.Logf("aidtrail-verify %s\n%s%s-> %v", strings.Join(args, " "), out.String(), errOut.String(), err)
	return out.String(), errOut.String(), err
}

// tamper returns a wrapper that passes fn the body of the response to path.
func tamper(path string, fn func([]byte) []byte) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != path {
				h.ServeHTTP(w, r)
				return
			}
			// The tamperer edits plain bytes: ask the server for them (it gzips
			// entry bundles for clients that accept it).
			r.Header.Del("Accept-Encoding")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length") // fn may change the length
			w.WriteHeader(rec.Code)
			w.Write(fn(bytes.Clone(rec.Body.Bytes())))
		})
	}
}

func wantFailure(t *testing.T, out string, err error, wants ...string) {
	t.Helper()
	if !errors.Is(err, errFailed) {
		t.Errorf("run returned %v, want a verification failure", err)
	}
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("output does not say %q:\n%s", w, out)
		}
	}
}

func TestHonestServerPasses(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 300, nil)
	state := filepath.Join(t.TempDir(), "state.json")
	out, stderr, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-state", state, "-progress", "1")
	if err != nil {
		t.Fatalf("honest log failed: %v", err)
	}
	for _, w := range []string{"size 300", "300 read, tree recomputed, 3 hash tiles compared", "OK: everything holds; checkpoint saved to " + state} {
		if !strings.Contains(out, w) {
			t.Errorf("summary does not say %q", w)
		}
	}
	if !strings.Contains(stderr, "256 of 300 entries read (85%)") {
		t.Errorf("no progress on stderr: %q", stderr)
	}
	// A second run checks consistency with the first; -json for machines;
	// the key may come from a file.
	addItems(t, l.store, "u", 40)
	keyFile := filepath.Join(t.TempDir(), "log.vkey")
	if err := os.WriteFile(keyFile, []byte(l.vkey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err = runVerify(t, "-url", l.srv.URL+"/", "-key", "@"+keyFile, "-state", state, "-json")
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	var rep struct {
		OK         bool
		Checkpoint struct {
			Origin string
			Size   int64
			Root   string
		}
		Previous *struct{ Size int64 }
		Entries  int64
		Problems []problem
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("-json output: %v", err)
	}
	if !rep.OK || rep.Checkpoint.Origin != testOrigin || rep.Checkpoint.Size != 340 || rep.Entries != 340 ||
		rep.Checkpoint.Root == "" || rep.Previous == nil || rep.Previous.Size != 300 || len(rep.Problems) != 0 {
		t.Errorf("report = %+v", rep)
	}
}

// TestDemoPasses: the demo scenario, built through the store's methods,
// verifies in full, domain rules included, and each of its subjects alone.
func TestDemoPasses(t *testing.T) {
	st := openStore(t, newKey(t, testOrigin), sqlitetest.Logger(t))
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	l := serve(t, st, nil)
	if _, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state"); err != nil {
		t.Fatalf("the demo does not verify: %v", err)
	}
	var subject string
	if err := st.DB().QueryRow(`SELECT subject FROM entry_subjects ORDER BY idx DESC LIMIT 1`).Scan(&subject); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state", "-subject", subject); err != nil {
		t.Errorf("the demo's %s does not verify alone: %v", subject, err)
	}
}

func TestAlteredEntryBundle(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 300, tamper("/tile/entries/000", func(b []byte) []byte {
		return alterBundleEntry(t, b, 17)
	}))
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err,
		"PROBLEM [tile] entry 17: tile/0/000 serves leaf hash",
		"for entry 17, but the entry as served hashes to",
		"(1 of 256 hashes in the tile differ)",
		"PROBLEM [root]: the entries served hash to root",
		"PROBLEM [tile]: tile/1/000.p/1 serves",                                                  // the altered leaf changes its parents too
		"PROBLEM [export] entry 17: /data/entries.jsonl gives the entry with bytes that hash to", // the export has the true entry
		"FAILED: 4 problem(s)")
}

// alterBundleEntry changes one letter of entry i of a C2SP entry bundle
// (each entry prefixed by its 16-bit length). Items are added concurrently,
// so the test cannot know which item entry i names.
func alterBundleEntry(t *testing.T, b []byte, i int) []byte {
	at := 0
	for range i {
		at += 2 + int(binary.BigEndian.Uint16(b[at:]))
	}
	end := at + 2 + int(binary.BigEndian.Uint16(b[at:]))
	entry := bytes.Replace(b[at+2:end], []byte("Test item"), []byte("Tost item"), 1)
	if bytes.Equal(entry, b[at+2:end]) {
		t.Fatalf("entry %d of the bundle is not a test item", i)
	}
	return slices.Concat(b[:at+2], entry, b[end:])
}

// TestAlteredExport: open data that differs from the verified log is
// reported, entry by entry.
func TestAlteredExport(t *testing.T) {
	// Items are added concurrently, so alter whatever entry 42 is: line 42
	// of the export (lines are in index order).
	l := newTestLog(t, newKey(t, testOrigin), "t", 300, tamper("/data/entries.jsonl", func(b []byte) []byte {
		lines := bytes.Split(b, []byte("\n"))
		lines[42] = bytes.Replace(lines[42], []byte("Test item"), []byte("Tost item"), 1)
		return bytes.Join(lines, []byte("\n"))
	}))
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, "open data:    13 /data/ export(s) compared", "PROBLEM [export] entry 42: /data/entries.jsonl gives the entry with bytes that hash to", "FAILED: 1 problem(s)")
	if out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state", "-exports=false"); err != nil || strings.Contains(out, "open data") {
		t.Errorf("-exports=false still compared the exports: %v", err)
	}
}

func TestAlteredHashTile(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 300, tamper("/tile/0/001.p/44", func(b []byte) []byte {
		b[5*tlog.HashSize] ^= 1
		return b
	}))
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, "PROBLEM [tile] entry 261: tile/0/001.p/44 serves leaf hash", "FAILED: 1 problem(s)")
	if strings.Contains(out, "[root]") {
		t.Errorf("the entries are right, yet the root was reported")
	}
}

func TestCheckpointSignedByAnotherKey(t *testing.T) {
	other := newKey(t, testOrigin)
	l := newTestLog(t, newKey(t, testOrigin), "t", 20, tamper("/checkpoint", func(b []byte) []byte {
		text, _, _ := bytes.Cut(b, []byte("\n\n"))
		forged, err := note.Sign(&note.Note{Text: string(text) + "\n"}, other.Signer)
		if err != nil {
			t.Fatal(err)
		}
		return forged
	}))
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, "PROBLEM [checkpoint]: the checkpoint is not signed by the given key "+testOrigin+"+", "FAILED: 1 problem(s)")
}

// TestForkAndRollback: after a verified run, another log under the same key
// and origin is reported as a fork (same size, or larger but not an
// extension) or a rollback (smaller), and the state file is left alone.
func TestForkAndRollback(t *testing.T) {
	key := newKey(t, testOrigin)
	honest := newTestLog(t, key, "t", 300, nil)
	state := filepath.Join(t.TempDir(), "state.json")
	if _, _, err := runVerify(t, "-url", honest.srv.URL, "-key", key.VKey, "-state", state); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		size int
		want string
	}{
		{"same size", 300, "PROBLEM [fork]: FORK: the log of size 300 now has root"},
		{"larger", 310, "PROBLEM [fork]: FORK: this log (size 310) is not an extension of the one of size 300"},
		{"smaller", 290, "PROBLEM [rollback]: ROLLBACK: the log now has 290 entries, but 300 were verified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forked := newTestLog(t, key, "f", tc.size, nil)
			out, _, err := runVerify(t, "-url", forked.srv.URL, "-key", key.VKey, "-state", state)
			wantFailure(t, out, err, tc.want, "FAILED: 1 problem(s)")
			// One subject's check proves consistency from the tiles instead.
			out, _, err = runVerify(t, "-url", forked.srv.URL, "-key", key.VKey, "-state", state, "-subject", "item:f-000001")
			wantFailure(t, out, err, tc.want, "FAILED: 1 problem(s)")
			if now, _ := os.ReadFile(state); !bytes.Equal(now, saved) {
				t.Errorf("the state file was changed after a failed run")
			}
		})
	}
	addItems(t, honest.store, "u", 300)
	out, _, err := runVerify(t, "-url", honest.srv.URL, "-key", key.VKey, "-state", state, "-subject", "item:u-000123")
	if err != nil || !strings.Contains(out, "history:      checked against size 300") {
		t.Errorf("the grown honest log does not verify against the kept state: %v", err)
	}
	if _, _, err := runVerify(t, "-url", honest.srv.URL, "-key", key.VKey, "-state", state); err != nil {
		t.Errorf("the honest log does not verify after the subject's run: %v", err)
	}
}

// mirror copies the server's checkpoint, hash tiles and entry bundles into
// a directory laid out as C2SP tlog-tiles.
func mirror(t *testing.T, l *testLog) string {
	t.Helper()
	dir := t.TempDir()
	cp := l.store.Latest()
	paths := []string{layout.CheckpointPath}
	for _, tile := range tlog.NewTiles(tileHeight, 0, cp.Size) {
		paths = append(paths, layout.TilePath(uint64(tile.L), uint64(tile.N), partial(tile)))
		if tile.L == 0 {
			paths = append(paths, layout.EntriesPath(uint64(tile.N), partial(tile)))
		}
	}
	for _, p := range paths {
		resp, err := http.Get(l.srv.URL + "/" + p)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %v", p, resp.StatusCode, err)
		}
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestMirrorDirectory(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 300, nil)
	dir := mirror(t, l)
	if out, _, err := runVerify(t, "-dir", dir, "-key", l.vkey, "-no-state"); err != nil || !strings.Contains(out, "OK: everything holds") {
		t.Fatalf("honest mirror: %v", err)
	}
	f := filepath.Join(dir, "tile", "entries", "001.p", "44")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("Test item"), []byte("Test itex"), 1)
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runVerify(t, "-dir", dir, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, "PROBLEM [tile] entry 256: tile/0/001.p/44 serves leaf hash", "PROBLEM [root]")
}

// forge writes an entry straight into the store's database, as a dishonest
// or broken server would, with prev links set by links (nil: the honest
// ones). The next write through the store signs a checkpoint covering it.
func forge(t *testing.T, st *sqlite.Store, e *ledger.Entry, links func(honest []ledger.Link) []ledger.Link) int64 {
	t.Helper()
	_, hashes := forgeNext(t, st.DB())
	var honest []ledger.Link
	for _, subj := range e.Subjects {
		var idx int64 = -1
		st.DB().QueryRow(`SELECT max(idx) FROM entry_subjects WHERE subject = ?`, subj).Scan(&idx)
		if idx >= 0 {
			h, err := hashes.ReadHashes([]int64{tlog.StoredHashIndex(0, idx)})
			if err != nil {
				t.Fatal(err)
			}
			honest = append(honest, ledger.Link{Subject: subj, Index: idx, Hash: hex.EncodeToString(h[0][:])})
		}
	}
	e.Prev = honest
	if links != nil {
		e.Prev = links(honest)
	}
	e.Time = "2026-11-21T05:00:00.000Z"
	data, err := ledger.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	return forgeRaw(t, st, data, e.Subjects)
}

// forgeRaw writes data as the next entry, indexed under subjects.
func forgeRaw(t *testing.T, st *sqlite.Store, data []byte, subjects []string) int64 {
	t.Helper()
	db := st.DB()
	n, hashes := forgeNext(t, db)
	hs, err := tlog.StoredHashes(n, data, hashes)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO entries (idx, data, type, time, org) VALUES (?, ?, 'forged', '', 0)`, n, data); err != nil {
		t.Fatal(err)
	}
	for i, h := range hs {
		if _, err := tx.Exec(`INSERT INTO hashes (id, hash) VALUES (?, ?)`, tlog.StoredHashIndex(0, n)+int64(i), h[:]); err != nil {
			t.Fatal(err)
		}
	}
	for _, subj := range subjects {
		if _, err := tx.Exec(`INSERT INTO entry_subjects (subject, idx) VALUES (?, ?)`, subj, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return n
}

// forgeNext returns the next entry index and a reader of the stored hashes.
func forgeNext(t *testing.T, db *sql.DB) (int64, tlog.HashReader) {
	t.Helper()
	var n int64
	if err := db.QueryRow(`SELECT coalesce(max(idx) + 1, 0) FROM entries`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n, tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ix))
		for i, id := range ix {
			var b []byte
			if err := db.QueryRow(`SELECT hash FROM hashes WHERE id = ?`, id).Scan(&b); err != nil {
				return nil, err
			}
			copy(out[i][:], b)
		}
		return out, nil
	})
}

func step(t *testing.T, i int, subjects ...string) *ledger.Entry {
	t.Helper()
	e, err := ledger.NewEntry(typeTestStep, ledger.Actor{Org: 1}, subjects, &testStep{Step: i})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestSubjectChain: -lot and -subject verify one chain with inclusion
// proofs, and a broken link is caught there and by the full run.
func TestSubjectChain(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 100, nil)
	code := ledger.NewCode()
	lot := "lot:" + code
	for i := range 6 {
		forge(t, l.store, step(t, i, lot, fmt.Sprintf("need:%d", i%2)), nil)
		addItems(t, l.store, fmt.Sprintf("s%d", i), 30) // spread the chain over bundles; signs a checkpoint
	}
	for _, args := range [][]string{{"-lot", strings.ToLower(ledger.FormatCode(code))}, {"-subject", "need:1"}} {
		out, _, err := runVerify(t, append([]string{"-url", l.srv.URL, "-key", l.vkey, "-no-state"}, args...)...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if want := "of " + map[string]string{"-lot": lot, "-subject": "need:1"}[args[0]] + " found"; !strings.Contains(out, want) {
			t.Errorf("%v: summary does not say %q", args, want)
		}
	}
	if out, _, _ := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state", "-lot", code); !strings.Contains(out, "6 of "+lot+" found") ||
		strings.Count(out, " test.step ") != 6 || !strings.Contains(out, "  entry 100      test.step") {
		t.Errorf("the lot's 6 entries were not all verified and listed")
	}
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state", "-pledge", ledger.NewCode())
	wantFailure(t, out, err, "PROBLEM [subject]: no entry of the log (size 286) names pledge:")
	if _, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-lot", map[bool]string{true: "8", false: "7"}[code[0] == '7']+code[1:]); err == nil || errors.Is(err, errFailed) {
		t.Errorf("a mistyped code: %v, want a usage error", err)
	}

	// A server that links the lot's next entry to an older one.
	bad := forge(t, l.store, step(t, 6, lot), func(honest []ledger.Link) []ledger.Link {
		var stale ledger.Link
		if err := l.store.DB().QueryRow(`SELECT min(idx) FROM entry_subjects WHERE subject = ?`, lot).Scan(&stale.Index); err != nil {
			t.Fatal(err)
		}
		e, err := l.store.Entry(context.Background(), stale.Index)
		if err != nil {
			t.Fatal(err)
		}
		stale.Subject, stale.Hash = lot, hex.EncodeToString(e.Leaf[:])
		return []ledger.Link{stale}
	})
	addItems(t, l.store, "z", 1)
	want := fmt.Sprintf("PROBLEM [chain] entry %d: prev link for %s is 100/", bad, lot)
	out, _, err = runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state", "-lot", code)
	wantFailure(t, out, err, want, "FAILED: 1 problem(s)")
	out, _, err = runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, want, "FAILED: 1 problem(s)")
}

// TestRuleViolations: entries that decode but break a domain rule, or do
// not decode at all, are each reported with their index.
func TestRuleViolations(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 50, nil)
	dup, err := ledger.NewEntry(ledger.TypeItemAdded, sqlite.PlatformActor, []string{"item:t-000007"},
		&ledger.ItemAdded{Item: ledger.Item{ID: "t-000007", NameEN: "Again", NameZH: "再次", Unit: "pcs"}})
	if err != nil {
		t.Fatal(err)
	}
	at := forge(t, l.store, dup, nil)
	v2 := forgeRaw(t, l.store, []byte(`{"v":2,"type":"item.added"}`), []string{"item:x"})
	addItems(t, l.store, "u", 1)
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err,
		fmt.Sprintf(`PROBLEM [rule] entry %d: item.added: item "t-000007" is added twice`, at),
		fmt.Sprintf(`PROBLEM [entry] entry %d: does not decode: unknown entry format version 2`, v2),
		"FAILED: 2 problem(s)")
}

// TestStateFile: the default state file lives in the user cache directory,
// and a state file whose checkpoint is not of this log stops the run.
func TestStateFile(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 10, nil)
	cache := t.TempDir()
	getenv := func(k string) string { return map[string]string{"XDG_CACHE_HOME": cache}[k] }
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-url", l.srv.URL, "-key", l.vkey}, getenv, &out, io.Discard); err != nil {
		t.Fatalf("%v\n%s", err, &out)
	}
	path := filepath.Join(cache, "aidtrail-verify", testOrigin+".json")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no state file at %s: %v", path, err)
	}
	other := newTestLog(t, newKey(t, testOrigin), "t", 10, nil)
	out2, _, err := runVerify(t, "-url", other.srv.URL, "-key", other.vkey, "-state", path)
	wantFailure(t, out2, err, "PROBLEM [state]: state file "+path+": its checkpoint is not one of this log")
}

// TestJSONProblems: problems carry their kind and entry index for machines.
func TestJSONProblems(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 20, tamper("/tile/0/000.p/20", func(b []byte) []byte {
		b[3*tlog.HashSize+7] ^= 0x80
		return b
	}))
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state", "-json")
	if !errors.Is(err, errFailed) {
		t.Fatalf("run = %v, want a failure", err)
	}
	var rep report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.OK || len(rep.Problems) != 1 || rep.Problems[0].Kind != kindTile || rep.Problems[0].Index == nil || *rep.Problems[0].Index != 3 {
		t.Errorf("report = %+v", rep)
	}
}

// memSource serves a log from memory, for fuzzing what a hostile server
// may send.
type memSource map[string][]byte

func (m memSource) get(p string) ([]byte, error) {
	if b, ok := m[p]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("%s: %w", p, os.ErrNotExist)
}

func (m memSource) ReadCheckpoint(context.Context) ([]byte, error) {
	return m.get(layout.CheckpointPath)
}

func (m memSource) ReadTile(_ context.Context, l, i uint64, p uint8) ([]byte, error) {
	return m.get(layout.TilePath(l, i, p))
}

func (m memSource) ReadEntryBundle(_ context.Context, i uint64, p uint8) ([]byte, error) {
	return m.get(layout.EntriesPath(i, p))
}

// FuzzVerify: whatever a server sends as an entry bundle or hash tile, the
// verifier does not panic, and it passes only if the entries it used are
// the signed ones and the tile is the true one.
func FuzzVerify(f *testing.F) {
	// Read the real log through the store, then stop it: no goroutine may
	// run beside the fuzzed function.
	key := newKey(f, testOrigin)
	st := openStore(f, key, slog.New(slog.DiscardHandler))
	addItems(f, st, "t", 5)
	ctx := context.Background()
	bundle, err := st.ReadEntryBundle(ctx, 0, 5)
	if err != nil {
		f.Fatal(err)
	}
	tile, err := st.ReadTile(ctx, 0, 0, 5)
	if err != nil {
		f.Fatal(err)
	}
	checkpoint := st.Latest().Note
	st.Close()
	f.Add(bundle, tile)
	f.Add(bundle[:len(bundle)-1], tile)
	f.Add(append(bytes.Clone(bundle), 0, 2, '{', '}'), tile[:64])
	v, err := parseKey(key.VKey)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b, tl []byte) {
		s := memSource{layout.CheckpointPath: checkpoint, layout.EntriesPath(0, 5): b, layout.TilePath(0, 0, 5): tl}
		rep := verify(context.Background(), config{verifier: v, workers: 1}, s, io.Discard)
		if rep.OK && (!bytes.HasPrefix(b, bundle) || !bytes.Equal(tl, tile)) {
			t.Errorf("verified a forged bundle %q or tile %x", b, tl)
		}
	})
}

// TestConservationBreak: a server that signs a split taking more from a lot
// than it holds is caught by the replay, with the entry's index, though
// every hash, signature and chain is right.
func TestConservationBreak(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 10, nil)
	org := ledger.Actor{Org: 5, User: 9}
	lot, pledge := ledger.NewCode(), ledger.NewCode()
	entry := func(typ string, body ledger.Body, codes ...string) *ledger.Entry {
		var subjects []string
		for _, c := range codes {
			subjects = append(subjects, ledger.Subject(ledger.SubjectLot, c))
		}
		if typ == ledger.TypeLotReceived {
			subjects = append(subjects, ledger.Subject(ledger.SubjectPledge, pledge))
		}
		e, err := ledger.NewEntry(typ, org, subjects, body)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	// A verified warehouse (organisation 5) that the pledge is delivered to.
	reg, err := ledger.NewEntry(ledger.TypeOrgRegistered, org, []string{ledger.Subject(ledger.SubjectOrg, org.Org)},
		&ledger.OrgRegistered{Org: org.Org, Kind: ledger.OrgWarehouse, Name: "Warehouse", RegistrationNo: "W-1"})
	if err != nil {
		t.Fatal(err)
	}
	forge(t, l.store, reg, nil)
	approved, err := ledger.NewEntry(ledger.TypeReviewDecided, ledger.Actor{Org: ledger.PlatformOrgID, User: 2}, []string{ledger.Subject(ledger.SubjectOrg, org.Org)},
		&ledger.ReviewDecided{Subject: ledger.Subject(ledger.SubjectOrg, org.Org), Stage: 1, Decision: ledger.Approve})
	if err != nil {
		t.Fatal(err)
	}
	forge(t, l.store, approved, nil)
	made, err := ledger.NewEntry(ledger.TypePledgeMade, ledger.PledgeActor, []string{ledger.Subject(ledger.SubjectPledge, pledge)},
		&ledger.PledgeMade{Pledge: pledge, Donor: "d-0123456789ab", DeliverTo: org.Org, Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff, Due: time.Now().UTC().AddDate(0, 0, 3).Format(ledger.DateFormat),
			SecretSHA256: strings.Repeat("ab", 32), Lines: []ledger.PledgeLine{{Item: "t-000001", Quantity: 100, Unit: "pcs"}}})
	if err != nil {
		t.Fatal(err)
	}
	forge(t, l.store, made, nil)
	forge(t, l.store, entry(ledger.TypeLotReceived, &ledger.LotReceived{Pledge: pledge, Lots: []ledger.NewLot{
		{Code: lot, Item: "t-000001", Quantity: 100, Unit: "pcs", Condition: ledger.ConditionGood}}}, lot), nil)
	a := ledger.NewCode()
	forge(t, l.store, entry(ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: a, Quantity: 30}}}, lot, a), nil)
	b, c := ledger.NewCode(), ledger.NewCode()
	over := forge(t, l.store, entry(ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: b, Quantity: 60}, {Code: c, Quantity: 50}}}, lot, b, c), nil)
	addItems(t, l.store, "z", 1)
	// The forged entries never reached the store's rows, which the /data/
	// tables are read from since 067d7dd, so the exports leave out their
	// lots and pledge (more problems, rightly): this test is about the rule.
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state", "-exports=false")
	wantFailure(t, out, err,
		fmt.Sprintf("PROBLEM [rule] entry %d: lot.split: lot %s holds only 70 pcs here, not 110", over, ledger.FormatCode(lot)),
		"FAILED: 1 problem(s)")
}

// TestLogGrowsDuringRun: a live log that grows after its checkpoint was
// read still serves the partial tiles of that checkpoint (as prefixes of the
// full ones), so the verifier passes on the size it read.
func TestLogGrowsDuringRun(t *testing.T) {
	var l *testLog
	var once sync.Once
	l = newTestLog(t, newKey(t, testOrigin), "t", 300, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r)
			if r.URL.Path == "/checkpoint" {
				once.Do(func() { addItems(t, l.store, "g", 300) })
			}
		})
	})
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	if err != nil || !strings.Contains(out, "size 300,") {
		t.Fatalf("a growing log: %v", err)
	}
	if l.store.Latest().Size != 600 {
		t.Fatalf("the log did not grow during the run")
	}
	partial, full := getBody(t, l.srv.URL+"/tile/0/001.p/44"), getBody(t, l.srv.URL+"/tile/0/001")
	if len(partial) != 44*32 || !bytes.HasPrefix(full, partial) {
		t.Errorf("the partial tile of the old size is %d bytes, not the first 44 hashes of the full tile", len(partial))
	}
}

// getBody fetches url and fails the test unless it answers 200.
func getBody(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return b
}

func TestEmptyLogPasses(t *testing.T) {
	l := newTestLog(t, newKey(t, testOrigin), "t", 0, nil)
	if out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state"); err != nil || !strings.Contains(out, "size 0,") {
		t.Errorf("the empty log: %v", err)
	}
}
