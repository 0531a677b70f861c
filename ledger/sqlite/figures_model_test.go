package sqlite_test

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// The public figures' read models, counted in each write's transaction,
// equal a full replay of a simulated operation's log (every entry type:
// receipts short and refused, packs, corrections, money); a changed figure
// is caught; a store whose read models are behind the log rebuilds them at
// start.
func TestFiguresEqualReplay(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := simulate.Run(ctx, s, simulate.Options{Entries: 1200, Actors: 8, Seed: 3, Cast: simulate.SmallCast}); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
	o, err := s.Overview(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Items) == 0 || len(o.Money) == 0 {
		t.Fatalf("no figures: %+v", o)
	}
	var received int64
	for _, it := range o.Items {
		received += it.Received
	}
	if received == 0 {
		t.Fatal("nothing received")
	}
	sameCharts(t, s, o)
	// Needs and stock come from the store's rows: they equal the replay too.
	want, err := s.ReplayedOpenNeeds(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	sameOpenNeeds(t, "all", o.Needs, want)
	var discrepancies int
	for id := range o.Kinds {
		rec, err := s.OrgRecord(ctx, id, sqlite.OrgPages{})
		if err != nil {
			t.Fatal(err)
		}
		discrepancies += len(rec.Discrepancies)
		stock, err := s.ReplayedStock(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		// The stock page lists its loose lots a page at a time: walk them all.
		type held struct {
			Code, Item, Since string
			Held              int64
		}
		var got, want []held
		for from := (sqlite.StockFrom{}); ; {
			page, err := s.StockAt(ctx, id, from)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range page.Lots {
				if !l.IsPack() {
					got = append(got, held{l.Code, l.Item, l.Since, l.Held})
				}
			}
			if from.Lot = page.Next; from.Lot == "" {
				break
			}
		}
		for _, l := range stock {
			want = append(want, held{l.Code, l.Item, l.Since, l.Held})
		}
		slices.SortFunc(got, func(a, b held) int { return strings.Compare(a.Code, b.Code) })
		if len(want) != len(got) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Errorf("org %d: stock differs from the replay:\n got %+v\nwant %+v", id, got, want)
		}
		needs, err := s.ReplayedOpenNeeds(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		sameOpenNeeds(t, fmt.Sprintf("org %d", id), rec.Needs, needs)
	}
	if discrepancies == 0 {
		t.Error("no discrepancies in the simulated log")
	}
	sameFunds(t, s)

	// A changed figure is caught.
	if _, err := s.DB().Exec(`UPDATE fig_sums SET qty = qty + 1 WHERE kind = 'received'`); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err == nil || !strings.Contains(err.Error(), "received") {
		t.Fatalf("a changed total passed the check: %v", err)
	}
	if _, err := s.DB().Exec(`UPDATE fig_sums SET qty = 0 WHERE kind = 'bal_held'`); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err == nil || !strings.Contains(err.Error(), "bal_held") {
		t.Fatalf("a changed balance passed the check: %v", err)
	}
	if err := s.RebuildFigures(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}

	// The migrations that brought the money read models and then the
	// platform's totals fill them from the domain rows of a log already
	// counted: the same as a replay.
	if _, err := s.DB().Exec(`DELETE FROM fig_money_lots; DELETE FROM fig_transfers; DELETE FROM fig_sums WHERE kind LIKE 'bal_%'`); err != nil {
		t.Fatal(err)
	}
	refill(t, s, "*_fig_money.sql")
	refill(t, s, "*_fig_balance_totals.sql")
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
	sameFunds(t, s)

	// Read models behind the log (a log older than them) are rebuilt at start.
	if _, err := s.DB().Exec(`DELETE FROM fig_sums; DELETE FROM fig_orgs; UPDATE fig_cursor SET next = 0`); err != nil {
		t.Fatal(err)
	}
	s2 := sqlitetest.Copy(t, s)
	o2, err := s2.Overview(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(o2.Items, o.Items) || !reflect.DeepEqual(o2.Money, o.Money) || !reflect.DeepEqual(o2.Kinds, o.Kinds) {
		t.Errorf("figures after the rebuild at start differ:\n got %+v\nwant %+v", o2.Items, o.Items)
	}
	if err := s2.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
}

// sameFunds checks that the funds page's balances and transfers (read
// models) equal what the ledger alone implies.
func sameFunds(t *testing.T, s *sqlite.Store) {
	t.Helper()
	st := replay(t, s)
	want := ledger.ReplayedBalances(st)
	r, err := s.Funds(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Balances) != len(want) || len(want) == 0 {
		t.Errorf("funds page has %d balances, the ledger %d", len(r.Balances), len(want))
	}
	for _, got := range r.Balances {
		if w := want.At(got.Org, got.Currency); fmt.Sprint(*w) != fmt.Sprint(*got) {
			t.Errorf("balance of %d: store %+v, ledger %+v", got.Org, *got, *w)
		}
	}
	// The platform's totals are a read model of their own (key 0), not
	// summed on the page: they equal every organisation's summed from the
	// ledger.
	values := func(bs []*ledger.Balance) (out []ledger.Balance) {
		for _, b := range bs {
			out = append(out, *b)
		}
		return out
	}
	if got, w := fmt.Sprint(values(r.Totals)), fmt.Sprint(values(want.Totals())); got != w || len(r.Totals) == 0 {
		t.Errorf("funds totals: store %s, ledger %s", got, w)
	}
	c := ledger.CustodyOf(st)
	sums := map[ledger.Transfer]int64{}
	for _, h := range c.Handoffs {
		for _, ln := range h.Lines {
			if l := c.Lots[ln.Lot]; l.IsMoney() && h.Status != ledger.StatusRejected {
				sums[ledger.Transfer{From: h.From, To: h.To, Currency: l.Unit}] += ln.Quantity
			}
		}
	}
	var wantT []ledger.Transfer
	for k, n := range sums {
		k.Amount = n
		wantT = append(wantT, k)
	}
	slices.SortFunc(wantT, func(a, b ledger.Transfer) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), strings.Compare(a.Currency, b.Currency))
	})
	if len(wantT) == 0 || !reflect.DeepEqual(r.Transfers, wantT) {
		t.Errorf("transfers differ from the ledger's:\n got %+v\nwant %+v", r.Transfers, wantT)
	}
}

// sameOpenNeeds checks that a page lists the first sqlite.TopNeeds of the
// replay's open needs (in the board's order, so by id here only which and
// how many) and that each equals the replay's.
func sameOpenNeeds(t *testing.T, of string, got, want []ledger.OpenNeed) {
	t.Helper()
	if len(got) != min(len(want), sqlite.TopNeeds) {
		t.Errorf("%s: %d open needs listed, want %d", of, len(got), min(len(want), sqlite.TopNeeds))
	}
	byID := map[int64]ledger.OpenNeed{}
	for _, n := range want {
		byID[n.ID] = n
	}
	for _, n := range got {
		if !reflect.DeepEqual(n, byID[n.ID]) {
			t.Errorf("%s: open need %d differs from the replay:\n got %+v\nwant %+v", of, n.ID, n, byID[n.ID])
		}
	}
}

// sameCharts checks the overview's charts against a full replay: on every
// calendar day of their span (and the day before), each series drawn
// (needed, delivered, used by each user drawn) holds the running total
// the replay derives for that day.
func sameCharts(t *testing.T, s *sqlite.Store, o *ledger.Overview) {
	t.Helper()
	got := map[string][]ledger.Point{}
	first, last := "9999-12-31", ""
	var used int
	for _, c := range o.Charts {
		got[c.Item+" needed"], got[c.Item+" delivered"] = c.NeededOverTime, c.DeliveredOverTime
		for _, u := range c.UsedBy {
			got[c.Item+" used "+strconv.FormatInt(u.Org, 10)] = u.Points
			used++
		}
	}
	for _, pts := range got {
		for _, p := range pts {
			first, last = min(first, p.Day), max(last, p.Day)
		}
	}
	if len(o.Charts) == 0 || used == 0 || last == "" {
		t.Fatalf("no charts to compare: %+v", o.Charts)
	}
	var days []string
	from, _ := time.Parse(time.DateOnly, first)
	to, _ := time.Parse(time.DateOnly, last)
	for d := from.AddDate(0, 0, -1); !d.After(to); d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format(time.DateOnly))
	}
	want, err := s.ReplayedChartTotals(context.Background(), o.Charts, days)
	if err != nil {
		t.Fatal(err)
	}
	for key, pts := range got {
		if !slices.IsSortedFunc(pts, func(a, b ledger.Point) int { return strings.Compare(a.Day, b.Day) }) {
			t.Errorf("%s: points out of order: %v", key, pts)
		}
		i, v := 0, int64(0)
		for j, d := range days {
			for ; i < len(pts) && pts[i].Day <= d; i++ {
				v = pts[i].Value
			}
			if v != want[key][j] {
				t.Errorf("%s on %s: chart %d, replay %d", key, d, v, want[key][j])
				break
			}
		}
	}
}
