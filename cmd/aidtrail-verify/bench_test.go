package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/transparency-dev/tessera/client"

	"github.com/aidtrail/aidtrail/handlers"
)

// BenchmarkVerify100k measures a full verification (all bundles and tiles
// over HTTP, tree recomputed, every entry decoded, chained and replayed,
// /data/entries.jsonl compared)
// and reports it per 100,000 entries. AIDTRAIL_BENCH_ENTRIES sets the log
// size (default 100000).
func BenchmarkVerify100k(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("AIDTRAIL_BENCH_ENTRIES")); err == nil && v > 0 {
		n = v
	}
	key := newKey(b, testOrigin)
	st := openStore(b, key, slog.New(slog.DiscardHandler))
	built := time.Now()
	addItems(b, st, "b", n)
	b.Logf("built a log of %d entries in %v", n, time.Since(built))
	srv := httptest.NewServer(handlers.New(handlers.Config{Store: st}))
	defer srv.Close()
	v, err := parseKey(key.VKey)
	if err != nil {
		b.Fatal(err)
	}
	u, err := url.Parse(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	src, err := client.NewHTTPFetcher(u, nil)
	if err != nil {
		b.Fatal(err)
	}
	cfg := config{verifier: v, source: srv.URL, workers: 8, exports: &exports{base: u, client: http.DefaultClient}}
	cpu0 := cpuTime(b)
	for b.Loop() {
		rep := verify(context.Background(), cfg, src, io.Discard)
		if !rep.OK || rep.Entries != int64(n) {
			b.Fatalf("verification failed: %+v", rep.Problems)
		}
	}
	per100k := func(d time.Duration) float64 { return d.Seconds() / float64(b.N) / float64(n) * 100_000 }
	b.ReportMetric(per100k(b.Elapsed()), "s/100k-entries")
	// CPU time (verifier and server together) is steadier than wall time
	// on a shared machine.
	b.ReportMetric(per100k(cpuTime(b)-cpu0), "cpu-s/100k-entries")
}

// cpuTime is the CPU time this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
