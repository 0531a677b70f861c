package sqlite_test

// Keyset pages: walking a list page by page gives every row once, in the
// list's order, with its filters; a key the store did not make is refused.

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// boardPages walks the needs board two needs a page and returns the ids.
func boardPages(t *testing.T, s *sqlite.Store, f sqlite.NeedFilter) []int64 {
	t.Helper()
	f.Limit = 2
	var ids []int64
	for range 50 {
		b, err := s.NeedsBoard(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Needs) > 2 {
			t.Fatalf("a page of 2 has %d needs", len(b.Needs))
		}
		for _, n := range b.Needs {
			ids = append(ids, n.ID)
		}
		if b.Next == "" {
			return ids
		}
		f.After = b.Next
	}
	t.Fatal("the board never ends")
	return nil
}

func TestNeedsBoardPages(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	a := sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital")
	b := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	at := func(item string, urgency string, days int) ledger.NeedLine {
		l := line(item, 100, urgency)
		l.Deadline = inDays(days)
		return l
	}
	var all []int64
	for i, u := range []string{ledger.UrgencyNormal, ledger.UrgencyCritical, ledger.UrgencyHigh, ledger.UrgencyNormal, ledger.UrgencyCritical, ledger.UrgencyHigh, ledger.UrgencyNormal} {
		rec := a
		if i%2 == 1 {
			rec = b
		}
		all = append(all, publishNeed(t, s, rec, at("mask-surgical", u, 10-i%3), at("goggles", ledger.UrgencyNormal, 3+i)))
	}
	// An update that makes a need critical moves it up the board; a closed
	// need leaves it.
	critical := at("goggles", ledger.UrgencyCritical, 2)
	critical.Line = 2
	if err := s.UpdateNeed(ctx, a, all[0], sqlite.NeedInput{Title: "Ward supplies", Lines: []ledger.NeedLine{critical}}, "the ward filled up"); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseNeed(ctx, a, all[2], "met by the city"); err != nil {
		t.Fatal(err)
	}
	var open []*ledger.Need
	for _, id := range all {
		n, err := s.Need(ctx, a, id)
		if err != nil {
			t.Fatal(err)
		}
		if n.Status == ledger.NeedStatusPublished {
			open = append(open, n)
		}
	}
	// The board's order: most urgent open line, earliest deadline, id.
	slices.SortStableFunc(open, func(x, y *ledger.Need) int {
		return cmp.Or(ledger.UrgencyRank(x.Urgency())-ledger.UrgencyRank(y.Urgency()), strings.Compare(x.Deadline(), y.Deadline()), cmp.Compare(x.ID, y.ID))
	})
	want := func(keep func(*ledger.Need) bool) []int64 {
		var ids []int64
		for _, n := range open {
			if keep(n) {
				ids = append(ids, n.ID)
			}
		}
		return ids
	}
	if got, w := boardPages(t, s, sqlite.NeedFilter{}), want(func(*ledger.Need) bool { return true }); !slices.Equal(got, w) {
		t.Errorf("board pages list %v, want %v", got, w)
	}
	if got := boardPages(t, s, sqlite.NeedFilter{}); got[0] != all[0] {
		t.Errorf("the need made critical by its update is not first: %v", got)
	}
	if got, w := boardPages(t, s, sqlite.NeedFilter{Org: b.Org}), want(func(n *ledger.Need) bool { return n.OrgID == b.Org }); !slices.Equal(got, w) {
		t.Errorf("one recipient's pages list %v, want %v", got, w)
	}
	hasMasks := func(n *ledger.Need) bool {
		return slices.ContainsFunc(n.OpenLines(), func(l ledger.NeedLineView) bool { return l.Item.ID == "mask-surgical" })
	}
	if got, w := boardPages(t, s, sqlite.NeedFilter{Item: "mask-surgical"}), want(hasMasks); !slices.Equal(got, w) || len(w) == 0 {
		t.Errorf("masks' pages list %v, want %v", got, w)
	}
	for _, bad := range []string{"garbage", `[1,"x"]`, `["a","b",3]`, `[0,"",1,2]`} {
		_, err := s.NeedsBoard(ctx, sqlite.NeedFilter{After: bad})
		if ledger.ErrorCode(err) != ledger.EMALFORMED {
			t.Errorf("page key %q: %v, want a malformed-request error", bad, err)
		}
	}
}
