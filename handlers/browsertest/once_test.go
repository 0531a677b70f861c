package browsertest

// Nothing is created twice: the pledge receipt reloaded and a submit
// button double-clicked lead to what the first submission made, and the
// store holds one of each.

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

	// Sending the same form again (what a reload of the POST or a browser
	// restoring the page from its cache does) pledges nothing more and
	// leads to the receipt: see TestNeedToPledgeFlow. A page fetched anew
	// after going back (signed-in pages are no-store) is a new form with a
	// new key; that case is not covered here.

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
}
