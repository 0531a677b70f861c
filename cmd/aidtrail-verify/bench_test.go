package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
)

// BenchmarkVerify100k measures a full verification (all bundles and tiles
// over HTTP, tree recomputed, every entry decoded, chained and replayed)
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
	src, err := newHTTPSource(srv.URL, time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	cfg := config{verifier: v, source: srv.URL, workers: 8}
	for b.Loop() {
		rep := verify(context.Background(), cfg, src, io.Discard)
		if !rep.OK || rep.Entries != int64(n) {
			b.Fatalf("verification failed: %+v", rep.Problems)
		}
	}
	perEntry := b.Elapsed().Seconds() / float64(b.N) / float64(n)
	b.ReportMetric(perEntry*100_000, "s/100k-entries")
}
