package main

import (
	"context"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// A generated operation of 3,000 entries (packs, rejections, corrections,
// money passed on and spent, by concurrent actors): its EPCIS pages, IATI
// activities and HXL files all agree with the verified log.
func TestStandardsExportsOfALargeLog(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a log of 3,000 entries")
	}
	st := openStore(t, newKey(t, testOrigin), sqlitetest.Logger(t))
	if err := st.SeedCatalogue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := simulate.Run(context.Background(), st, simulate.Options{Entries: 3000, Actors: 8, Seed: 3,
		Cast: simulate.SmallCast}); err != nil {
		t.Fatal(err)
	}
	defer func(n int64) { sqlite.EPCISPage = n }(sqlite.EPCISPage)
	sqlite.EPCISPage = 700
	l := serve(t, st, nil)
	if out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	} else if !strings.Contains(out, "13 /data/ export(s) compared") {
		t.Errorf("the exports were not compared:\n%s", out)
	}
}
