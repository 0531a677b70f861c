package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
)

// BenchmarkConfirmations measures the work people create: 64 concurrent
// actors running whole custody cycles (simulate's) on a log of 10,000,
// 100,000 (and, with AIDTRAIL_BENCH_1M=1, 1,000,000) entries. One op is one
// entry (run with -benchtime=20000x or so: a cycle is about ten). Beside it,
// in the same run, the baseline: for each entry the run added, the domain
// rows its write read and wrote (lots, shipments and their lines, pledges,
// needs), read and written again by 64 goroutines through the same writer
// and group commit, without the ledger (WriteRowsWithoutLedger).
func BenchmarkConfirmations(b *testing.B) {
	ctx := context.Background()
	for _, size := range simulate.BenchSizes() {
		b.Run(fmt.Sprintf("entries=%d", size), func(b *testing.B) {
			s := simulate.Store(b, size)
			cast, err := simulate.Members(ctx, s)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			cpu0, io0, t0 := cpuTime(), readIO(), time.Now()
			st, err := simulate.Run(ctx, s, simulate.Options{Entries: s.Latest().Size + int64(b.N), Actors: 64, Seed: uint64(b.N), Members: cast, From: time.Now().Add(-time.Hour)})
			wall, cpu, io := time.Since(t0), cpuTime()-cpu0, readIO().sub(io0)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			// The baseline writes, for each entry the run added, the
			// domain rows its write wrote (WriteRowsWithoutLedger).
			subjects, err := entrySubjects(s, st.Size-st.Added, st.Size)
			if err != nil {
				b.Fatal(err)
			}
			var next atomic.Int64
			var wg sync.WaitGroup
			bcpu0, bt0 := cpuTime(), time.Now()
			for range 64 {
				wg.Go(func() {
					for i := next.Add(1) - 1; i < int64(len(subjects)); i = next.Add(1) - 1 {
						if err := s.WriteRowsWithoutLedger(ctx, subjects[i]); err != nil {
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
			io.report(b, n)
			b.ReportMetric(n/bwall.Seconds(), "baseline-rows/s")
			b.ReportMetric(float64(bcpu.Microseconds())/n, "baseline-cpu-µs/row")
			b.ReportMetric(float64(cpu)/float64(bcpu), "x-baseline-cpu")
		})
	}
}

// entrySubjects lists the subjects of entries [from, to), by entry, as
// the entries name them (entry_subjects has no index by entry).
func entrySubjects(s *sqlite.Store, from, to int64) ([][]string, error) {
	out := make([][]string, to-from)
	rows, err := s.DB().Query(`SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var idx int64
		var data []byte
		if err := rows.Scan(&idx, &data); err != nil {
			return nil, err
		}
		e, err := ledger.Decode(data)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", idx, err)
		}
		out[idx-from] = e.Subjects
	}
	return out, rows.Err()
}

// cpuTime is the CPU time (user and system) this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ioCounts are the read and write system calls this process has made and
// the bytes it has written (/proc/self/io: page reads that missed
// SQLite's cache, WAL frames, checkpoint copies). Unlike CPU time they do
// not grow with the machine's load, so runs at different loads compare.
type ioCounts struct{ reads, writes, written int64 }

func readIO() ioCounts {
	var c ioCounts
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return c // not Linux: the metrics read 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		name, v, _ := strings.Cut(line, ": ")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch name {
		case "syscr":
			c.reads = n
		case "syscw":
			c.writes = n
		case "wchar":
			c.written = n
		}
	}
	return c
}

func (c ioCounts) sub(d ioCounts) ioCounts {
	return ioCounts{c.reads - d.reads, c.writes - d.writes, c.written - d.written}
}

// report reports c per entry, over n entries.
func (c ioCounts) report(b *testing.B, n float64) {
	b.ReportMetric(float64(c.reads)/n, "reads/entry")
	b.ReportMetric(float64(c.writes)/n, "writes/entry")
	b.ReportMetric(float64(c.written)/1024/n, "written-KB/entry")
}
