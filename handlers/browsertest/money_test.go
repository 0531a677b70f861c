package browsertest

// Money traced like goods, clicked through: a donor pledges money, the
// charity confirms it arrived (the bank reference stays private), buys masks
// with it against an invoice and ships them; the hospital receives and uses
// them; the donor's trace follows the money to the masks and the hospital.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/chromedp"
)

func TestMoneyBecomesMasksAtHospital(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	charityAdmin := sqlitetest.Org(t, a.Store, ledger.OrgWarehouse, "City Charity Federation 市慈善总会")
	hospitalAdmin := sqlitetest.Org(t, a.Store, ledger.OrgRecipient, "Tongji Hospital 同济医院")
	const bankRef = "ICBC-20200128-77331"

	// The donor pledges 5,000.00 CNY on a phone.
	donor := newTab(t, a, "donor", phone, views.ZH)
	donor.signUp(sqlitetest.Email("money"))
	donor.open("/pledge")
	donor.do("choosing money", chromedp.Click(chromedp.CSS("#kind-money")))
	donor.fill(map[string]string{"#currency": "CNY", "#amount": "5000.00", "#handover": ledger.HandoverTransfer,
		"#due": time.Now().Format("2006-01-02"), "#deliver_to": fmt.Sprint(charityAdmin.Org)})
	donor.press("#pledge-submit")
	pledge, err := ledger.NormalizeCode(donor.text("#receipt-code"))
	if err != nil {
		t.Fatal(err)
	}

	// The charity confirms the transfer and spends 4,800.00 on masks.
	charity := as(t, a, charityAdmin, "charity", desktop, views.EN)
	charity.open("/funds/desk")
	charity.fill(map[string]string{"#money-pledge": pledge, "#money-amount": "5000.00", "#money-ref": bankRef})
	charity.press("#receive-money-submit")
	money := charity.codesIn("#desk-lots li > a:first-child")
	if len(money) != 1 {
		t.Fatalf("after the receipt the desk lists money lots %v, want one", money)
	}
	charity.fill(map[string]string{"#spend-category": ledger.SpendSupplies, "#spend-lot-1": money[0], "#spend-amount-1": "4800.00",
		"#spend-supplier": "Wuhan Medical Supply Co. 武汉医药供应公司", "#spend-purpose": "Surgical masks for Tongji",
		"#bought-item-1": "mask-surgical", "#bought-qty-1": "6000", "#bought-expiry-1": time.Now().AddDate(2, 0, 0).Format("2006-01-02")})
	charity.do("attaching the invoice", chromedp.SetUploadFiles(chromedp.CSS("#spend-invoice"), []string{evidenceFile(t)}))
	charity.press("#spend-submit")
	charity.open("/t/" + pledge)
	bought := charity.codesIn("#money-spendings .bought a")
	if len(bought) != 1 {
		t.Fatalf("the pledge's trace lists bought lots %v, want one", bought)
	}

	// The masks go to the hospital, which receives them all and uses 3,000.
	charity.open("/t/" + bought[0])
	charity.fill(map[string]string{"#dispatch-to": fmt.Sprint(hospitalAdmin.Org), "#dispatch-via": "0", "#dispatch-quantity": "6000"})
	charity.press("#dispatch-submit")
	hospital := as(t, a, hospitalAdmin, "hospital", phone, views.EN)
	hospital.open("/stock")
	hospital.press("#stock-incoming a")
	hospital.press("#receive-submit")
	hospital.open("/t/" + bought[0])
	hospital.fill(map[string]string{"#use-quantity": "3000", "#use-use": "Outpatients"})
	hospital.press("#use-submit")

	// The donor's trace: received in full, 4,800.00 spent (all theirs),
	// on the masks now at Tongji Hospital; the bank reference stays private.
	donor.open("/t/" + pledge)
	if got := donor.text("#money-received"); !strings.Contains(got, "5,000.00") {
		t.Errorf("the donor's trace shows received %q, want 5,000.00", got)
	}
	if n := donor.count("#money-spendings > li"); n != 1 {
		t.Fatalf("the donor's trace shows %d spendings, want 1", n)
	}
	if got := donor.text("#money-spendings .share"); !strings.Contains(got, "4,800.00") {
		t.Errorf("the donor's share of the purchase is %q, want 4,800.00 (the only donor)", got)
	}
	if got := donor.text("#money-spendings .places"); !strings.Contains(got, "Tongji Hospital") {
		t.Errorf("the masks bought are shown at %q, want Tongji Hospital", got)
	}
	donor.lacks(bankRef)
	donor.checkChain(a, "#pledge-chain")
	public := newTab(t, a, "public", desktop, views.EN)
	public.open("/funds")
	public.contains("City Charity Federation")
	public.lacks(bankRef)
}
