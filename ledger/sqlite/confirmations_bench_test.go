package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
)

// BenchmarkConfirmations measures the work people create: 64 concurrent
// actors running whole custody cycles (simulate's) on a log of 10,000,
// 100,000 (and, with AIDTRAIL_BENCH_1M=1, 1,000,000) entries. One op is one
// entry (run with -benchtime=20000x or so: a cycle is about ten). Beside it,
// in the same run, the baseline: the same writer doing the same lot rows'
// reads and writes for 64 goroutines, without the ledger.
func BenchmarkConfirmations(b *testing.B) {
	ctx := context.Background()
	for _, size := range simulate.BenchSizes() {
		b.Run(fmt.Sprintf("entries=%d", size), func(b *testing.B) {
			s := simulate.Store(b, size)
			cast, err := simulate.Members(ctx, s)
			if err != nil {
				b.Fatal(err)
			}
			var codes []string
			rows, err := s.DB().Query(`SELECT code FROM lots WHERE rowid % 97 = 0 LIMIT 2000`)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				var c string
				rows.Scan(&c)
				codes = append(codes, c)
			}
			rows.Close()
			b.ResetTimer()
			cpu0, t0 := cpuTime(), time.Now()
			st, err := simulate.Run(ctx, s, simulate.Options{Entries: s.Latest().Size + int64(b.N), Actors: 64, Seed: uint64(b.N), Members: cast, From: time.Now().Add(-time.Hour)})
			wall, cpu := time.Since(t0), cpuTime()-cpu0
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			var left atomic.Int64
			left.Store(st.Added)
			var wg sync.WaitGroup
			bcpu0, bt0 := cpuTime(), time.Now()
			for range 64 {
				wg.Go(func() {
					for left.Add(-1) >= 0 {
						if err := s.WriteRowsWithoutLedger(ctx, codes[rand.IntN(len(codes))]); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			bwall, bcpu := time.Since(bt0), cpuTime()-bcpu0
			n := float64(st.Added)
			b.ReportMetric(n/wall.Seconds(), "entries/s")
			b.ReportMetric(float64(cpu.Microseconds())/n, "cpu-µs/entry")
			b.ReportMetric(n/bwall.Seconds(), "baseline-rows/s")
			b.ReportMetric(float64(bcpu.Microseconds())/n, "baseline-cpu-µs/row")
			b.ReportMetric(float64(cpu)/float64(bcpu), "x-baseline-cpu")
		})
	}
}

// cpuTime is the CPU time (user and system) this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
