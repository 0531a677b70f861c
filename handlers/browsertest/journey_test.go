package browsertest

// The whole journey, every step clicked by the person who does it: a
// hospital asks, an auditor publishes, a donor pledges, the warehouse
// receives, labels, splits and dispatches, the carrier carries, the hospital
// receives (short) and distributes, and the public sees every step, each
// proved in the ledger, from the need to the ward.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
)

func TestWholeJourney(t *testing.T) {
	t.Parallel()
	inEach(t, twoLooks, func(t *testing.T, vp viewport, l views.Lang) {
		a := newApp(t)
		warehouse := sqlitetest.Org(t, a.Store, ledger.OrgWarehouse, "Central Charity Warehouse 慈善总会中心仓库")
		carrier := sqlitetest.Org(t, a.Store, ledger.OrgLogistics, "Shunda Logistics 顺达物流")
		hospitalAdmin := sqlitetest.Org(t, a.Store, ledger.OrgRecipient, "Jinyintan Hospital 金银潭医院")

		// The hospital asks; an auditor publishes.
		hospital := as(t, a, hospitalAdmin, "hospital", desktop, l)
		needID := hospital.draftNeed("Protective masks for the fever clinic",
			needLine{item: "mask-medical-protective", spec: "GB 19083", quantity: 2000, urgency: ledger.UrgencyCritical, place: "Fever clinic"})
		auditor := as(t, a, sqlitetest.Auditor(t, a.Store), "auditor", desktop, l)
		auditor.approveNeed(needID)

		// A donor pledges all 2000 on a phone, to be delivered to the warehouse.
		donor := newTab(t, a, "donor", phone, l)
		donor.signUp(sqlitetest.Email("donor"))
		pledge, _ := donor.pledgeToNeed(needID, 1, 2000, "", warehouse.Org)

		// The warehouse scans the receipt's QR code, signs in and receives it.
		staff := newTab(t, a, "warehouse", vp, l)
		staff.open("/t/" + pledge)
		staff.press(`nav.account a[href^="/login"]`)
		staff.signInHere(warehouse)
		if got := staff.path(); got != "/t/"+pledge {
			t.Fatalf("after signing in, the warehouse is at %s, want back at /t/%s", got, pledge)
		}
		staff.press("#pledge-receive")
		staff.fill(map[string]string{"#rp-quantity-0": "2000", "#rp-batch-0": "HX20200128",
			"#rp-expiry-0": time.Now().AddDate(2, 0, 0).Format("2006-01-02"), "#rp-condition-0": ledger.ConditionGood})
		staff.press("#receive-pledge-submit")
		lots := staff.codesIn("#done-lots a")
		if len(lots) != 1 {
			t.Fatalf("receiving made lots %v, want one", lots)
		}
		lot := lots[0]
		staff.press("#done-labels")
		staff.checkLabels(lot)

		// Split 1500 off for the hospital and dispatch it via the carrier.
		staff.open("/t/" + lot)
		staff.fill(map[string]string{"#split-quantities": "1500"})
		staff.press("#split-submit")
		kids := staff.codesIn("#done-lots a")
		if len(kids) != 1 {
			t.Fatalf("the split made lots %v, want one", kids)
		}
		staff.open("/t/" + kids[0])
		staff.fill(map[string]string{"#dispatch-to": fmt.Sprint(hospitalAdmin.Org), "#dispatch-via": fmt.Sprint(carrier.Org), "#dispatch-quantity": "1500"})
		staff.press("#dispatch-submit")

		// The carrier confirms pickup and delivery.
		driver := as(t, a, carrier, "carrier", vp, l)
		driver.open("/stock")
		driver.press("#stock-carrying a")
		driver.press("#pickup-submit")
		driver.press("#done-back")
		driver.press("#deliver-submit")

		// The hospital counts 1480 (20 missing) and uses 1400 in the clinic.
		hospital.open("/stock")
		hospital.press("#stock-incoming a")
		hospital.fill(map[string]string{"#receive-received-0": "1480", "#receive-reason-0": ledger.ReasonMissing})
		hospital.press("#receive-submit")
		hospital.open("/t/" + kids[0])
		hospital.fill(map[string]string{"#use-quantity": "1400", "#use-use": "Fever clinic"})
		hospital.press("#use-submit")

		// The public: the need's line shows what was pledged, received,
		// delivered and used; the pledge leads to the lots and the ward;
		// every step is in the ledger.
		public := newTab(t, a, "public", vp, l)
		public.open(fmt.Sprintf("/needs/%d", needID))
		for bar, want := range map[string]string{"pledged": "2000", "received": "2000", "delivered": "1480", "used": "1400"} {
			if got := public.attr(fmt.Sprintf("#n%d-l1-%s", needID, bar), "value"); got != want {
				t.Errorf("need %d line 1: %s bar = %s, want %s", needID, bar, got, want)
			}
		}
		public.open("/t/" + pledge)
		public.checkChain(a, "#pledge-chain")
		public.press(fmt.Sprintf(`a[href="/t/%s"]`, lot))
		public.checkChain(a, "#lot-chain")
		public.press(fmt.Sprintf(`#lot-children a[href="/t/%s"]`, kids[0]))
		public.contains("Jinyintan Hospital", "1,480", "1,400")
		if steps := public.checkChain(a, "#lot-chain"); steps < 6 {
			t.Errorf("the dispatched lot's trace shows %d steps, want split, dispatch, pickup, delivery, receipt, use", steps)
		}
		if strings.Contains(public.text("body"), "@example.test") {
			t.Errorf("a public page shows an e-mail address")
		}
	})
}
