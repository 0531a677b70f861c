package handlers_test

// The transparency page stays bounded however many organisations and
// donors take part: its charts draw the organisations that used most and
// the largest flows, and link to the item's page, which lists them all a
// page at a time.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/net/html"
)

func TestHomeBoundedWithManyOrganisations(t *testing.T) {
	ctx := context.Background()
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Hankou Relief Warehouse")
	donor := sqlitetest.Donor(t, s)
	// More named donors than a page of flows, each bringing goggles.
	donors := sqlite.ItemListPage + 10
	var lots []string
	for i := range donors {
		r, err := s.MakePledge(ctx, donor, sqlite.PledgeInput{Kind: ledger.PledgeGoods, DeliverTo: wh.Org, Handover: ledger.HandoverDropOff,
			Due: inDays(3), Named: true, DisplayName: fmt.Sprintf("Donor %02d", i), Lines: []sqlite.PledgeLineInput{{Item: "goggles", Quantity: int64(100 + i)}}})
		must(t, err)
		codes, err := s.ReceivePledge(ctx, wh, r.Code, []sqlite.LotInput{{Item: "goggles", Quantity: int64(100 + i), Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
		must(t, err)
		lots = append(lots, codes...)
	}
	// More hospitals than the use chart draws, each using a different amount.
	hospitals := sqlite.ChartTop + 3
	used := map[int64]int64{}
	for i := range hospitals {
		h := sqlitetest.Org(t, s, ledger.OrgRecipient, fmt.Sprintf("Hospital %d", i+1))
		id := dispatchLot(t, s, wh, lots[i], int64(100+i), h.Org, 0) // the whole lot
		must(t, s.ConfirmReceipt(ctx, h, id, []sqlite.ReceiptLine{{Lot: lots[i], Received: int64(100 + i), Condition: ledger.ConditionGood}}))
		used[h.Org] = int64(10 + 5*i)
		_, err := s.UseLot(ctx, h, sqlite.FinalInput{Lot: lots[i], Quantity: used[h.Org], Use: "ICU", Date: time.Now().UTC().Format(ledger.DateFormat)}, sqlite.NewNonce())
		must(t, err)
	}
	flows := donors + hospitals

	for _, lang := range []string{"en", "zh-CN"} {
		c := ts.client()
		c.Lang = lang
		res := c.get("/")
		if res.Status != http.StatusOK {
			t.Fatalf("/: %d", res.Status)
		}
		if len(res.Body) > 200<<10 {
			t.Errorf("/ is %d KB, more than 200", len(res.Body)>>10)
		}
		d := parseHTML(t, res.Body)
		legend := (&doc{t: t, root: d.byID("chart-used-goggles")}).all(func(n *html.Node) bool { return n.Data == "li" })
		if len(legend) != sqlite.ChartTop {
			t.Errorf("%s: the use chart draws %d organisations of %d, want the %d that used most", lang, len(legend), hospitals, sqlite.ChartTop)
		}
		// The most used first: 10+5i for hospital i, so the last ChartTop.
		for i, li := range legend {
			if want := fmt.Sprint(10 + 5*(hospitals-1-i)); !strings.HasSuffix(text(li), ": "+want) {
				t.Errorf("%s: use chart line %d is %q, want one that used %s", lang, i, text(li), want)
			}
		}
		bands := (&doc{t: t, root: d.byID("chart-flow-goggles")}).all(func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" })
		if len(bands) == 0 || len(bands) > sqlite.FlowTop {
			t.Errorf("%s: the flow chart lists %d flows of %d, want at most %d", lang, len(bands), flows, sqlite.FlowTop)
		}
		if len(bands) > 0 && !strings.Contains(text(bands[0]), fmt.Sprintf("Donor %02d", donors-1)) {
			t.Errorf("%s: the largest flow listed is %q, want the last donor's", lang, text(bands[0]))
		}
		for _, class := range []string{"item-users", "item-flows"} {
			a := d.first(func(n *html.Node) bool { return n.Data == "a" && hasClass(n, class) })
			if a == nil || !strings.HasPrefix(attr(a, "href"), "/items/goggles#") {
				t.Errorf("%s: / has no link %s to the item's page", lang, class)
			}
		}
	}

	// The item's page lists every flow, largest first, a page at a time,
	// and every organisation that used it.
	c := ts.client()
	pages, cursor := walkPages(t, c, "/items/goggles", func(n *html.Node) string {
		if n.Data == "tr" && n.Parent != nil && n.Parent.Parent != nil && attr(n.Parent.Parent, "id") == "item-flows" && n.Parent.Data == "tbody" {
			return text(n)
		}
		return ""
	})
	seen := map[string]bool{}
	for _, p := range pages {
		for _, row := range p {
			if seen[row] {
				t.Errorf("flow %q listed twice", row)
			}
			seen[row] = true
		}
	}
	if len(pages) != 2 || len(pages[0]) != sqlite.ItemListPage || len(seen) != flows {
		t.Errorf("the item's flows: %d on %d pages, want %d on 2 (%d on the first)", len(seen), len(pages), flows, sqlite.ItemListPage)
	}
	if len(pages) > 0 && len(pages[0]) > 0 && !strings.Contains(pages[0][0], fmt.Sprintf("Donor %02d", donors-1)) {
		t.Errorf("the first flow listed is %q, want the largest", pages[0][0])
	}
	users := parseHTML(t, c.get("/items/goggles").Body).byID("item-users")
	for org, q := range used {
		a := (&doc{t: t, root: users}).first(func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == fmt.Sprintf("/orgs/%d", org) })
		if a == nil || !strings.HasSuffix(text(a.Parent.Parent), fmt.Sprint(q)) {
			t.Errorf("/items/goggles does not list organisation %d using %d", org, q)
		}
	}
	checkBadCursors(t, ts, "/items/goggles?flows=", cursor.Get("flows"))
	checkBadCursors(t, ts, "/items/goggles?users=", cursor.Get("flows")) // another list's cursor
	if res := c.get("/items/no-such-item"); res.Status != http.StatusNotFound {
		t.Errorf("/items/no-such-item: %d, want 404", res.Status)
	}
}
