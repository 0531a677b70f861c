package sqlite_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// The confirmations benchmark's baseline writes, for an entry, the domain
// rows its write wrote (every lot it names, a shipment's lines and their
// lots) and nothing of the ledger: the log, its checkpoint and the
// figures stay as they were.
func TestRowsWithoutLedger(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := simulate.Run(ctx, s, simulate.Options{Entries: 400, Actors: 4, Seed: 3,
		Cast: simulate.CastSize{Warehouses: 1, Hospitals: 1, Carriers: 1, DonorCompanies: 1, PersonalDonors: 1}}); err != nil {
		t.Fatal(err)
	}
	var idx int64
	if err := s.DB().QueryRow(`SELECT max(idx) FROM entries WHERE type = ?`, ledger.TypeHandoffReceived).Scan(&idx); err != nil {
		t.Fatal(err)
	}
	subjects, err := entrySubjects(s, idx, idx+1)
	if err != nil {
		t.Fatal(err)
	}
	size, figures := s.Latest().Size, figureRows(t, s)
	start := ledger.FormatTime(time.Now())
	if err := s.WriteRowsWithoutLedger(ctx, subjects[0]); err != nil {
		t.Fatal(err)
	}
	// Every lot of the shipment (named by the entry or not) was written.
	var lots, written int
	if err := s.DB().QueryRow(`SELECT count(*), count(*) FILTER (WHERE l.since >= ?) FROM handoff_lines hl JOIN lots l ON l.code = hl.lot
		JOIN entry_subjects es ON es.subject = 'handoff:' || hl.handoff_id WHERE es.idx = ?`, start, idx).Scan(&lots, &written); err != nil {
		t.Fatal(err)
	}
	if lots == 0 || written != lots {
		t.Errorf("%d of the shipment's %d lots written", written, lots)
	}
	if got := sqlitetest.Size(t, s); got != size {
		t.Errorf("the log grew from %d to %d entries", size, got)
	}
	if got := figureRows(t, s); got != figures {
		t.Errorf("figures changed: %s, were %s", got, figures)
	}
}

// figureRows is a digest of the public figures' sums.
func figureRows(t *testing.T, s interface {
	DB() *sql.DB
}) string {
	t.Helper()
	var d string
	if err := s.DB().QueryRow(`SELECT count(*) || '/' || coalesce(sum(qty), 0) FROM fig_sums`).Scan(&d); err != nil {
		t.Fatal(err)
	}
	return d
}

// The figures take a lot's item from the custody step that held it: a
// write of goods asks the lots table neither whether a lot is money nor
// what it holds.
func TestFiguresKnowTheStepsLots(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	count := sqlite.CountStatements(t)
	st, err := simulate.Run(ctx, s, simulate.Options{Entries: 600, Actors: 4, Seed: 4,
		Cast: simulate.CastSize{Warehouses: 1, Hospitals: 1, Carriers: 1, DonorCompanies: 1, PersonalDonors: 1}})
	if err != nil {
		t.Fatal(err)
	}
	ran := count()
	for q, most := range map[string]float64{
		`SELECT holder, unit, held, in_transit FROM lots WHERE code = ? AND item = 'money'`: 0.3,
		`SELECT item FROM lots WHERE code = ?`:                                              0.1,
	} {
		per := float64(ran[q]) / float64(st.Added)
		t.Logf("%.2f an entry: %s", per, q)
		if per > most {
			t.Errorf("%q ran %.2f times an entry, want at most %.2f", q, per, most)
		}
	}
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
}
