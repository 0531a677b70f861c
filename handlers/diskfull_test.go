package handlers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestDiskFull runs the server on a small tmpfs of its own (root only) and
// fills it: a confirmation that cannot be stored answers 503 "not saved —
// please try again later" in the reader's language, the operator's log names
// the cause once however many fail, nothing of a refused write is stored,
// and once space is freed writes succeed again without a restart, under a
// checkpoint that extends the one published before.
func TestDiskFull(t *testing.T) {
	dir := smallFilesystem(t, "8m")
	ctx := context.Background()
	key, err := ledger.LoadOrCreateLogKey(filepath.Join(dir, "log.key"), sqlitetest.Origin)
	if err != nil {
		t.Fatal(err)
	}
	var logBuf syncBuffer
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(&logBuf, tWriter{t}), nil))
	s, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(dir, "aidtrail.db"), Key: key, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SeedCatalogue(ctx); err != nil {
		t.Fatal(err)
	}
	ts := newServerOn(t, s)
	auditor := ts.as(sqlitetest.Auditor(t, s))
	before := s.Latest()

	filler := filepath.Join(dir, "filler")
	fill(t, filler)
	var refused []string
	var added int
	for i := 0; len(refused) < 3 && i < 5000; i++ {
		id := fmt.Sprintf("diskfull-%d", i)
		lang := []string{"", "zh-CN"}[len(refused)%2]
		status, body := postRaw(t, auditor, lang, "/catalogue", url.Values{"id": {id}, "name_en": {"Gown " + id}, "name_zh": {"隔离衣"}, "unit": {"pcs"}, "nonce": {ledger.NewFormKey()}})
		switch status {
		case http.StatusSeeOther:
			added++
		case http.StatusServiceUnavailable:
			want := map[string]string{"": "not saved — please try again later", "zh-CN": "未保存——请稍后再试"}[lang]
			if !strings.Contains(body, want) {
				t.Errorf("refused write (%q): the page does not say %q:\n%s", lang, want, body)
			}
			refused = append(refused, id)
		default:
			t.Fatalf("POST /catalogue on a full disk: %d\n%s", status, body)
		}
	}
	if len(refused) < 3 {
		t.Fatalf("no write was refused after %d on a full disk", added)
	}
	t.Logf("%d writes stored, then %d refused on the full disk", added, len(refused))
	// The cause is logged once an outage, not once a refused write: a
	// commit may still fit in the WAL's old frames (a checkpoint let it
	// start over), which ends one outage and a later write starts another.
	if outages, ok := storageOutages(logBuf.String()); outages == 0 || !ok || !strings.Contains(logBuf.String(), "full") {
		t.Errorf("the log names the cause %d times, not once an outage (%v), naming the full disk:\n%s", outages, ok, logBuf.String())
	}

	// Space is back: the next write is stored, no restart.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if status, body := postRaw(t, auditor, "", "/catalogue", url.Values{"id": {"after-space"}, "name_en": {"Gown after"}, "name_zh": {"隔离衣"}, "unit": {"pcs"}, "nonce": {ledger.NewFormKey()}}); status != http.StatusSeeOther {
		t.Fatalf("after freeing space: %d\n%s", status, body)
	}
	// The writer logs it after answering: wait for it a little.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logBuf.String(), "writing the database again"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Error("the log does not say writes work again")
			break
		}
	}
	items, err := s.Items(ctx)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, it := range items {
		have[it.ID] = true
	}
	for _, id := range refused {
		if have[id] {
			t.Errorf("refused item %s was stored", id)
		}
	}
	if !have["after-space"] {
		t.Error("the write after freeing space is missing")
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatalf("the log does not verify after the full disk: %v", err)
	}
	var entries int64
	if err := s.DB().QueryRow(`SELECT count(*) FROM entries`).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	// A checkpoint follows the entries within the interval and a sync,
	// and the one the full disk kept from being published is retried.
	latest := s.Latest()
	for deadline := time.Now().Add(5 * time.Second); latest.Size != entries && time.Now().Before(deadline); latest = s.Latest() {
		time.Sleep(10 * time.Millisecond)
	}
	if latest.Size != entries || latest.Size < before.Size {
		t.Errorf("serving size %d, %d entries stored", latest.Size, entries)
	}
	if err := s.CheckExtends(ctx, before.Size, before.Root); err != nil {
		t.Error(err)
	}
	kept, err := os.ReadFile(filepath.Join(dir, checkpointfile.Published))
	if err != nil || !bytes.Equal(kept, latest.Note) {
		t.Errorf("the published checkpoint file does not hold the served checkpoint: %v", err)
	}
}

// smallFilesystem mounts a tmpfs of the given size for the test and
// returns its path; it skips unless the test runs as root (as CI does).
func smallFilesystem(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small filesystem needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes path until the filesystem is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	for size := len(chunk) / 2; size >= 512; size /= 2 {
		f.Write(chunk[:size])
	}
}

// postRaw posts a form as c would, in lang, and returns the status and
// body even for a 5xx.
func postRaw(t *testing.T, c *client, lang, path string, form url.Values) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") == "" {
		t.Errorf("POST %s: 503 without Retry-After: a client cannot tell when to try again", path)
	}
	return res.StatusCode, string(body)
}

// syncBuffer is a bytes.Buffer safe for the logger's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) { w.t.Logf("%s", p); return len(p), nil }

// storageOutages counts the store's "cannot write the database" lines and
// reports whether each one after the first follows a "writing the database
// again" line, i.e. whether the cause is logged once an outage.
func storageOutages(log string) (outages int, once bool) {
	once, failing := true, false
	for _, line := range strings.Split(log, "\n") {
		switch {
		case strings.Contains(line, "cannot write the database"):
			outages++
			if failing {
				once = false
			}
			failing = true
		case strings.Contains(line, "writing the database again"):
			failing = false
		}
	}
	return outages, once
}
