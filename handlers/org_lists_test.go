package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/net/html"
)

// An organisation's page lists its stock adjustments and its entries a
// page at a time, newest first, each list by its own sealed cursor: the
// next links walk each list whole, each row once, while the other list
// stays on its page (in English and Chinese); a count that matched the
// books is no adjustment; a damaged cursor or another list's is a damaged
// link (400).
func TestOrgListsPageByCursor(t *testing.T) {
	ctx := context.Background()
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	lot := receivedLotHere(t, s, wh, 100_000)
	held := int64(100_000)
	var adjusted []string // newest first
	count := func(counted int64) {
		t.Helper()
		in := sqlite.CountInput{Lot: lot, Held: held, Counted: counted}
		if counted != held {
			in.Reason = ledger.CountReasonDamaged
		}
		entry, status, err := s.CountLot(ctx, wh, in, sqlite.NewNonce())
		if err != nil {
			t.Fatal(err)
		}
		if status == ledger.CountAdjusted {
			adjusted = slices.Insert(adjusted, 0, "org-adjustment-"+strconv.FormatInt(entry, 10))
		}
		held = counted
	}
	count(held) // matched: not an adjustment
	for range sqlite.OrgListPage + 3 {
		count(held - 1)
	}
	if len(adjusted) != sqlite.OrgListPage+3 {
		t.Fatalf("%d counts adjusted the books, want %d", len(adjusted), sqlite.OrgListPage+3)
	}
	all, err := s.LedgerEntries(ctx, sqlite.EntryFilter{Org: wh.Org, Limit: sqlite.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	var entries []string // the organisation's entries as the ledger browser lists them, newest first
	for _, e := range all.Entries {
		entries = append(entries, "entry-"+strconv.FormatInt(e.Index, 10))
	}
	if len(entries) <= 2*sqlite.OrgEntriesPage || all.Older != 0 {
		t.Fatalf("the warehouse has %d entries (more: %d), want more than two pages and fewer than %d", len(entries), all.Older, sqlite.MaxPage)
	}
	// The rows of both lists, told apart by their ids.
	row := func(n *html.Node) string {
		id := attr(n, "id")
		switch {
		case n.Data == "tr" && strings.HasPrefix(id, "org-adjustment-"):
			return id
		case n.Data == "tr" && strings.HasPrefix(id, "entry-") && n.Parent != nil && n.Parent.Parent != nil && attr(n.Parent.Parent, "id") == "org-entries":
			return id
		}
		return ""
	}
	split := func(page []string) (adj, ent []string) {
		for _, id := range page {
			if strings.HasPrefix(id, "entry-") {
				ent = append(ent, id)
			} else {
				adj = append(adj, id)
			}
		}
		return adj, ent
	}
	path := "/orgs/" + itoa(wh.Org)
	c := ts.client()

	pages, last := walkPager(t, c, path, "org-entries-pager", row)
	var walked []string
	for i, p := range pages {
		adj, ent := split(p)
		if len(ent) > sqlite.OrgEntriesPage || (i < len(pages)-1 && len(ent) != sqlite.OrgEntriesPage) {
			t.Errorf("entries page %d lists %d, want %d", i+1, len(ent), sqlite.OrgEntriesPage)
		}
		if !slices.Equal(adj, adjusted[:sqlite.OrgListPage]) {
			t.Errorf("entries page %d: the adjustments left their first page: %v", i+1, adj)
		}
		walked = append(walked, ent...)
	}
	if !slices.Equal(walked, entries) {
		t.Errorf("the entries' pages list\n %v\nwant each of the organisation's entries once, newest first:\n %v", walked, entries)
	}
	entriesCursor := last.Get("entries")
	_, lastEntries := split(pages[len(pages)-1])

	// The adjustments, walked in Chinese from the entries' last page:
	// the entries stay there.
	zh := ts.client()
	zh.Lang = "zh-CN"
	pages, last = walkPager(t, zh, path+"?entries="+url.QueryEscape(entriesCursor), "org-adjustments-pager", row)
	walked = nil
	for i, p := range pages {
		adj, ent := split(p)
		if len(adj) > sqlite.OrgListPage {
			t.Errorf("adjustments page %d lists %d, more than %d", i+1, len(adj), sqlite.OrgListPage)
		}
		if !slices.Equal(ent, lastEntries) {
			t.Errorf("adjustments page %d: the entries left their page: %v, want %v", i+1, ent, lastEntries)
		}
		walked = append(walked, adj...)
	}
	if len(pages) != 2 || !slices.Equal(walked, adjusted) {
		t.Errorf("the adjustments' %d pages list\n %v\nwant each adjustment once, newest first, on 2:\n %v", len(pages), walked, adjusted)
	}
	adjCursor := last.Get("adjustments")
	body := zh.get(path + "?adjustments=" + url.QueryEscape(adjCursor)).Body
	pager := parseHTML(t, body).byID("org-adjustments-pager")
	if pager == nil || !strings.Contains(text(pager), "第一页") {
		t.Errorf("the adjustments' second page has no link back to the first in Chinese")
	}

	checkBadCursors(t, ts, path+"?adjustments=", adjCursor)
	checkBadCursors(t, ts, path+"?entries=", entriesCursor)
	for _, q := range []string{"entries=" + url.QueryEscape(adjCursor), "adjustments=" + url.QueryEscape(entriesCursor), "discrepancies=" + url.QueryEscape(adjCursor)} {
		if res := c.get(path + "?" + q); res.Status != http.StatusBadRequest || !strings.Contains(res.Body, "this page link is damaged") {
			t.Errorf("%s?%s (another list's cursor): %d, want 400", path, q, res.Status)
		}
	}
}

// A warehouse's stock page offers to send what it holds to the open needs
// it could fill; its public page shows the same totals without them (and
// the store does not look for them there).
func TestStockNeedsOnlyForMembers(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	need := publishedNeed(t, s, hosp, sqlitetest.Auditor(t, s), "mask-surgical", 500)
	receivedLotHere(t, s, wh, 1200)
	toNeed := func(n *html.Node) bool {
		return n.Data == "a" && strings.Contains(attr(n, "href"), "need="+itoa(need)) && strings.HasSuffix(attr(n, "href"), "#dispatch-form")
	}
	if d := parseHTML(t, ts.as(wh).get("/stock").Body); d.first(toNeed) == nil {
		t.Errorf("/stock offers no dispatch to need %d", need)
	}
	d := parseHTML(t, ts.client().get("/orgs/"+itoa(wh.Org)).Body)
	if d.first(toNeed) != nil {
		t.Errorf("the public page offers a dispatch to need %d", need)
	}
	if !strings.Contains(text(d.byID("org-day")), "1,200") {
		t.Errorf("the public page does not show the 1,200 masks held")
	}
}
