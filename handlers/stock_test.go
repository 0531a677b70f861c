package handlers_test

// The warehouse's and hospital's day: expected deliveries and stock cards
// on /stock, receipts only of what arrived, the pledge receipt and the
// label sheet as people use them.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
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
	if res := hc.submit(ship+"/receive", receipt); res.Status != http.StatusOK || !strings.Contains(res.Body, `id="done"`) {
		t.Fatalf("receipt once delivered: %d %s", res.Status, errorOf(res.Body))
	}

	// Handed over directly (no carrier): counted as soon as it is sent.
	direct := dispatchLot(t, s, wh, lot, 40, hosp.Org, 0)
	if parseHTML(t, hc.get("/handoffs/"+itoa(direct)).Body).byID("receive-form") == nil {
		t.Error("a direct handover does not offer the receipt form")
	}
}
