package browsertest

// Nothing is created twice: the pledge receipt reloaded, a submit button
// double-clicked, and a form sent again after going back lead to what the
// first submission made, and the store holds one of each.

import (
	"context"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/chromedp"
)

func TestReloadAndDoubleClickMakeNothingTwice(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	hospital := as(t, a, sqlitetest.Org(t, a.Store, ledger.OrgRecipient, "Hankou Test Hospital 汉口测试医院"), "hospital", desktop, views.EN)
	needID := hospital.draftNeed("Gowns", needLine{item: "protective-clothing", quantity: 800, urgency: ledger.UrgencyHigh, place: "Ward 5"})
	as(t, a, sqlitetest.Auditor(t, a.Store), "auditor", desktop, views.EN).approveNeed(needID)

	donorM := sqlitetest.Donor(t, a.Store)
	donor := as(t, a, donorM, "donor", phone, views.ZH)
	code, secret := donor.pledgeToNeed(needID, 1, 300, "", 0)
	pledges := func() int {
		ps, err := a.Store.MyPledges(context.Background(), donorM)
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}

	// The receipt has its own URL; reloading it pledges nothing and shows
	// the pledge without its secret, which was shown once.
	if got := donor.path(); got != "/my/donations/"+code {
		t.Errorf("the receipt is at %s, want /my/donations/%s", got, code)
	}
	donor.load("reloading the receipt", 200, chromedp.Reload())
	donor.lacks(secret)
	if donor.count("#donation-"+code)+donor.count("#receipt-code") == 0 && !strings.Contains(donor.textContent("main"), ledger.FormatCode(code)) {
		t.Errorf("the reloaded receipt does not show pledge %s", code)
	}
	if n := pledges(); n != 1 {
		t.Fatalf("%d pledges after reloading the receipt, want 1", n)
	}

	// Going back to the form: the browser fetches it anew (signed-in
	// pages are no-store), so it carries a new key; sent with the same
	// pledge it asks first, links to the receipt, and pledges nothing.
	donor.load("going back to the pledge form", 200, chromedp.NavigateBack())
	if got := donor.path(); !strings.HasPrefix(got, "/pledge?") {
		t.Fatalf("back from the receipt leads to %s, want the pledge form", got)
	}
	donor.fill(map[string]string{"#need_line_1": "300"})
	donor.load("sending the same pledge again", 409, donor.click("#pledge-submit"))
	donor.contains(views.T(views.WithLang(context.Background(), views.ZH)).Forms.ResentTitle)
	if href := donor.attr("#resent-made", "href"); href != "/my/donations/"+code {
		t.Errorf("the question links to %q, want the receipt", href)
	}
	if n := pledges(); n != 1 {
		t.Fatalf("%d pledges after going back and sending the form again, want 1", n)
	}
	donor.press("#resent-made")

	// A double click on a submit button splits once.
	wh := sqlitetest.Org(t, a.Store, ledger.OrgWarehouse, "Double Tap Warehouse")
	lot := receivedLot(t, a, wh, "mask-surgical", 1000)
	staff := as(t, a, wh, "warehouse", phone, views.EN)
	staff.open("/t/" + lot)
	staff.fill(map[string]string{"#split-quantities": "100 200"})
	staff.load("double-clicking split", 200, chromedp.DoubleClick(chromedp.CSS("#split-submit")))
	if got := staff.path(); !strings.HasPrefix(got, "/done") {
		t.Errorf("the split led to %s, want /done", got)
	}
	p, err := a.Store.LotPage(context.Background(), wh, lot)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Children) != 2 || p.Lot.Held != 700 {
		t.Errorf("after a double click the lot has %d children and %d left, want 2 and 700", len(p.Children), p.Lot.Held)
	}
	// Back to the lot page and the same split again: asked, not split.
	staff.load("going back to the lot", 200, chromedp.NavigateBack())
	staff.fill(map[string]string{"#split-quantities": "100 200"})
	staff.load("splitting the same again", 409, staff.click("#split-submit"))
	staff.contains(views.T(context.Background()).Forms.ResentTitle)
	if p, err := a.Store.LotPage(context.Background(), wh, lot); err != nil || p.Lot.Held != 700 {
		t.Errorf("going back and splitting again left %d (%v), want 700", p.Lot.Held, err)
	}
	// Ticked, it is a second split.
	staff.do("ticking a second one", chromedp.Click(chromedp.CSS(`#resent-again input[name="again"]`)))
	staff.load("splitting a second time", 200, staff.click(`#resent-again button`))
	if p, err := a.Store.LotPage(context.Background(), wh, lot); err != nil || p.Lot.Held != 400 {
		t.Errorf("a confirmed second split left %d (%v), want 400", p.Lot.Held, err)
	}
}
