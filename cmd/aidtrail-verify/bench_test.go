package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
)

// BenchmarkVerify measures a full verification of a simulated relief
// operation (simulate.BenchSizes: 10,000 and 100,000 entries, 1,000,000
// with AIDTRAIL_BENCH_1M=1) against the real server in process over HTTP:
// log: every bundle and tile, the tree recomputed, every entry decoded,
// chained, its signatures checked and replayed through the rules;
// exports: the same and the /data/ exports compared. Verifier and server
// share the process, so its CPU is theirs together; per 100,000 entries
// too. The verifier's GC setting is the command's (tuneGC).
func BenchmarkVerify(b *testing.B) {
	tuneGC(os.Getenv)
	for _, size := range simulate.BenchSizes() {
		b.Run(fmt.Sprintf("entries=%d", size), func(b *testing.B) {
			st := simulate.Store(b, size)
			srv := httptest.NewServer(handlers.New(handlers.Config{Store: st, Logger: slog.New(slog.DiscardHandler)}))
			defer srv.Close()
			v, err := parseKey(st.VerifierKey())
			if err != nil {
				b.Fatal(err)
			}
			u, err := url.Parse(srv.URL)
			if err != nil {
				b.Fatal(err)
			}
			src, err := newHTTPSource(u, http.DefaultClient)
			if err != nil {
				b.Fatal(err)
			}
			want := st.Latest().Size
			for _, name := range []string{"log", "exports"} {
				b.Run(name, func(b *testing.B) {
					cfg := config{verifier: v, source: srv.URL, workers: 8}
					if name == "exports" {
						cfg.exports = &exports{base: u, client: http.DefaultClient}
					}
					cpu0 := cpuTime(b)
					for b.Loop() {
						rep := verify(context.Background(), cfg, src, io.Discard)
						if !rep.OK || rep.Entries != want {
							b.Fatalf("verification of %d entries failed (%d read): %+v", want, rep.Entries, rep.Problems)
						}
					}
					cpu := (cpuTime(b) - cpu0).Seconds() / float64(b.N)
					b.ReportMetric(cpu, "cpu-s/op")
					per100k := func(s float64) float64 { return s / float64(want) * 100_000 }
					b.ReportMetric(per100k(b.Elapsed().Seconds()/float64(b.N)), "s/100k-entries")
					b.ReportMetric(per100k(cpu), "cpu-s/100k-entries")
				})
			}
		})
	}
}

// cpuTime is the CPU time this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
