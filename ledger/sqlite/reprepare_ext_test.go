package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestStatementsStayPrepared: the store's statements, run again, are not
// compiled again. A statement whose parameter SQLite compares with a
// partial index's WHERE, or a LIMIT ?, is compiled anew at every run
// unless the connection has the planner stability guarantee (see
// plannerStable); on /stock that was a third of the page's CPU. Runs a
// simulated operation, every public read twice and more writes, and fails
// naming each statement compiled again.
func TestStatementsStayPrepared(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := simulate.Run(ctx, s, simulate.Options{Entries: 600, Actors: 4, Seed: 5, Cast: simulate.SmallCast}); err != nil {
		t.Fatal(err)
	}
	one := func(q string) (v string) {
		if err := s.DB().QueryRowContext(ctx, q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	lot := one(`SELECT code FROM lots WHERE item != 'money' ORDER BY rowid DESC LIMIT 1`)
	goods := one(`SELECT code FROM pledges WHERE kind = 'goods' ORDER BY id DESC LIMIT 1`)
	money := one(`SELECT code FROM pledges WHERE kind = 'money' ORDER BY id DESC LIMIT 1`)
	item := one(`SELECT item FROM lots WHERE item != 'money' ORDER BY rowid DESC LIMIT 1`)
	reads := func() {
		check := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		o, err := s.Overview(ctx, 0)
		check(err)
		for id := range o.Kinds {
			_, err = s.OrgRecord(ctx, id, sqlite.OrgPages{})
			check(err)
			_, err = s.Stock(ctx, id)
			check(err)
		}
		for _, n := range o.Needs {
			_, err = s.NeedPage(ctx, ledger.Member{}, n.ID)
			check(err)
			_, err = s.PledgeForm(ctx, n.ID)
			check(err)
		}
		_, err = s.NeedsBoard(ctx, sqlite.NeedFilter{})
		check(err)
		_, err = s.Funds(ctx, "")
		check(err)
		_, err = s.ItemFigures(ctx, item, sqlite.ItemPages{})
		check(err)
		_, err = s.TraceLot(ctx, lot)
		check(err)
		_, err = s.TracePledge(ctx, goods)
		check(err)
		_, err = s.TraceMoney(ctx, money)
		check(err)
		_, err = s.LedgerEntries(ctx, sqlite.EntryFilter{})
		check(err)
		_, err = s.EntryDetail(ctx, 100)
		check(err)
	}
	got := sqlite.Reprepared(func() {
		reads()
		reads()
		// and the writer's statements, writing on
		if _, err := simulate.Run(ctx, s, simulate.Options{Entries: 900, Actors: 4, Seed: 6, Cast: simulate.SmallCast}); err != nil {
			t.Fatal(err)
		}
	})
	for q, n := range got {
		// The checkpointer's PRAGMA wal_checkpoint is compiled at every
		// run whatever the connection's options (SQLite expires it).
		if !strings.HasPrefix(q, "PRAGMA ") {
			t.Errorf("compiled again %d times: %s", n, q)
		}
	}
}
