package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestDatesWithinReasonOnForms: the use dated 9999-12-31 and one
// dated 0001-01-01, and an expiry 9999-12-31 on a receipt, are refused on
// the form, the date marked with the message beside it in the reader's
// language; nothing is used or received.
func TestDatesWithinReasonOnForms(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	lot := receiveVia(t, s, sqlitetest.Donor(t, s), wh, hosp, 100)
	hc := ts.as(hosp)
	for _, c := range []struct{ lang, date, msg string }{
		{"en", "9999-12-31", "the date 9999-12-31 must be between 2000-01-01 and today"},
		{"zh-CN", "0001-01-01", "日期 0001-01-01 须在 2000-01-01 与今天之间"},
	} {
		hc.Lang = c.lang
		page := hc.get("/t/" + lot)
		res := hc.postForm("/t/"+lot+"/use", url.Values{"quantity": {"5"}, "use": {"ICU ward 3"}, "date": {c.date}, "nonce": {nonceOf(t, page.Body)}})
		refusedField(t, c.lang+" use dated "+c.date, res, http.StatusUnprocessableEntity, "use-form", "date", c.msg, c.date)
	}
	var held int64
	s.DB().QueryRow(`SELECT held FROM lots WHERE code = ?`, lot).Scan(&held)
	if held != 100 {
		t.Errorf("the lot holds %d after refused uses, want 100", held)
	}

	pl := masksPledged(t, s, wh, 50)
	staff := ts.as(wh)
	for _, c := range []struct{ lang, msg string }{
		{"en", "the expiry date 9999-12-31 must be between 2000-01-01 and 30 years from now"},
		{"zh-CN", "有效期 9999-12-31 须在 2000-01-01 与 30 年后之间"},
	} {
		staff.Lang = c.lang
		form := staff.get("/t/" + pl.Code + "/receive")
		res := staff.postForm("/t/"+pl.Code+"/receive", url.Values{"nonce": {nonceOf(t, form.Body)}, "item-0": {"mask-surgical"}, "quantity-0": {"50"},
			"expiry-0": {"9999-12-31"}, "condition-0": {"good"}})
		refusedField(t, c.lang+" receipt expiring 9999-12-31", res, http.StatusUnprocessableEntity, "receive-pledge-form", "expiry-0", c.msg, "9999-12-31")
	}
	var lots int
	s.DB().QueryRow(`SELECT count(*) FROM lots WHERE pledge = ?`, pl.Code).Scan(&lots)
	if lots != 0 {
		t.Errorf("%d lots received with an expiry in 9999", lots)
	}
}
