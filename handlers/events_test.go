package handlers_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// openEvents subscribes to /events and returns its lines.
func openEvents(t *testing.T, srv *httptest.Server) (*http.Response, <-chan string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events", nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return resp, lines
}

// waitFor reads lines until one equals want, failing after a few seconds.
func waitFor(t *testing.T, lines <-chan string, want string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stream ended before %q", want)
			}
			if l == want {
				return
			}
		case <-deadline:
			t.Fatalf("no %q within 5s", want)
		}
	}
}

func TestEventsAnnounceNewEntries(t *testing.T) {
	s := sqlitetest.Open(t)
	done := make(chan struct{})
	srv := httptest.NewServer(handlers.New(handlers.Config{Store: s, Logger: sqlitetest.Logger(t), Done: done, MaxEventClients: 1}))
	t.Cleanup(srv.Close)
	resp, lines := openEvents(t, srv)
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	waitFor(t, lines, fmt.Sprintf(": size %d", s.Latest().Size))
	// A second listener is over the bound.
	if r, _ := get(t, srv, "/events"); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("second listener: status %d, want 429", r.StatusCode)
	}
	it := ledger.Item{ID: "body-bag", NameEN: "Body bag", NameZH: "尸袋", Unit: "pcs"}
	if err := s.AddItem(context.Background(), sqlite.PlatformActor, it); err != nil {
		t.Fatal(err)
	}
	waitFor(t, lines, "event: entries")
	waitFor(t, lines, fmt.Sprintf("data: %d", s.Latest().Size))
	// Shutdown ends the stream, and frees its slot.
	close(done)
	for range lines {
	}
	time.Sleep(10 * time.Millisecond)
	if _, lines := openEvents(t, srv); lines == nil {
		t.Fatal("no stream after shutdown")
	} else if l, ok := <-lines; ok && !strings.HasPrefix(l, "retry") {
		t.Errorf("after shutdown: %q", l)
	}
}
