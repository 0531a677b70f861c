package handlers_test

// Every list that grows with the log pages by keyset cursor: a plain
// "next" link (no script) walks it whole, each row once; a cursor the
// server did not make is answered 400 with a message in the reader's
// language.

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/net/html"
)

// walkPages follows a list's rel="next" links from path and returns the
// ids of the rows (elements matched by row) on each page, and the query of
// the last next link.
func walkPages(t *testing.T, c *client, path string, row func(*html.Node) string) (pages [][]string, last url.Values) {
	t.Helper()
	return walkPager(t, c, path, "", row)
}

// walkPager is walkPages for a page of several lists: it follows the next
// links of the pager with id pager ("": the first next link on the page).
func walkPager(t *testing.T, c *client, path, pager string, row func(*html.Node) string) (pages [][]string, last url.Values) {
	t.Helper()
	for path != "" {
		res := c.get(path)
		if res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.Status)
		}
		d := parseHTML(t, res.Body)
		var ids []string
		for _, n := range d.all(func(n *html.Node) bool { return row(n) != "" }) {
			ids = append(ids, row(n))
		}
		pages = append(pages, ids)
		path = ""
		under := d.byID(pager)
		if next := d.first(func(n *html.Node) bool {
			return n.Data == "a" && attr(n, "rel") == "next" && (pager == "" || isUnder(n, under))
		}); next != nil {
			path = attr(next, "href")
			u, err := url.Parse(path)
			if err != nil {
				t.Fatal(err)
			}
			last = u.Query()
		}
		if len(pages) > 100 {
			t.Fatalf("%s never ends", path)
		}
	}
	return pages, last
}

func TestNeedsBoardPagesByCursor(t *testing.T) {
	ts := newServer(t)
	rec := sqlitetest.Org(t, ts.Store, ledger.OrgRecipient, "Jinyintan Hospital")
	auditor := sqlitetest.Auditor(t, ts.Store)
	want := sqlite.BoardPage + 2
	for range want {
		publishedNeed(t, ts.Store, rec, auditor, "goggles", 50)
	}
	c := ts.client()
	pages, cursor := walkPages(t, c, "/needs?item=goggles", func(n *html.Node) string {
		if n.Data == "article" && hasClass(n, "need") {
			return attr(n, "id")
		}
		return ""
	})
	seen := map[string]bool{}
	for _, p := range pages {
		if len(p) > sqlite.BoardPage {
			t.Errorf("a page lists %d needs, more than %d", len(p), sqlite.BoardPage)
		}
		for _, id := range p {
			if seen[id] {
				t.Errorf("%s is listed twice", id)
			}
			seen[id] = true
		}
	}
	if len(pages) != 2 || len(seen) != want {
		t.Errorf("the board's pages list %d needs on %d pages, want %d on 2", len(seen), len(pages), want)
	}
	checkBadCursors(t, ts, "/needs?after=", cursor.Get("after"))
	// The transparency page and the recipient's page show the first few,
	// linking to the board.
	for path, board := range map[string]string{"/": "/needs", fmt.Sprintf("/orgs/%d", rec.Org): fmt.Sprintf("/needs?org=%d", rec.Org)} {
		d := parseHTML(t, c.get(path).Body)
		shown := d.all(func(n *html.Node) bool { return n.Data == "article" && hasClass(n, "need") })
		link := d.first(func(n *html.Node) bool { return n.Data == "a" && hasClass(n, "all-needs") })
		if len(shown) != sqlite.TopNeeds || link == nil || attr(link, "href") != board {
			t.Errorf("%s shows %d needs (want the first %d) and links to %v (want %s)", path, len(shown), sqlite.TopNeeds, link, board)
		}
	}
}

func TestOrgStockPagesByCursor(t *testing.T) {
	ctx := context.Background()
	ts := newServer(t)
	wh := sqlitetest.Org(t, ts.Store, ledger.OrgWarehouse, "Central Warehouse")
	want := sqlite.StockPage + 3
	r, err := ts.Store.MakePledge(ctx, sqlitetest.Donor(t, ts.Store), sqlite.PledgeInput{Kind: ledger.PledgeGoods, DeliverTo: wh.Org,
		Handover: ledger.HandoverCourier, Due: inDays(3), Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: int64(want) * 10}}})
	if err != nil {
		t.Fatal(err)
	}
	lots := make([]sqlite.LotInput, want)
	for i := range lots {
		lots[i] = sqlite.LotInput{Item: "mask-surgical", Quantity: 10, Condition: ledger.ConditionGood}
	}
	if _, err := ts.Store.ReceivePledge(ctx, wh, r.Code, lots, "", sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/orgs/%d", wh.Org)
	// One list of the lots it holds (its day's cards, soonest expiry first,
	// each with how long it has held it), paged by its own cursor.
	pages, cursor := walkPages(t, ts.client(), path, func(n *html.Node) string {
		if n.Data == "li" && strings.HasPrefix(attr(n, "id"), "stock-lot-") && n.Parent != nil && attr(n.Parent, "id") == "stock-lots" {
			return attr(n, "id")
		}
		return ""
	})
	seen := map[string]bool{}
	for _, p := range pages {
		for _, row := range p {
			if seen[row] {
				t.Errorf("%q is listed twice", row)
			}
			seen[row] = true
		}
	}
	if len(pages) != 2 || len(pages[0]) != sqlite.StockPage || len(seen) != want {
		t.Errorf("the stock's pages list %d lots on %d pages, want %d on 2 (%d on the first)", len(seen), len(pages), want, sqlite.StockPage)
	}
	checkBadCursors(t, ts, path+"?after=", cursor.Get("after"))
	// A cursor of another list is no cursor here.
	checkBadCursors(t, ts, path+"?discrepancies=", cursor.Get("after"))
	checkBadCursors(t, ts, path+"?expected_after=", cursor.Get("after"))
	// The lots are listed once on the page: no second table of them.
	body := ts.client().get(path).Body
	if parseHTML(t, body).byID("org-stock") != nil {
		t.Errorf("%s lists its lots twice", path)
	}
}

// checkBadCursors asks prefix (a path ending in its cursor parameter)
// with garbage and forged cursors (a real one, good, altered) and expects
// 400 with the message in English and Chinese.
func checkBadCursors(t *testing.T, ts *testServer, prefix, good string) {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(good)
	if err != nil || good == "" {
		t.Fatalf("cursor %q is not base64url: %v", good, err)
	}
	forged := []byte(strings.Replace(string(raw), "1", "2", 1))
	if string(forged) == string(raw) {
		forged[0] ^= 1
	}
	for _, bad := range []string{"garbage!", "AAAA", base64.RawURLEncoding.EncodeToString(forged), good + "A"} {
		for lang, msg := range map[string]string{"en": "this page link is damaged", "zh-CN": "此翻页链接已损坏"} {
			c := ts.client()
			c.Lang = lang
			res := c.get(prefix + url.QueryEscape(bad))
			if res.Status != http.StatusBadRequest || !strings.Contains(res.Body, msg) {
				t.Errorf("%s%s (%s): status %d, want 400 saying %q", prefix, bad, lang, res.Status, msg)
			}
		}
	}
}

func TestAccessLogRefusesBadCursor(t *testing.T) {
	ts := newServer(t)
	c := ts.as(sqlitetest.Auditor(t, ts.Store))
	if res := c.get("/review/access-log"); res.Status != http.StatusOK {
		t.Fatalf("access log: %d", res.Status)
	}
	for _, bad := range []string{"garbage", "AAAAAAAAAAAAAAAAAAAAAAAA"} {
		if res := c.get("/review/access-log?after=" + bad); res.Status != http.StatusBadRequest || !strings.Contains(res.Body, "this page link is damaged") {
			t.Errorf("access log with cursor %q: %d, want 400", bad, res.Status)
		}
	}
}

// The ledger browser's page links carry entry indexes: one that is no
// index is a damaged link (400 in the reader's language), not a form
// error.
func TestLedgerRefusesBadCursor(t *testing.T) {
	ts := newServer(t)
	for _, q := range []string{"before=abc", "after=x", "before=-1", "after=1e3", "before=9999999999999999999999"} {
		for lang, msg := range map[string]string{"en": "this page link is damaged", "zh-CN": "此翻页链接已损坏"} {
			c := ts.client()
			c.Lang = lang
			if res := c.get("/ledger?" + q); res.Status != http.StatusBadRequest || !strings.Contains(res.Body, msg) {
				t.Errorf("/ledger?%s (%s): status %d, want 400 saying %q", q, lang, res.Status, msg)
			}
		}
	}
	if res := ts.client().get("/ledger?before=1"); res.Status != http.StatusOK {
		t.Errorf("/ledger?before=1: %d", res.Status)
	}
}
