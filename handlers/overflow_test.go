package handlers_test

// More than pledged, more than needed: both are refused until the person
// says so, in their own language, and then shown publicly.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestOverReceive: a warehouse cannot receive more of a pledge than was
// pledged, in two deliveries or one, unless it states the over-delivery;
// then the pledge page shows "more than pledged"; the refusal is in the
// reader's language and changes nothing.
func TestOverReceive(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	pl := masksPledged(t, s, wh, 100)
	staff := ts.as(wh)
	receive := func(q, over, lang string) *response {
		staff.Lang = lang
		form := staff.get("/t/" + pl.Code + "/receive")
		return staff.postForm("/t/"+pl.Code+"/receive", url.Values{"nonce": {nonceOf(t, form.Body)}, "item-0": {"mask-surgical"},
			"quantity-0": {q}, "condition-0": {"good"}, "over_delivery": {over}})
	}
	received := func() (n int64) {
		s.DB().QueryRow(`SELECT coalesce(sum(quantity), 0) FROM lots WHERE pledge = ?`, pl.Code).Scan(&n)
		return n
	}
	for _, tc := range []struct{ lang, want string }{
		{"en", "only 100 pcs of this pledge are left to receive, not 150"},
		{"zh-CN", "该认捐尚待签收的只有 100 件，不是 150"},
	} {
		if res := receive("150", "", tc.lang); res.Status < 400 || !strings.Contains(errorOf(res.Body), tc.want) {
			t.Errorf("%s: 150 of a pledge of 100: %d %q", tc.lang, res.Status, errorOf(res.Body))
		}
	}
	if n := received(); n != 0 {
		t.Fatalf("a refused receipt left %d received", n)
	}
	if res := receive("60", "", "en"); res.Status >= 400 {
		t.Fatalf("first delivery: %d %s", res.Status, errorOf(res.Body))
	}
	if res := receive("60", "", "zh-CN"); res.Status < 400 || !strings.Contains(errorOf(res.Body), "只有 40") {
		t.Errorf("a second delivery beyond the pledge: %d %q", res.Status, errorOf(res.Body))
	}
	if res := receive("60", "the donor added a carton", "en"); res.Status >= 400 {
		t.Fatalf("stated over-delivery: %d %s", res.Status, errorOf(res.Body))
	}
	if n := received(); n != 120 {
		t.Errorf("received %d, want 120", n)
	}
	for lang, want := range map[string]string{"en": "more than pledged: 20 pcs", "zh-CN": "超出认捐：20 件"} {
		c := ts.client()
		c.Lang = lang
		page := c.get("/t/" + pl.Code)
		mustContain(t, lang+" pledge page", page.Body, want)
	}
	if res := receive("1", "more", "en"); res.Status < 400 || !strings.Contains(errorOf(res.Body), "this pledge is closed") {
		t.Errorf("receiving a closed pledge: %d %q", res.Status, errorOf(res.Body))
	}
}

// TestOverPledge: a pledge beyond what a need line still needs comes back
// with a warning saying by how much, in the donor's language; confirmed, it
// is made and the need shows it as pledged beyond need.
func TestOverPledge(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	need := publishedNeed(t, s, rec, sqlitetest.Auditor(t, s), "mask-surgical", 8000)
	donor := ts.as(sqlitetest.Donor(t, s))
	pledges := func() (n int) {
		s.DB().QueryRow(`SELECT count(*) FROM pledges`).Scan(&n)
		return n
	}
	form := url.Values{"need": {fmt.Sprint(need)}, "kind": {"goods"}, "need_line_1": {"50000"}, "handover": {ledger.HandoverCourier}, "due": {inDays(2)}}
	for lang, want := range map[string]string{"en": "This is 42,000 pcs more than the line still needs.", "zh-CN": "比该行尚需的数量多 42,000 件"} {
		donor.Lang = lang
		res := donor.postForm("/pledge", form)
		if res.Status < 400 {
			t.Fatalf("%s: a pledge of 50,000 against 8,000 still needed went through: %d", lang, res.Status)
		}
		mustContain(t, lang+" refused pledge form", res.Body, want)
		if d := parseHTML(t, res.Body); !d.has("beyond_need") || attr(d.byID("need_line_1"), "value") != "50000" {
			t.Errorf("%s: the refused pledge form does not offer to confirm, with 50000 kept", lang)
		}
	}
	if n := pledges(); n != 0 {
		t.Fatalf("a refused pledge was saved (%d pledges)", n)
	}
	form.Set("beyond_need", "1")
	if res := donor.postForm("/pledge", form); res.Status >= 400 {
		t.Fatalf("confirmed pledge: %d %s", res.Status, errorOf(res.Body))
	}
	if n := pledges(); n != 1 {
		t.Fatalf("%d pledges after the confirmed one, want 1", n)
	}
	for lang, want := range map[string]string{"en": "pledged beyond need: 42,000 pcs", "zh-CN": "超出需求的认捐：42,000 件"} {
		c := ts.client()
		c.Lang = lang
		mustContain(t, lang+" need page", c.get(fmt.Sprintf("/needs/%d", need)).Body, want)
	}
}
