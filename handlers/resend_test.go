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
	lot := doneLotRE.FindStringSubmatch(res.Body)[1]
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
