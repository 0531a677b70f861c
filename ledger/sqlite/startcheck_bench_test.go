package sqlite_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
)

// BenchmarkQuickCheck measures the start-up's PRAGMA quick_check (run
// after a crash, a restore or a change to the file; skipped after a clean
// close) on the simulated log of each size: CPU per check and the pages it
// reads.
func BenchmarkQuickCheck(b *testing.B) {
	for _, size := range simulate.BenchSizes() {
		b.Run(fmt.Sprintf("entries=%d", size), func(b *testing.B) {
			dir := simulate.Copy(b, size)
			db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "aidtrail.db")+"?mode=ro")
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			var pages int64
			if err := db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
				b.Fatal(err)
			}
			cpu0 := cpuTime()
			for b.Loop() {
				var res string
				if err := db.QueryRow(`PRAGMA quick_check`).Scan(&res); err != nil || res != "ok" {
					b.Fatalf("quick_check: %q, %v", res, err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/check")
			b.ReportMetric(float64(pages), "pages")
		})
	}
}
