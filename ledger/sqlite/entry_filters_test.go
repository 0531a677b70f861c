package sqlite_test

import (
	"context"
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/migrations"
)

// TestLedgerItemAndDateFilters: the ledger browser's item filter
// (entry_items) and date filter (entry_days), kept by the writer and
// filled by their migration for an older log, list exactly the entries
// whose JSON names the item or whose time falls in the dates, page after
// page both ways, entries dated out of order included.
func TestLedgerItemAndDateFilters(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	// Two entries dated back among the demo's weeks: runs out of order.
	for i, back := range []int{20, 3} {
		it := ledger.Item{ID: "late-" + strconv.Itoa(i), NameEN: "Late", NameZH: "迟", Unit: "pcs"}
		if err := s.AddItem(ledger.WithTime(ctx, time.Now().AddDate(0, 0, -back)), sqlite.PlatformActor, it); err != nil {
			t.Fatal(err)
		}
	}
	size := s.Latest().Size
	ids := func(q string, args ...any) []int64 {
		rows, err := s.DB().QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var v int64
			rows.Scan(&v)
			out = append(out, v)
		}
		return out
	}
	var items []string
	rows, err := s.DB().QueryContext(ctx, `SELECT id FROM items ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		items = append(items, id)
	}
	rows.Close()
	var days []time.Time
	rows, err = s.DB().QueryContext(ctx, `SELECT DISTINCT substr(time, 1, 10) FROM entries ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var d string
		rows.Scan(&d)
		day, _ := time.Parse(time.DateOnly, d)
		days = append(days, day)
	}
	rows.Close()
	if len(days) < 5 {
		t.Fatalf("entries on %d days: the test proves little", len(days))
	}
	// What the filters meant before their indexes: every entry searched.
	want := func(f sqlite.EntryFilter) []int64 {
		q, args := `SELECT idx FROM entries WHERE idx < ?`, []any{size}
		if f.Item != "" {
			q, args = q+` AND instr(data, ?) > 0`, append(args, []byte(`"item":`+strconv.Quote(f.Item)))
		}
		if !f.From.IsZero() {
			q, args = q+` AND time >= ?`, append(args, ledger.FormatTime(f.From))
		}
		if !f.To.IsZero() {
			q, args = q+` AND time < ?`, append(args, ledger.FormatTime(f.To))
		}
		return ids(q+` ORDER BY idx DESC`, args...)
	}
	// Walked down by Older, then back up by Newer from the last page.
	got := func(f sqlite.EntryFilter) (down, up []int64) {
		f.Limit = 4
		var last *ledger.EntryPage
		for {
			p, err := s.LedgerEntries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range p.Entries {
				down = append(down, e.Index)
			}
			last = p
			if p.Older == 0 {
				break
			}
			f.Before = p.Older
		}
		for p := last; ; {
			for i := len(p.Entries) - 1; i >= 0; i-- {
				up = append(up, p.Entries[i].Index)
			}
			if p.Newer == 0 {
				break
			}
			f.Before, f.After = 0, p.Newer
			if p, err = s.LedgerEntries(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		return down, up
	}
	check := func(when string) {
		t.Helper()
		var fs []sqlite.EntryFilter
		for _, it := range items {
			fs = append(fs, sqlite.EntryFilter{Item: it})
		}
		for i, d := range days {
			fs = append(fs, sqlite.EntryFilter{From: d, To: d.AddDate(0, 0, 1)}, sqlite.EntryFilter{From: d}, sqlite.EntryFilter{To: d.AddDate(0, 0, 1)},
				sqlite.EntryFilter{From: d.Add(7 * time.Hour), To: days[len(days)-1-i].Add(13 * time.Hour)})
		}
		fs = append(fs, sqlite.EntryFilter{Item: items[0], From: days[1]}, sqlite.EntryFilter{Item: "late-0", To: days[len(days)-2]})
		nonEmpty := 0
		for _, f := range fs {
			w := want(f)
			down, up := got(f)
			if !reflect.DeepEqual(down, w) {
				t.Errorf("%s: %+v: got %v, want %v", when, f, down, w)
			}
			for i, j := 0, len(up)-1; i < j; i, j = i+1, j-1 {
				up[i], up[j] = up[j], up[i]
			}
			if len(w) > 0 && !reflect.DeepEqual(up, w) {
				t.Errorf("%s: %+v: walked back up %v, want %v", when, f, up, w)
			}
			if len(w) > 0 {
				nonEmpty++
			}
		}
		if nonEmpty < len(fs)/2 {
			t.Errorf("%s: only %d of %d filters match anything", when, nonEmpty, len(fs))
		}
	}
	check("kept by the writer")
	var runs int
	s.DB().QueryRow(`SELECT count(*) FROM entry_days`).Scan(&runs)
	if runs <= len(days) {
		t.Errorf("%d runs for %d days: no entry dated out of order", runs, len(days))
	}

	refill(t, s, "*_entry_filters.sql", "entry_items", "entry_days")
	var again int
	s.DB().QueryRow(`SELECT count(*) FROM entry_days`).Scan(&again)
	if again != runs {
		t.Errorf("the migration cut the log into %d runs, the writer into %d", again, runs)
	}
	check("filled by the migration")
}

// TestLedgerFiltersStartFromTheirIndex: a page of a rare item's entries or
// of an old date is found through the filter's own index (an item's
// entries, the days' runs), never by a walk of the log from its newest
// entry that reads every entry's JSON or time on the way.
func TestLedgerFiltersStartFromTheirIndex(t *testing.T) {
	s := sqlitetest.Open(t)
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		f    sqlite.EntryFilter
		want []string // what the plan's first step must read
	}{
		{sqlite.EntryFilter{Item: "i"}, []string{"SEARCH entry_items USING PRIMARY KEY (item=?"}},
		{sqlite.EntryFilter{Item: "i", Org: 1}, []string{"SEARCH entry_items USING PRIMARY KEY (item=?"}},
		{sqlite.EntryFilter{Item: "i", Type: "t"}, []string{"SEARCH entry_items USING PRIMARY KEY (item=?"}},
		{sqlite.EntryFilter{From: day}, []string{"SCAN d", "SEARCH entries USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"}},
		{sqlite.EntryFilter{To: day, Type: "t"}, []string{"SCAN d", "SEARCH entries USING INDEX entries_by_type (type=? AND idx>? AND idx<?)"}},
		{sqlite.EntryFilter{From: day, Item: "i"}, []string{"SCAN d", "SEARCH entry_items USING PRIMARY KEY (item=? AND idx>? AND idx<?)"}},
		{sqlite.EntryFilter{From: day, Org: 1}, []string{"SCAN d", "SEARCH entry_orgs USING PRIMARY KEY (org=? AND idx>? AND idx<?)"}},
	} {
		for _, q := range sqlite.EntryFilterStatements(c.f) {
			rows, err := s.DB().Query(`EXPLAIN QUERY PLAN `+q, make([]any, strings.Count(q, "?"))...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				rows.Scan(&id, &parent, &notused, &detail)
				plan = append(plan, detail)
			}
			rows.Close()
			for i, w := range c.want {
				if i >= len(plan) || !strings.HasPrefix(plan[i], w) || strings.Contains(strings.Join(plan, ";"), "TEMP B-TREE") {
					t.Errorf("%+v: %s\n  plan: %s\n  want step %d: %s", c.f, q, strings.Join(plan, "; "), i+1, w)
					break
				}
			}
		}
	}
}

// refill empties tables and runs the INSERTs and UPDATEs (not those of
// its triggers) of the one migration that matches pattern again, as an
// older log is filled when it is upgraded.
func refill(t *testing.T, s *sqlite.Store, pattern string, tables ...string) {
	t.Helper()
	fill, err := fs.Glob(migrations.FS, pattern)
	if err != nil || len(fill) != 1 {
		t.Fatalf("migration %s: %v %v", pattern, fill, err)
	}
	text, err := fs.ReadFile(migrations.FS, fill[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		if _, err := s.DB().Exec(`DELETE FROM ` + table); err != nil {
			t.Fatal(err)
		}
	}
	inTrigger := false // a trigger's body: its second and later statements are pieces of their own
	for stmt := range strings.SplitSeq(string(text), ";\n") {
		for strings.HasPrefix(strings.TrimSpace(stmt), "--") { // comment lines
			_, stmt, _ = strings.Cut(strings.TrimSpace(stmt), "\n")
		}
		stmt = strings.TrimSpace(stmt)
		if strings.HasPrefix(stmt, "CREATE TRIGGER") {
			inTrigger = true
		}
		if inTrigger {
			inTrigger = stmt != "END" && !strings.HasSuffix(stmt, "\nEND")
			continue
		}
		if strings.HasPrefix(stmt, "INSERT") || strings.HasPrefix(stmt, "UPDATE") {
			if _, err := s.DB().Exec(stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
	}
}
