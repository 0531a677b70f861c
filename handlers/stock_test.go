package handlers_test

// The warehouse's and hospital's day: expected deliveries and stock cards
// on /stock, receipts only of what arrived, the pledge receipt and the
// label sheet as people use them.

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestReceiptOnlyOnceDelivered: through a carrier, the hospital is offered
// "Confirm receipt" only once the carrier delivered; before that the
// server refuses a receipt with the reason on the shipment's page, in the
// reader's language. A direct handover is counted at once.
func TestReceiptOnlyOnceDelivered(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	car := sqlitetest.Org(t, s, ledger.OrgLogistics, "Swift Logistics")
	lot := receiveLot(t, s, wh, 100)
	id := dispatchLot(t, s, wh, lot, 60, hosp.Org, car.Org)
	ship := "/handoffs/" + itoa(id)

	hc := ts.as(hosp)
	carrier := ts.as(car)
	receipt := url.Values{"lot-0": {lot}, "received-0": {"60"}, "condition-0": {"good"}}
	for _, step := range []string{"", "pickup"} {
		if step != "" {
			if res := carrier.submit(ship+"/"+step, nil); res.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", step, res.Status, errorOf(res.Body))
			}
		}
		page := parseHTML(t, hc.get(ship).Body)
		if page.byID("receive-form") != nil {
			t.Errorf("after %q the hospital is offered to confirm receipt before delivery", step)
		}
		if n := page.byID("handoff-awaits"); n == nil || !strings.Contains(text(n), "not confirmed delivery") {
			t.Errorf("after %q the hospital is not told the shipment is still on its way", step)
		}
		if lotPage := parseHTML(t, hc.get("/t/"+lot).Body); lotPage.byID("lot-receive") != nil {
			t.Errorf("after %q the lot's page offers the hospital to confirm receipt", step)
		}
		for lang, want := range map[string]string{"en": "the carrier has not delivered this shipment yet", "zh-CN": "承运方尚未送达本次运输"} {
			hc.Lang = lang
			res := hc.postForm(ship+"/receive", receipt)
			hc.Lang = ""
			if res.Status != http.StatusConflict || !strings.Contains(errorOf(res.Body), want) {
				t.Errorf("after %q, receipt in %s: %d %q, want 409 saying %q", step, lang, res.Status, errorOf(res.Body), want)
			}
			if parseHTML(t, res.Body).byID("handoff-page") == nil {
				t.Errorf("after %q the refusal is not shown on the shipment's page", step)
			}
		}
	}
	if res := carrier.submit(ship+"/deliver", nil); res.Status != http.StatusOK {
		t.Fatalf("deliver: %d %s", res.Status, errorOf(res.Body))
	}
	page := parseHTML(t, hc.get(ship).Body)
	if page.byID("receive-form") == nil || page.byID("handoff-awaits") != nil {
		t.Fatal("once delivered the hospital is not offered to confirm receipt")
	}
	if res := hc.submit(ship+"/receive", receipt); res.Status != http.StatusOK || !parseHTML(t, res.Body).has("done") {
		t.Fatalf("receipt once delivered: %d %s", res.Status, errorOf(res.Body))
	}

	// Handed over directly (no carrier): counted as soon as it is sent.
	direct := dispatchLot(t, s, wh, lot, 40, hosp.Org, 0)
	if parseHTML(t, hc.get("/handoffs/"+itoa(direct)).Body).byID("receive-form") == nil {
		t.Error("a direct handover does not offer the receipt form")
	}
}

// TestPledgeReceiptRestates: the receipt shown right after pledging says
// what was pledged, for which need, where and by when to bring it, in the
// donor's language, and offers to print it (a button print.js shows; the
// browser's own Print without JavaScript).
func TestPledgeReceiptRestates(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital")
	need := itoa(publishedNeed(t, s, rec, sqlitetest.Auditor(t, s), "goggles", 400))
	donor := sqlitetest.Donor(t, s)
	// Different quantities: the same pledge sent twice is asked about.
	qty := map[string]string{"en": "150", "zh-CN": "120"}
	for _, lang := range []string{"en", "zh-CN"} {
		dc := ts.as(donor)
		dc.Lang = lang
		due := inDays(3)
		res := dc.submit("/pledge", url.Values{"need": {need}, "kind": {"goods"}, "need_line_1": {qty[lang]}, "handover": {ledger.HandoverDropOff},
			"due": {due}, "deliver_to": {itoa(rec.Org)}, "nonce": {"receipt-form-key-" + lang}})
		if res.Status != http.StatusOK || !parseHTML(t, res.Body).has("receipt-secret") {
			t.Fatalf("%s: pledge: %d %s", lang, res.Status, errorOf(res.Body))
		}
		page := parseHTML(t, res.Body)
		facts := page.byID("pledge-facts")
		if facts == nil {
			t.Fatalf("%s: the receipt does not restate the pledge", lang)
		}
		unit := map[string]string{"en": "150 pcs", "zh-CN": "120"}[lang]
		item := map[string]string{"en": "goggles", "zh-CN": "护目镜"}[lang]
		handover := map[string]string{"en": "I bring it", "zh-CN": "本人送至"}[lang]
		for what, want := range map[string]string{"quantity": unit, "item": item, "need": "Ward supplies", "due date": due, "handover": handover} {
			if !strings.Contains(strings.ToLower(text(facts)), strings.ToLower(want)) {
				t.Errorf("%s: the receipt's facts do not say the %s (%q): %q", lang, what, want, text(facts))
			}
		}
		for id, want := range map[string]string{"pledge-deliver-to": "Jinyintan Hospital", "pledge-place": "Wuhan, Hongshan", "pledge-deadline": inDays(5)} {
			if n := page.byID(id); n == nil || !strings.Contains(text(n), want) {
				t.Errorf("%s: #%s does not say %q", lang, id, want)
			}
		}
		b := page.byID("print-button")
		if b == nil || !hasAttr(b, "hidden") || !hasAttr(b, "data-print") || page.byID("print-hint") == nil {
			t.Errorf("%s: no print button hidden for print.js, with the hint for a browser without JavaScript", lang)
		}
		if page.first(func(n *html.Node) bool { return n.Data == "script" && attr(n, "src") == "/static/js/print.js" }) == nil {
			t.Errorf("%s: the receipt does not load print.js", lang)
		}
	}
	if js := ts.client().get("/static/js/print.js"); js.Status != http.StatusOK || !strings.Contains(js.Body, "window.print()") {
		t.Errorf("print.js: %d", js.Status)
	}
}

// TestLabelSheetFrame: the label sheet is a page of the site (header with
// the language switch, a main landmark, a heading, a print button) and a
// label of a lot on its way says where it goes.
func TestLabelSheetFrame(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	held, sent := receiveLot(t, s, wh, 10), receiveLot(t, s, wh, 20)
	id := dispatchLot(t, s, wh, sent, 20, hosp.Org, 0)
	for lang, want := range map[string]string{"en": "To Union Hospital (shipment " + itoa(id) + ")", "zh-CN": "发往 Union Hospital（第 " + itoa(id) + " 号运输）"} {
		c := ts.as(wh)
		c.Lang = lang
		res := c.get("/labels?lot=" + held + "&lot=" + sent)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: labels: %d", lang, res.Status)
		}
		page := parseHTML(t, res.Body)
		main := page.first(func(n *html.Node) bool { return n.Data == "main" })
		if main == nil || page.first(func(n *html.Node) bool { return n.Data == "h1" }) == nil {
			t.Errorf("%s: the label sheet has no main landmark or heading", lang)
		}
		if page.first(func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == "/lang" }) == nil {
			t.Errorf("%s: the label sheet has no language switch", lang)
		}
		if b := page.byID("print-button"); b == nil || !hasAttr(b, "data-print") {
			t.Errorf("%s: the label sheet has no print button", lang)
		}
		if n := page.byID("label-" + sent); n == nil || !strings.Contains(text(n), want) {
			t.Errorf("%s: the label of the lot on its way does not say %q", lang, want)
		}
		if n := page.byID("label-" + held); n == nil || strings.Contains(text(n), "Union Hospital") {
			t.Errorf("%s: the label of a lot at hand names a destination", lang)
		}
	}
}

// pledgeTo has a new donor pledge q masks to m's organisation, handed over
// by due; it returns the pledge's code.
func pledgeTo(t *testing.T, s *sqlite.Store, donor, m ledger.Member, q int64, due string) string {
	t.Helper()
	r, err := s.MakePledge(context.Background(), donor, sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff, DeliverTo: m.Org,
		Due: due, Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: q}}})
	if err != nil {
		t.Fatal(err)
	}
	return r.Code
}

// receiveExpiring has m's organisation receive a new pledge of q masks as
// one lot expiring on expiry ("" for none); it returns the lot's code.
func receiveExpiring(t *testing.T, s *sqlite.Store, donor, m ledger.Member, q int64, expiry string) string {
	t.Helper()
	codes, err := s.ReceivePledge(context.Background(), m, pledgeTo(t, s, donor, m, q, inDays(0)),
		[]sqlite.LotInput{{Item: "mask-surgical", Quantity: q, Expiry: expiry, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	return codes[0]
}

// ids lists the ids of the elements under the one with id list.
func ids(t *testing.T, body, list string) []string {
	t.Helper()
	var out []string
	if ul := parseHTML(t, body).byID(list); ul != nil {
		for c := ul.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && attr(c, "id") != "" {
				out = append(out, attr(c, "id"))
			}
		}
	}
	return out
}

// TestStockDay: /stock and the organisation's public page list the
// pledges to be delivered (soonest due first, age, overdue marked in
// words) and the lots held as cards, soonest expiry first, expired and
// expiring within 30 days marked in words, in both languages; both lists
// are paged.
func TestStockDay(t *testing.T) {
	const later = 10 // the server's day is ten days after the store's
	ts := newServer(t, func(c *handlers.Config) { c.Now = func() time.Time { return time.Now().AddDate(0, 0, later) } })
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	other := sqlitetest.Org(t, s, ledger.OrgWarehouse, "North Depot")
	donor := sqlitetest.Donor(t, s)
	// As the server sees it: expired 5 days ago, expiring in 20 days, in
	// 190 days, never.
	lots := []string{receiveExpiring(t, s, donor, wh, 10, inDays(later+190)), receiveExpiring(t, s, donor, wh, 100, ""),
		receiveExpiring(t, s, donor, wh, 10, inDays(later-5)), receiveExpiring(t, s, donor, wh, 10, inDays(later+20))}
	wantLots := []string{"stock-lot-" + lots[2], "stock-lot-" + lots[3], "stock-lot-" + lots[0], "stock-lot-" + lots[1]}
	// Due (as the server sees it) 8 days ago and in 20 days; one for another warehouse.
	soon, overdue := pledgeTo(t, s, donor, wh, 300, inDays(later+20)), pledgeTo(t, s, donor, wh, 200, inDays(later-8))
	pledgeTo(t, s, donor, other, 100, inDays(0))
	wantExpected := []string{"expected-" + overdue, "expected-" + soon}

	marks := map[string]map[string]string{
		"en":    {"expired": "Expired 5 days ago", "soon": "Expires in 20 days", "overdue": "Overdue by 8 days", "age": "pledged 10 days ago"},
		"zh-CN": {"expired": "已过期 5 天", "soon": "20 天后到期", "overdue": "已逾期 8 天", "age": "10 天前认捐"},
	}
	for _, lang := range []string{"en", "zh-CN"} {
		want := marks[lang]
		staff := ts.as(wh)
		staff.Lang = lang
		public := ts.client()
		public.Lang = lang
		for who, res := range map[string]*response{"/stock": staff.get("/stock"), "public page": public.get("/orgs/" + itoa(wh.Org))} {
			if res.Status != http.StatusOK {
				t.Fatalf("%s %s: %d", lang, who, res.Status)
			}
			page := parseHTML(t, res.Body)
			if got := ids(t, res.Body, "stock-lots"); !slices.Equal(got, wantLots) {
				t.Errorf("%s %s: lots %v, want soonest expiry first %v", lang, who, got, wantLots)
			}
			for lot, mark := range map[string]string{lots[2]: want["expired"], lots[3]: want["soon"]} {
				card := page.byID("stock-lot-" + lot)
				m := page.first(func(n *html.Node) bool { return hasClass(n, "mark") && isUnder(n, card) })
				if m == nil || !strings.Contains(text(m), mark) {
					t.Errorf("%s %s: lot %s is not marked %q", lang, who, lot, mark)
				}
			}
			for _, lot := range lots[:2] {
				card := page.byID("stock-lot-" + lot)
				if page.first(func(n *html.Node) bool { return hasClass(n, "mark") && isUnder(n, card) }) != nil {
					t.Errorf("%s %s: lot %s is marked though far from its expiry", lang, who, lot)
				}
			}
			if got := ids(t, res.Body, "stock-expected"); !slices.Equal(got, wantExpected) {
				t.Errorf("%s %s: expected deliveries %v, want soonest due first %v", lang, who, got, wantExpected)
			}
			if n := page.byID("expected-" + overdue); n == nil || !strings.Contains(text(n), want["overdue"]) || !strings.Contains(text(n), want["age"]) {
				t.Errorf("%s %s: the overdue pledge does not say %q and %q", lang, who, want["overdue"], want["age"])
			}
			if n := page.byID("expected-" + soon); n == nil || strings.Contains(text(n), want["overdue"][:4]) {
				t.Errorf("%s %s: the pledge not yet due is missing or marked overdue", lang, who)
			}
			receive := page.first(func(n *html.Node) bool { return attr(n, "href") == "/t/"+overdue+"/receive" })
			if (who == "/stock") != (receive != nil) {
				t.Errorf("%s %s: receive link shown: %v", lang, who, receive != nil)
			}
			if boxes := page.all(func(n *html.Node) bool { return attr(n, "type") == "checkbox" }); (who == "/stock") != (len(boxes) == len(lots)) {
				t.Errorf("%s %s: %d checkboxes", lang, who, len(boxes))
			}
		}
	}

	// Paged: 56 lots and 22 pledges show in pages that together hold
	// each once.
	if _, err := s.SplitLot(context.Background(), wh, lots[1], slices.Repeat([]int64{1}, 52), sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		pledgeTo(t, s, donor, wh, 5, inDays(later+30))
	}
	staff := ts.as(wh)
	cursors := map[string]string{} // the sealed cursor of each list's second page
	for list, want := range map[string]int{"stock-lots": 56, "stock-expected": 22} {
		seen := map[string]bool{}
		path, pages := "/stock", 0
		for path != "" && pages < 5 {
			body := staff.get(path).Body
			got := ids(t, body, list)
			if len(got) > sqlite.StockPage {
				t.Errorf("%s: a page shows %d", list, len(got))
			}
			for _, id := range got {
				if seen[id] {
					t.Errorf("%s: %s shown twice", list, id)
				}
				seen[id] = true
			}
			pages++
			path = ""
			doc := parseHTML(t, body)
			pager := doc.byID(list + "-pager")
			if more := doc.first(func(n *html.Node) bool { return attr(n, "rel") == "next" && isUnder(n, pager) }); more != nil {
				path = attr(more, "href")
				u, err := url.Parse(path)
				if err != nil {
					t.Fatal(err)
				}
				cursors[list] = u.Query().Get(map[string]string{"stock-lots": "after", "stock-expected": "expected_after"}[list])
			}
		}
		if len(seen) != want || pages != 2 {
			t.Errorf("%s: %d shown over %d pages, want %d over 2", list, len(seen), pages, want)
		}
	}
	// The cursors are sealed: a lot or pledge code, a damaged cursor or
	// the other list's is a damaged link (400), on /stock and on the
	// public page that shows the same lists.
	public := "/orgs/" + itoa(wh.Org)
	checkBadCursors(t, ts, public+"?after=", cursors["stock-lots"])
	checkBadCursors(t, ts, public+"?expected_after=", cursors["stock-expected"])
	checkBadCursors(t, ts, public+"?after=", cursors["stock-expected"])
	for _, q := range []string{"after=" + lots[0], "expected_after=" + url.QueryEscape(cursors["stock-lots"])} {
		if res := staff.get("/stock?" + q); res.Status != http.StatusBadRequest || !strings.Contains(res.Body, "this page link is damaged") {
			t.Errorf("/stock?%s: %d, want 400", q, res.Status)
		}
	}
}

// isUnder reports whether n is anc or inside it.
func isUnder(n, anc *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == anc {
			return true
		}
	}
	return false
}
