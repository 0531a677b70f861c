package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// BenchmarkAppend measures durable appends (a real file, WAL,
// synchronous=FULL): each op is one catalogue item, its row and its ledger
// entry in one write, acknowledged after its commit. With 64 writers the
// writes share commits (group commit). After the timed run the same rows
// are inserted through the same writer without the ledger (the baseline),
// and the ratio shows what verifiability costs.
func BenchmarkAppend(b *testing.B) {
	for _, writers := range []int{1, 64} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			ctx := context.Background()
			s := openTestStore(b, "", testKey(b, testOrigin))
			// The baseline's rows point at this entry: items.entry is required.
			if err := s.AddItem(ctx, PlatformActor, testItem("anchor", 0)); err != nil {
				b.Fatal(err)
			}
			var next atomic.Int64
			withLedger := func() error {
				return s.AddItem(ctx, PlatformActor, testItem("bench", int(next.Add(1))))
			}
			withoutLedger := func() error {
				it := testItem("base", int(next.Add(1)))
				return s.write(ctx, func(tx *Tx) error {
					_, err := tx.ExecContext(tx.ctx, `INSERT INTO items (id, name_en, name_zh, unit, standard, category, entry) VALUES (?, ?, ?, ?, ?, ?, ?)`,
						it.ID, it.NameEN, it.NameZH, it.Unit, it.Standard, it.Category, 0)
					return err
				})
			}
			b.ResetTimer()
			ledgerTime, ledgerCPU := runWriters(b, writers, b.N, withLedger)
			b.StopTimer()
			baseTime, baseCPU := runWriters(b, writers, b.N, withoutLedger)
			b.ReportMetric(float64(b.N)/ledgerTime.Seconds(), "entries/s")
			b.ReportMetric(float64(b.N)/baseTime.Seconds(), "baseline-rows/s")
			b.ReportMetric(ledgerTime.Seconds()/baseTime.Seconds(), "x-baseline-time")
			b.ReportMetric(float64(ledgerCPU.Microseconds())/float64(b.N), "cpu-µs/entry")
			b.ReportMetric(float64(baseCPU.Microseconds())/float64(b.N), "baseline-cpu-µs/row")
		})
	}
}

// runWriters runs n writes from the given number of goroutines and returns
// how long they took and the process's CPU time meanwhile (a fairer figure
// than the wall time on a shared machine).
func runWriters(b *testing.B, writers, n int, write func() error) (wall, cpu time.Duration) {
	var left atomic.Int64
	left.Store(int64(n))
	var wg sync.WaitGroup
	cpu0 := cpuTime()
	start := time.Now()
	for range writers {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				if err := write(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start), cpuTime() - cpu0
}

// cpuTime is the CPU time (user and system) this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchLogSize is the log the proof and verification benchmarks work on;
// Verify is reported per million entries from it.
const benchLogSize = 100_000

// BenchmarkLog builds a log of benchLogSize entries (1,000 subjects with
// their chains) once, then measures inclusion proof generation and a full
// Verify on it.
func BenchmarkLog(b *testing.B) {
	ctx := context.Background()
	s := openTestStore(b, "", testKey(b, testOrigin))
	start := time.Now()
	for done := 0; done < benchLogSize; done += 1000 {
		if err := s.write(ctx, func(tx *Tx) error {
			for i := range 1000 {
				n := done + i
				if _, err := tx.AppendNew(typeTestNote, ledger.Actor{Org: 1}, []string{ledger.Subject("lot", n%1000)}, &testNote{N: n}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("built a log of %d entries in %v", benchLogSize, time.Since(start))
	size := s.Latest().Size

	b.Run("InclusionProof", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.InclusionProof(ctx, rand.Int64N(size), size); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Verify", func(b *testing.B) {
		start, cpu0 := time.Now(), cpuTime()
		for b.Loop() {
			if err := s.Verify(ctx); err != nil {
				b.Fatal(err)
			}
		}
		per := time.Since(start).Seconds() / float64(b.N)
		b.ReportMetric(per*1e6/float64(size), "s/Mentries")
		b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N)*1e6/float64(size), "cpu-s/Mentries")
	})
}
