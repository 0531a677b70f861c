package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// TestServeRefusesAnotherLog: once a data directory holds a log, the server
// starts on it again only with the same origin and the same key; a
// different -origin, -base-url or AIDTRAIL_ORIGIN, a replaced or a lost key
// file is refused before listening, with a message saying what differs; a
// lost key is not replaced by a new one.
func TestServeRefusesAnotherLog(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "log.key")
	out, err := serveOnce(t, noEnv, "-data", dir, "-origin", "aidtrail.test/log")
	if err != nil {
		t.Fatal(err)
	}
	vkey := regexp.MustCompile(`verifier key: (\S+)`).FindStringSubmatch(out)
	if vkey == nil || !strings.HasPrefix(vkey[1], "aidtrail.test/log+") {
		t.Fatalf("no verifier key for aidtrail.test/log printed:\n%s", out)
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("log key file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	if out, err := serveOnce(t, noEnv, "-data", dir, "-origin", "aidtrail.test/log"); err != nil || !strings.Contains(out, vkey[1]) {
		t.Fatalf("restart with the same origin and key: %v\n%s", err, out)
	}
	original, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}

	otherOrigin := func(k string) string {
		if k == "AIDTRAIL_ORIGIN" {
			return "elsewhere.test"
		}
		return ""
	}
	for _, tc := range []struct {
		name   string
		getenv func(string) string
		args   []string
		setup  func(t *testing.T)
		want   []string
	}{
		{"other -origin", noEnv, []string{"-origin", "elsewhere.test"}, nil,
			[]string{`made for origin "aidtrail.test/log", not "elsewhere.test"`}},
		{"origin from another -base-url", noEnv, []string{"-base-url", "https://elsewhere.test"}, nil,
			[]string{`made for origin "aidtrail.test/log", not "elsewhere.test"`}},
		{"other AIDTRAIL_ORIGIN", otherOrigin, nil, nil,
			[]string{`made for origin "aidtrail.test/log", not "elsewhere.test"`}},
		{"replaced key", noEnv, []string{"-origin", "aidtrail.test/log"}, func(t *testing.T) {
			skey, _, err := note.GenerateKey(rand.Reader, "aidtrail.test/log")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(keyFile, []byte(skey+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, []string{"belongs to another log", "vkey is " + `"` + vkey[1] + `"`}},
		{"lost key", noEnv, []string{"-origin", "aidtrail.test/log"}, func(t *testing.T) {
			if err := os.Remove(keyFile); err != nil {
				t.Fatal(err)
			}
		}, []string{"refusing to start", "log key", "is missing", "restore log.key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup(t)
			}
			out, err := serveOnce(t, tc.getenv, append([]string{"-data", dir}, tc.args...)...)
			if err == nil {
				t.Fatalf("started:\n%s", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(out, "serving") {
				t.Errorf("refused only after listening:\n%s", out)
			}
			if tc.name == "lost key" {
				if _, err := os.Stat(keyFile); err == nil {
					t.Error("a new key file was written for a data directory that holds a log")
				}
			}
			if err := os.WriteFile(keyFile, original, 0o600); err != nil {
				t.Fatal(err)
			}
		})
	}
	if _, err := serveOnce(t, noEnv, "-data", dir, "-origin", "aidtrail.test/log"); err != nil {
		t.Fatalf("with its own key and origin back the log no longer starts: %v", err)
	}
}

// serveOnce runs `aidtrail serve` on a free port until it has printed its
// verifier key, then stops it as SIGINT would. It returns what serve
// printed and its error; a refusal returns before listening.
func serveOnce(t *testing.T, getenv func(string) string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &readyWriter{ready: make(chan struct{}), marker: "verifier key:"}
	var stderr bytes.Buffer
	defer func() { t.Logf("serve %q stderr:\n%s", args, stderr.String()) }()
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...), getenv, strings.NewReader(""), out, &stderr)
	}()
	select {
	case err := <-errc:
		return out.String(), err
	case <-out.ready:
	case <-time.After(30 * time.Second):
		t.Fatal("serve neither started nor failed")
	}
	cancel()
	select {
	case err := <-errc:
		return out.String(), err
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	return "", nil
}

// readyWriter collects output and closes ready once marker was written.
type readyWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	marker string
	ready  chan struct{}
	closed bool
}

func (w *readyWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.closed && strings.Contains(w.buf.String(), w.marker) {
		w.closed = true
		close(w.ready)
	}
	return len(p), nil
}

func (w *readyWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
