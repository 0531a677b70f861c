// Command tracemix writes the /t/{code} requests of a wave of QR scans
// over a simulated log, as a vegeta targets file (one "GET URL" a line),
// for `make bench-serve`: a share of the scans (-hot-share) goes to a
// few hot codes (-hot: the lots and pledges everyone shares), the rest
// spreads over many others (-wave), each scanned about once per round, as
// Zipf's law with s = 1 over ~20,000 codes gives. Lots and pledges are
// picked at random in the proportion the log holds them, with a fixed seed:
// the same database gives the same requests.
//
//	go run ./cmd/tracemix -db COPY/aidtrail.db -url http://127.0.0.1:18313 >targets
package main

import (
	"bufio"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"

	_ "modernc.org/sqlite"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tracemix:", err)
		os.Exit(1)
	}
}

func run() error {
	dbPath := flag.String("db", "", "the log's database file (a copy; opened read-only)")
	base := flag.String("url", "http://127.0.0.1:18313", "the server's base URL")
	hot := flag.Int("hot", 100, "hot codes")
	wave := flag.Int("wave", 15000, "other codes, each scanned once per round")
	share := flag.Float64("hot-share", 0.5, "share of the scans that go to the hot codes")
	seed := flag.Uint64("seed", 13, "random seed")
	flag.Parse()
	if *dbPath == "" || *share < 0 || *share >= 1 {
		flag.Usage()
		os.Exit(2)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: *dbPath}).EscapedPath()+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	rnd := rand.New(rand.NewPCG(*seed, *seed))
	var lots, pledges, have int64
	if err := db.QueryRow(`SELECT (SELECT max(rowid) FROM lots), (SELECT max(rowid) FROM pledges),
		(SELECT count(*) FROM lots) + (SELECT count(*) FROM pledges)`).Scan(&lots, &pledges, &have); err != nil {
		return fmt.Errorf("counting lots and pledges: %w", err)
	}
	if most := int(have*9/10) - *hot; *wave > most {
		// A small log: every code but a tenth.
		fmt.Fprintf(os.Stderr, "tracemix: %d lots and pledges: a wave of %d codes, not %d\n", have, max(most, 0), *wave)
		*wave = max(most, 0)
	}
	// pick returns n distinct codes, lots and pledges in the log's proportion.
	seen := map[string]bool{}
	pick := func(n int) ([]string, error) {
		var out []string
		for tries := 0; len(out) < n; tries++ {
			if tries > 20*n+1000 {
				return nil, fmt.Errorf("the log has too few lots and pledges for %d codes", n)
			}
			table, rowid := "lots", 1+rnd.Int64N(lots+pledges)
			if rowid > lots {
				table, rowid = "pledges", rowid-lots
			}
			var code string
			err := db.QueryRow(`SELECT code FROM `+table+` WHERE rowid = ?`, rowid).Scan(&code)
			if err == sql.ErrNoRows || seen[code] {
				continue
			} else if err != nil {
				return nil, fmt.Errorf("reading %s: %w", table, err)
			}
			seen[code] = true
			out = append(out, code)
		}
		return out, nil
	}
	hotCodes, err := pick(*hot)
	if err != nil {
		return err
	}
	waveCodes, err := pick(*wave)
	if err != nil {
		return err
	}
	// One round: every wave code once and the hot codes hot-share of the
	// scans, round-robin over the hot codes, in random order.
	hotScans := int(float64(len(waveCodes)) * *share / (1 - *share))
	round := append([]string{}, waveCodes...)
	for i := range hotScans {
		round = append(round, hotCodes[i%len(hotCodes)])
	}
	rnd.Shuffle(len(round), func(i, j int) { round[i], round[j] = round[j], round[i] })
	w := bufio.NewWriter(os.Stdout)
	for _, c := range round {
		fmt.Fprintf(w, "GET %s/t/%s\n", *base, c)
	}
	return w.Flush()
}
