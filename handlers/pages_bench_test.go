package handlers_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
)

// BenchmarkPages measures each page's server CPU and size on simulated
// logs of 10,000 and 100,000 entries (1,000,000 with AIDTRAIL_BENCH_1M=1),
// in process (no network): /, a lot's and a pledge's trace, the needs
// board, a need, its pledge form, a warehouse's stock (signed in), an
// organisation, the funds page, the ledger browser (also filtered by its
// rarest item and by its first day) and one entry, each
// rendered anew (no page cache). Then 64 concurrent readers of /t/{lot}
// and /, with the process's peak RSS.
func BenchmarkPages(b *testing.B) {
	for _, size := range simulate.BenchSizes() {
		b.Run(fmt.Sprintf("entries=%d", size), func(b *testing.B) {
			s := simulate.Store(b, size)
			// Without the page cache: every request renders its page, the
			// work a page costs each time the log moves on (a cached page
			// costs the same at every size; served figures include it).
			h := handlers.New(handlers.Config{Store: s, Logger: slog.New(slog.DiscardHandler), PageCacheBytes: -1})
			one := func(q string) string {
				var v string
				if err := s.DB().QueryRow(q).Scan(&v); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
				return v
			}
			lot := one(`SELECT code FROM lots WHERE item != 'money' AND rowid >= (SELECT max(rowid) / 2 FROM lots) ORDER BY rowid LIMIT 1`)
			// One pledge of each kind, so that every size compares the
			// same page (the middle pledge was goods at 10k, money at 1M).
			pledge := one(`SELECT code FROM pledges WHERE kind = 'goods' AND id >= (SELECT max(id) / 2 FROM pledges) ORDER BY id LIMIT 1`)
			money := one(`SELECT code FROM pledges WHERE kind = 'money' AND id >= (SELECT max(id) / 2 FROM pledges) ORDER BY id LIMIT 1`)
			need := one(`SELECT id FROM needs WHERE status = 'published' ORDER BY id DESC LIMIT 1`)
			org := one(`SELECT id FROM orgs WHERE kind = 'warehouse' ORDER BY id LIMIT 1`)
			index := one(`SELECT max(idx) / 2 FROM entries`)
			// The ledger browser filtered by the item named least and by the
			// log's first day: pages found far back in the log.
			rare := one(`SELECT item FROM entry_items GROUP BY item ORDER BY count(*), item LIMIT 1`)
			first := one(`SELECT min(day) FROM entry_days`)
			cookie := signIn(b, h, simulate.Email("warehouse", 0))
			donor := signIn(b, h, simulate.Email("company", 0))
			pages := []struct{ name, path, cookie string }{
				{"home", "/", ""}, {"trace-lot", "/t/" + lot, ""}, {"trace-pledge", "/t/" + pledge, ""}, {"trace-money", "/t/" + money, ""},
				{"needs", "/needs", ""}, {"need", "/needs/" + need, ""}, {"pledge-form", "/pledge?need=" + need, donor},
				{"stock", "/stock", cookie}, {"org", "/orgs/" + org, ""}, {"funds", "/funds", ""},
				{"ledger", "/ledger", ""}, {"ledger-item", "/ledger?item=" + rare, ""}, {"ledger-date", "/ledger?from=" + first + "&to=" + first, ""},
				{"entry", "/ledger/" + index, ""}, {"item", "/items/goggles", ""},
			}
			for _, p := range pages {
				b.Run(p.name, func(b *testing.B) {
					// One untimed request first: the first of each page in
					// the process prepares its statements and fills the
					// connection's page cache, a fixed cost that would
					// weigh differently at -benchtime=3x and 20x.
					bytes := serve(b, h, p.path, p.cookie)
					cpu0 := cpuTime()
					for b.Loop() {
						bytes = serve(b, h, p.path, p.cookie)
					}
					b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N)/1000, "cpu-ms/page")
					b.ReportMetric(float64(bytes)/1024, "KB")
					if p.name == "home" && bytes > 200<<10 {
						b.Errorf("/ is %d KB at %d entries: more than 200 KB (issue 13: every page bounded)", bytes>>10, size)
					}
				})
			}
			b.Run("concurrent64", func(b *testing.B) {
				// Enough requests for a rate even at -benchtime=20x.
				n := b.N * 32
				var left atomic.Int64
				left.Store(int64(n))
				var wg sync.WaitGroup
				start := time.Now()
				for i := range 64 {
					wg.Go(func() {
						for left.Add(-1) >= 0 {
							path := "/t/" + lot
							if i%8 == 0 {
								path = "/"
							}
							serve(b, h, path, "")
						}
					})
				}
				wg.Wait()
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "req/s")
				b.ReportMetric(float64(maxRSS())/1024, "peak-RSS-MB")
			})
		})
	}
}

// BenchmarkStartup measures a start: opening the store and serving the
// first full /.
func BenchmarkStartup(b *testing.B) {
	for _, size := range simulate.BenchSizes() {
		b.Run(fmt.Sprintf("entries=%d", size), func(b *testing.B) {
			dir := simulate.Copy(b, size)
			cpu0 := cpuTime()
			for b.Loop() {
				s := simulate.OpenDir(b, dir)
				serve(b, handlers.New(handlers.Config{Store: s, Logger: slog.New(slog.DiscardHandler)}), "/", "")
				s.Close()
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/start")
		})
	}
}

// serve serves path in process and returns the body's size.
func serve(b *testing.B, h http.Handler, path, cookie string) int {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d", path, rec.Code)
	}
	return rec.Body.Len()
}

// signIn signs in as a simulated account and returns its session cookie.
func signIn(b *testing.B, h http.Handler, email string) string {
	form := url.Values{"email": {email}, "password": {simulate.Password}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	io.Copy(io.Discard, res.Body)
	for _, c := range res.Cookies() {
		return c.Name + "=" + c.Value
	}
	b.Fatalf("sign-in as %s: %d, no cookie", email, res.StatusCode)
	return ""
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// maxRSS is the process's peak resident set size in KiB.
func maxRSS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss
}
