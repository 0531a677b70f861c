package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A server that answers 503 with Retry-After while it checks its data is
// asked again after the time it gives; without Retry-After, or once the
// waits would pass maxUnavailable, the 503 stands.
func TestWaitUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name       string
		busy       int    // 503s before the tile
		retryAfter string // their Retry-After
		wantWaits  []time.Duration
		wantStatus string // "" for the tile
	}{
		{"checking", 2, "2", []time.Duration{2 * time.Second, 2 * time.Second}, ""},
		{"long wait capped", 1, "3600", []time.Duration{maxRetryAfter}, ""},
		{"no Retry-After", 1, "", nil, "503"},
		{"never ready", 1000, "10", slices.Repeat([]time.Duration{maxRetryAfter}, int(maxUnavailable/maxRetryAfter)), "503"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if asked.Add(1) <= int64(tc.busy) {
					if tc.retryAfter != "" {
						w.Header().Set("Retry-After", tc.retryAfter)
					}
					http.Error(w, "the server is checking its data", http.StatusServiceUnavailable)
					return
				}
				w.Write([]byte("tile"))
			}))
			defer srv.Close()
			var said bytes.Buffer
			var waits []time.Duration
			rt := newWaitUnavailable(http.DefaultTransport, &said)
			rt.sleep = func(_ *http.Request, d time.Duration) error { waits = append(waits, d); return nil }
			u, _ := url.Parse(srv.URL)
			src, err := newHTTPSource(u, &http.Client{Transport: rt})
			if err != nil {
				t.Fatal(err)
			}
			b, err := src.ReadTile(t.Context(), 0, 0, 4)
			if tc.wantStatus == "" {
				if err != nil || string(b) != "tile" {
					t.Fatalf("ReadTile = %q, %v; want the tile", b, err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tc.wantStatus) {
				t.Fatalf("ReadTile = %q, %v; want %s", b, err, tc.wantStatus)
			}
			if !slices.Equal(waits, tc.wantWaits) {
				t.Errorf("waited %v, want %v", waits, tc.wantWaits)
			}
			if n := strings.Count(said.String(), "asking again in"); n != len(tc.wantWaits) {
				t.Errorf("said %d waits, want %d:\n%s", n, len(tc.wantWaits), said.String())
			}
		})
	}
}

// A request with a body is never sent twice.
func TestWaitUnavailableSendsABodyOnce(t *testing.T) {
	var asked atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		w.Header().Set("Retry-After", "1")
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	rt := newWaitUnavailable(http.DefaultTransport, io.Discard)
	rt.sleep = func(*http.Request, time.Duration) error { return nil }
	res, err := (&http.Client{Transport: rt}).Post(srv.URL, "text/plain", strings.NewReader("a body"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || asked.Load() != 1 {
		t.Errorf("a POST: %s after %d requests, want the 503 after one", res.Status, asked.Load())
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"2":                             2 * time.Second,
		"0":                             time.Second,
		"86400":                         maxRetryAfter,
		"Sun, 06 Dec 2026 12:00:05 GMT": 5 * time.Second,
		"Sun, 06 Dec 2026 11:00:00 GMT": time.Second,
	} {
		if got, ok := retryAfter(v, now); !ok || got != want {
			t.Errorf("retryAfter(%q) = %v, %v; want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "soon", "-"} {
		if _, ok := retryAfter(v, now); ok {
			t.Errorf("retryAfter(%q) accepted", v)
		}
	}
}
