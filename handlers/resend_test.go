package handlers_test

// Back and submit again: a signed-in page is not cached, so the back
// button fetches the form anew, with a new one-time key. Its content is
// what tells it from a new form.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/net/html"
)

// resentForm returns the values the "you already sent this" page would
// send again, or nil if the page is not that question.
func resentForm(t *testing.T, body string) url.Values {
	t.Helper()
	f := parseHTML(t, body).byID("resent-again")
	if f == nil {
		return nil
	}
	v := url.Values{}
	for n := range f.Descendants() {
		if n.Type == html.ElementNode && n.Data == "input" && attr(n, "type") == "hidden" {
			v.Add(attr(n, "name"), attr(n, "value"))
		}
	}
	return v
}

// TestBackAndSubmitAgain: a donor pledges, goes back to the form (fetched
// anew, with a new key) and sends the same pledge again: they are told, in
// their language, that it was sent already, with a link to its receipt,
// and no second pledge is made unless they tick that they mean one. A
// changed pledge is a new pledge. A warehouse's split likewise.
func TestBackAndSubmitAgain(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	need := publishedNeed(t, s, rec, sqlitetest.Auditor(t, s), "mask-surgical", 8000)
	donor := sqlitetest.Donor(t, s)
	dc := ts.as(donor)
	pledges := func() int {
		ps, err := s.MyPledges(t.Context(), donor)
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	pledge := func(q string) *response {
		form := dc.get(fmt.Sprintf("/pledge?need=%d", need))
		return dc.postForm("/pledge", url.Values{"nonce": {nonceOf(t, form.Body)}, "need": {fmt.Sprint(need)}, "kind": {"goods"},
			"need_line_1": {q}, "handover": {ledger.HandoverCourier}, "due": {inDays(2)}})
	}
	first := pledge("500")
	if first.Status != http.StatusSeeOther || !strings.HasPrefix(first.Location(), "/my/donations/") {
		t.Fatalf("pledge: %d %s", first.Status, errorOf(first.Body))
	}
	for lang, want := range map[string]string{"en": "You sent this same form less than a minute ago", "zh-CN": "不到一分钟前提交过内容完全相同的表单"} {
		dc.Lang = lang
		again := pledge("500")
		if again.Status != http.StatusConflict {
			t.Fatalf("%s: the same pledge sent again from a re-fetched form: %d, want 409 and a question", lang, again.Status)
		}
		mustContain(t, lang+" question", again.Body, want)
		if a := parseHTML(t, again.Body).byID("resent-made"); attr(a, "href") != first.Location() {
			t.Errorf("%s: the question links to %q, want the receipt %q", lang, attr(a, "href"), first.Location())
		}
	}
	if n := pledges(); n != 1 {
		t.Fatalf("%d pledges after sending the same form again, want 1", n)
	}
	// Ticked: a second, separate pledge, once however often it is sent.
	dc.Lang = "en"
	again := resentForm(t, pledge("500").Body)
	if again == nil || again.Get("need_line_1") != "500" || again.Get("nonce") == "" {
		t.Fatalf("the question does not carry the pledge to send again: %v", again)
	}
	again.Set("again", "1")
	second := dc.postForm("/pledge", again)
	if second.Status != http.StatusSeeOther || second.Location() == first.Location() {
		t.Fatalf("a second pledge, confirmed: %d to %q", second.Status, second.Location())
	}
	if res := dc.postForm("/pledge", again); res.Status != http.StatusSeeOther || res.Location() != second.Location() {
		t.Errorf("the confirmed second pledge sent twice: %d to %q", res.Status, res.Location())
	}
	if res := pledge("400"); res.Status != http.StatusSeeOther {
		t.Errorf("a different pledge is asked about: %d", res.Status)
	}
	if n := pledges(); n != 3 {
		t.Errorf("%d pledges, want 3 (the first, the confirmed second, the different one)", n)
	}

	// A warehouse splits a lot, goes back to the lot page and splits again.
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	pl := masksPledged(t, s, wh, 1000)
	staff := ts.as(wh)
	form := staff.get("/t/" + pl.Code + "/receive")
	res := staff.submit("/t/"+pl.Code+"/receive", url.Values{"nonce": {nonceOf(t, form.Body)}, "item-0": {"mask-surgical"}, "quantity-0": {"1000"}, "condition-0": {"good"}})
	lot := doneLots(t, res.Body)[0]
	split := func() *response {
		page := staff.get("/t/" + lot)
		return staff.postForm("/t/"+lot+"/split", url.Values{"quantities": {"100"}, "nonce": {nonceOf(t, page.Body)}})
	}
	if res := split(); res.Status != http.StatusSeeOther {
		t.Fatalf("split: %d %s", res.Status, errorOf(res.Body))
	}
	if res := split(); res.Status != http.StatusConflict || resentForm(t, res.Body) == nil {
		t.Errorf("the same split from a re-fetched lot page: %d, want the question", res.Status)
	}
	var held int64
	s.DB().QueryRow(`SELECT held FROM lots WHERE code = ?`, lot).Scan(&held)
	if held != 900 {
		t.Errorf("the lot holds %d after one split of 100 sent twice, want 900", held)
	}
}

// masksPledged is a donor's pledge of qty surgical masks, dropped off at
// the warehouse wh.
func masksPledged(t *testing.T, s *sqlite.Store, wh ledger.Member, qty int64) *sqlite.PledgeReceipt {
	t.Helper()
	pl, err := s.MakePledge(context.Background(), sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff,
		Due: time.Now().Format(time.DateOnly), Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: qty}}, DeliverTo: wh.Org})
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// TestFormWithoutKeyIsRefused: every form that changes something must
// carry its one-time key; one sent without (not from the site's page) is
// refused on the form, in the reader's language, and changes nothing.
func TestFormWithoutKeyIsRefused(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	need := publishedNeed(t, s, rec, sqlitetest.Auditor(t, s), "mask-surgical", 8000)
	count := func(table string) (n int) {
		s.DB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n)
		return n
	}
	donor, hospital := ts.as(sqlitetest.Donor(t, s)), ts.as(rec)
	donor.Lang = "zh-CN"
	needs, users := count("needs"), count("users")
	for _, tc := range []struct {
		c          *client
		path, want string
		form       url.Values
	}{
		{donor, "/pledge", "表单已过期，请刷新页面后重试", url.Values{"need": {fmt.Sprint(need)}, "kind": {"goods"}, "need_line_1": {"500"},
			"handover": {ledger.HandoverCourier}, "due": {inDays(2)}}},
		{hospital, "/my/needs", "this form has expired; reload the page and try again", needForm("Ward 3", "mask-surgical", 100)},
		{ts.client(), "/signup", "this form has expired; reload the page and try again", url.Values{"email": {"wang@example.com"}, "password": {"correct horse battery"}}},
	} {
		if res := tc.c.postRaw(tc.path, tc.form); res.Status != http.StatusUnprocessableEntity || errorOf(res.Body) != tc.want {
			t.Errorf("%s without a key: %d %q, want 422 %q", tc.path, res.Status, errorOf(res.Body), tc.want)
		}
	}
	if count("pledges") != 0 || count("needs") != needs || count("users") != users {
		t.Error("a form without a key changed something")
	}
}

// TestHandOnPledge: the warehouse a pledge is delivered to hands it on,
// from its receipt form, to a hospital, which then receives it instead;
// a hand-on without a choice stays on the form with the field marked.
func TestHandOnPledge(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	pl := masksPledged(t, s, wh, 200)
	staff := ts.as(wh)
	form := staff.get("/t/" + pl.Code + "/receive")
	hf := parseHTML(t, form.Body).byID("hand-on-form")
	if hf == nil || named(hf, "to") == nil || !strings.Contains(text(hf), "Union Hospital") {
		t.Fatalf("the receipt form offers no hand-on to the hospital")
	}
	staff.Lang = "zh-CN"
	refusedField(t, "hand-on to nobody (zh)", staff.postForm("/t/"+pl.Code+"/hand-on", url.Values{"to": {""}, "reason": {"改送医院"}}),
		http.StatusUnprocessableEntity, "hand-on-form", "to", "请选择改由哪家机构签收", "")
	staff.Lang = "en"
	res := staff.postForm("/t/"+pl.Code+"/hand-on", url.Values{"nonce": {nonceOf(t, form.Body)}, "to": {fmt.Sprint(hosp.Org)}, "reason": {"sent straight to the hospital"}})
	if res.Status != http.StatusSeeOther || res.Location() != "/t/"+pl.Code {
		t.Fatalf("hand-on: %d to %q %s", res.Status, res.Location(), errorOf(res.Body))
	}
	if again := staff.get("/t/" + pl.Code + "/receive"); parseHTML(t, again.Body).byID("hand-on-form") != nil {
		t.Error("the warehouse is still offered to hand on a pledge it handed on")
	}
	if res := staff.postForm("/t/"+pl.Code+"/receive", url.Values{"item-0": {"mask-surgical"}, "quantity-0": {"200"}, "condition-0": {"good"}}); res.Status != http.StatusForbidden {
		t.Errorf("the warehouse received a pledge it handed on: %d", res.Status)
	}
	hc := ts.as(hosp)
	if res := hc.submit("/t/"+pl.Code+"/receive", url.Values{"item-0": {"mask-surgical"}, "quantity-0": {"200"}, "condition-0": {"good"}}); res.Status != http.StatusOK {
		t.Errorf("the hospital cannot receive the pledge handed on to it: %d %s", res.Status, errorOf(res.Body))
	}
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM entries WHERE CAST(data AS TEXT) LIKE '%"pledge.handed_on"%'`).Scan(&n)
	if n != 1 {
		t.Errorf("%d pledge.handed_on entries, want 1", n)
	}
}

// TestSpendingSentAgainAsksForTheInvoice: the money desk's spending form
// carries its invoice as a file; sent again from a re-fetched desk with the
// same invoice it is asked about like any other form (nothing spent twice),
// and the question asks for the file again (a page cannot send it back); a
// different invoice is another purchase.
func TestSpendingSentAgainAsksForTheInvoice(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Hubei Red Cross Warehouse")
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(ledger.DateFormat)
	money, err := s.MakePledge(t.Context(), sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeMoney, Currency: "CNY", AmountMinor: 100000,
		Handover: ledger.HandoverTransfer, Due: inDays(3), DeliverTo: wh.Org})
	if err != nil {
		t.Fatal(err)
	}
	lot, err := s.ReceiveMoney(t.Context(), wh, sqlite.MoneyReceiptInput{Pledge: money.Code, AmountMinor: 100000, Date: yesterday, Reference: "BOC 1"}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	cc := ts.as(wh)
	invoice, other := []byte("%PDF-1.4 invoice 2026-017: 200 N95 masks"), []byte("%PDF-1.4 invoice 2026-018: 200 N95 masks")
	buy := url.Values{"category": {ledger.SpendSupplies}, "lot_1": {lot}, "amount_1": {"100"}, "supplier": {"Wuhan Medical Supplies Co."},
		"date": {yesterday}, "item_1": {"mask-medical-protective"}, "qty_1": {"200"}}
	spend := func(form url.Values, file []byte) *response {
		ct, body := multipartFile(t, form, "invoice", "invoice-017.pdf", file)
		return cc.post("/funds/spend", ct, body)
	}
	spent := func() int {
		var n int
		s.DB().QueryRow(`SELECT count(*) FROM entries WHERE type = ?`, ledger.TypeMoneySpent).Scan(&n)
		return n
	}
	buy.Set("nonce", deskNonce(t, cc))
	wantRedirect(t, "purchase", spend(buy, invoice), "/funds/desk?n=spent")
	for lang, want := range map[string]string{"en": "choose the file again: invoice-017.pdf", "zh-CN": "请重新选择文件：invoice-017.pdf"} {
		cc.Lang = lang
		buy.Set("nonce", deskNonce(t, cc)) // Back: the desk fetched anew, a new key
		res := spend(buy, invoice)
		if res.Status != http.StatusConflict {
			t.Fatalf("%s: the same purchase from a re-fetched desk: %d %s, want 409 and the question", lang, res.Status, errorOf(res.Body))
		}
		d := parseHTML(t, res.Body)
		f := d.byID("resent-again")
		if attr(f, "enctype") != "multipart/form-data" || resentForm(t, res.Body).Get("amount_1") != "100" {
			t.Errorf("%s: the question cannot send the purchase back with a file", lang)
		}
		in := named(f, "invoice")
		if attr(in, "type") != "file" || !hasAttr(in, "required") || !strings.Contains(text(d.first(func(n *html.Node) bool {
			return n.Data == "label" && attr(n, "for") == attr(in, "id")
		})), want) {
			t.Errorf("%s: the question does not ask for the invoice again (%q)", lang, want)
		}
	}
	if n := spent(); n != 1 {
		t.Fatalf("%d spendings after sending the same purchase again, want 1", n)
	}
	// Another invoice is another purchase.
	buy.Set("nonce", deskNonce(t, cc))
	wantRedirect(t, "purchase with another invoice", spend(buy, other), "/funds/desk?n=spent")
	// Ticked, with the file chosen again: a second, separate purchase.
	buy.Set("nonce", deskNonce(t, cc))
	again := resentForm(t, spend(buy, invoice).Body)
	if again == nil {
		t.Fatal("the same purchase again is not asked about")
	}
	again.Set("again", "1")
	wantRedirect(t, "second purchase, confirmed", spend(again, invoice), "/funds/desk?n=spent")
	if n := spent(); n != 3 {
		t.Errorf("%d spendings, want 3 (the first, another invoice's, the confirmed second)", n)
	}
}
