package sqlite_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestLedgerOrgFilterMatchesTheEntries: the ledger browser's organisation
// filter (entry_orgs, kept by the writer, filled by its migration for an
// older log) lists exactly the entries made by an organisation, about it,
// or of a shipment sent to it or carried by it, as the entries' own JSON
// says, page after page.
func TestLedgerOrgFilterMatchesTheEntries(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	size := s.Latest().Size
	var orgs []int64
	rows, err := s.DB().QueryContext(ctx, `SELECT id FROM orgs ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		orgs = append(orgs, id)
	}
	rows.Close()
	// What the filter meant before entry_orgs: the entries' columns,
	// subjects and JSON searched whole.
	want := func(org int64, onlyShipped bool) []int64 {
		cond := `org = ?1 OR idx IN (SELECT idx FROM entry_subjects WHERE subject = ?2) OR `
		if onlyShipped {
			cond = `org != ?1 AND idx NOT IN (SELECT idx FROM entry_subjects WHERE subject = ?2) AND `
		}
		rows, err := s.DB().QueryContext(ctx, `SELECT idx FROM entries WHERE idx < ?5 AND (`+cond+`(type = ?3 AND (instr(data, ?4) > 0 OR instr(data, ?6) > 0))) ORDER BY idx DESC`,
			org, ledger.Subject(ledger.SubjectOrg, org), ledger.TypeHandoffDispatched, fmt.Appendf(nil, `"to":%d,`, org), size, fmt.Appendf(nil, `"via":%d,`, org))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var i int64
			rows.Scan(&i)
			out = append(out, i)
		}
		return out
	}
	got := func(org int64) []int64 {
		var out []int64
		f := sqlite.EntryFilter{Org: org, Limit: 7}
		for {
			p, err := s.LedgerEntries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range p.Entries {
				out = append(out, e.Index)
			}
			if p.Older == 0 {
				return out
			}
			f.Before = p.Older
		}
	}
	check := func(when string) {
		t.Helper()
		shipped := 0
		for _, org := range orgs {
			if w, g := want(org, false), got(org); !reflect.DeepEqual(g, w) {
				t.Errorf("%s: organisation %d's entries: got %v, want %v", when, org, g, w)
			}
			shipped += len(want(org, true))
		}
		if shipped == 0 {
			t.Errorf("%s: no shipment sent to or carried by an organisation that neither made it nor is its subject: the test proves little", when)
		}
	}
	check("kept by the writer")

	refill(t, s, "*_entry_orgs.sql", "entry_orgs")
	check("filled by the migration")
}
