package handlers_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/net/html"
)

// deskNonce opens the money desk and returns a fresh form nonce.
func deskNonce(t *testing.T, c *client) string {
	t.Helper()
	res := c.get("/funds/desk")
	if res.Status != http.StatusOK {
		t.Fatalf("money desk: %d %s", res.Status, errorOf(res.Body))
	}
	return nonceOf(t, res.Body)
}

func wantRedirect(t *testing.T, what string, res *response, prefix string) string {
	t.Helper()
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location(), prefix) {
		t.Fatalf("%s: %d %q %s", what, res.Status, res.Location(), errorOf(res.Body))
	}
	return res.Location()
}

// TestMoneyPages: the money path through the real server: a charity
// confirms a donation (less than pledged), passes part to a hospital which
// confirms it, buys masks with a public invoice, pays a bank fee; the
// funds page and the donor's trace show it, in English and Chinese; other
// organisations cannot act.
func TestMoneyPages(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	ctx := context.Background()
	charity := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Hubei Red Cross Warehouse")
	hospital := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	carrier := sqlitetest.Org(t, s, ledger.OrgLogistics, "Swift Logistics")
	pledge, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeMoney, Currency: "CNY", AmountMinor: 100000,
		Handover: ledger.HandoverTransfer, Due: time.Now().AddDate(0, 0, 3).Format(ledger.DateFormat), DeliverTo: charity.Org})
	if err != nil {
		t.Fatal(err)
	}
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(ledger.DateFormat)

	if res := ts.as(carrier).get("/funds/desk"); res.Status != http.StatusForbidden {
		t.Errorf("carrier's money desk: %d", res.Status)
	}
	if res := ts.client().get("/funds/desk"); res.Status == http.StatusOK {
		t.Errorf("anonymous money desk: %d", res.Status)
	}
	cc, hc := ts.as(charity), ts.as(hospital)
	receipt := url.Values{"pledge": {ledger.FormatCode(pledge.Code)}, "amount": {"900.00"}, "date": {yesterday}, "reference": {"BOC 0201 7781"}}
	receipt.Set("nonce", deskNonce(t, cc))
	if res := ts.as(carrier).postForm("/funds/receive", receipt); res.Status != http.StatusForbidden {
		t.Errorf("receipt by a carrier: %d", res.Status)
	}
	loc := wantRedirect(t, "receive", cc.postForm("/funds/receive", receipt), "/funds/desk?n=received&c=")
	lot := strings.TrimPrefix(loc, "/funds/desk?n=received&c=")
	if res := cc.get(loc); !strings.Contains(text(parseHTML(t, res.Body).byID("funds-notice")), ledger.FormatCode(lot)) {
		t.Errorf("no notice naming the money lot after receipt")
	}
	receipt.Set("nonce", deskNonce(t, cc))
	if res := cc.postForm("/funds/receive", receipt); res.Status != http.StatusConflict || !strings.Contains(errorOf(res.Body), "this pledge is closed") {
		t.Errorf("second receipt: %d %q", res.Status, errorOf(res.Body))
	}

	// Disbursement and its confirmation by the hospital.
	loc = wantRedirect(t, "disburse", cc.postForm("/funds/disburse", url.Values{"lot": {lot}, "amount": {"300"}, "to": {strconv.FormatInt(hospital.Org, 10)},
		"nonce": {deskNonce(t, cc)}}), "/funds/desk?n=disbursed&c=")
	id := strings.TrimPrefix(loc, "/funds/desk?n=disbursed&c=")
	if res := ts.as(carrier).postForm("/funds/transfers/"+id+"/confirm", url.Values{"lot": {lot}, "received": {"300"}}); res.Status != http.StatusForbidden {
		t.Errorf("confirmation by a carrier: %d", res.Status)
	}
	if res := hc.get("/handoffs/" + id); !strings.Contains(res.Body, "300.00") || parseHTML(t, res.Body).has("receive-form") {
		t.Errorf("the transfer's shipment page shows minor units or a goods receipt form")
	}
	if res := hc.get("/funds/desk"); !parseHTML(t, res.Body).has("confirm-transfer-" + id) {
		t.Fatalf("the hospital is not asked to confirm transfer %s", id)
	}
	wantRedirect(t, "confirm", hc.postForm("/funds/transfers/"+id+"/confirm", url.Values{"lot": {lot}, "received": {"300.00"}}), "/funds/desk?n=confirmed")

	// A purchase with a public invoice, a refused overspend, a bank fee.
	invoice := []byte("%PDF-1.4 invoice 2026-017: 2,000 N95 masks")
	buy := url.Values{"category": {ledger.SpendSupplies}, "lot_1": {lot}, "amount_1": {"500"}, "supplier": {"Wuhan Medical Supplies Co."},
		"invoice_public": {"1"}, "date": {yesterday}, "item_1": {"mask-medical-protective"}, "qty_1": {"2000"}, "batch_1": {"M2026"}}
	buy.Set("nonce", deskNonce(t, cc))
	over := url.Values{}
	for k, v := range buy {
		over[k] = v
	}
	over.Set("amount_1", "600.01")
	ct, body := multipartFile(t, over, "invoice", "invoice.pdf", invoice)
	if res := cc.post("/funds/spend", ct, body); res.Status != http.StatusConflict || !strings.Contains(errorOf(res.Body), "holds only") {
		t.Errorf("overspend: %d %q", res.Status, errorOf(res.Body))
	}
	ct, body = multipartFile(t, buy, "invoice", "invoice.pdf", invoice)
	wantRedirect(t, "purchase", cc.post("/funds/spend", ct, body), "/funds/desk?n=spent")
	fee := url.Values{"category": {ledger.SpendBankFee}, "lot_1": {lot}, "amount_1": {"1.50"}, "purpose": {"transfer fee"}, "date": {yesterday},
		"nonce": {deskNonce(t, cc)}}
	ct, body = multipartFile(t, fee, "", "", nil)
	wantRedirect(t, "fee", cc.post("/funds/spend", ct, body), "/funds/desk?n=spent")
	sum := sha256.Sum256(invoice)
	if res := ts.client().get("/files/" + hex.EncodeToString(sum[:])); res.Status != http.StatusOK || res.Body != string(invoice) {
		t.Errorf("public invoice: %d", res.Status)
	}

	// The money lot's own page shows the amount; the goods actions are not offered.
	if res := cc.get("/t/" + lot); !strings.Contains(res.Body, "98.50 CNY") || parseHTML(t, res.Body).has("dispatch-form") {
		t.Errorf("money lot page: %d, amount shown %v, goods forms %v", res.Status, strings.Contains(res.Body, "98.50 CNY"), parseHTML(t, res.Body).has("dispatch-form"))
	}
	// The public funds page, in both languages.
	res := ts.client().get("/funds")
	if d := parseHTML(t, res.Body); !d.has("funds-table-CNY") || d.first(is("svg")) == nil {
		t.Error("the funds page has no CNY table or no chart")
	}
	for _, want := range []string{"Hubei Red Cross Warehouse", "Union Hospital", "900.00", "300.00", "500.00", "1.50", "98.50", "bank fees"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("funds page lacks %q", want)
		}
	}
	zh := ts.client()
	zh.Lang = "zh-CN"
	if res := zh.get("/funds"); !strings.Contains(res.Body, "银行手续费") || !strings.Contains(res.Body, "收到捐款") {
		t.Errorf("funds page in Chinese lacks its words")
	}
	// The donor's trace: received less than pledged, the share, the masks bought.
	res = ts.client().get("/t/" + pledge.Code)
	mustHave(t, "money trace", res.Body, "money-trace")
	for _, want := range []string{"CNY 1,000.00", "CNY 100.00 less than pledged", "CNY 500.00", "Wuhan Medical Supplies Co.",
		hex.EncodeToString(sum[:]), "2,000 pcs", "held by Hubei Red Cross Warehouse", "Union Hospital"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("money trace lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "7781") {
		t.Error("the bank reference is on the public trace")
	}
}

// TestFundsPages: /funds lists 50 organisations a page by id, each once,
// following rel=next; the totals stay the platform's on every page; a
// damaged cursor answers 400 in English and Chinese.
func TestFundsPages(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	ctx := context.Background()
	donor := sqlitetest.Donor(t, s)
	due := time.Now().AddDate(0, 0, 3).Format(ledger.DateFormat)
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(ledger.DateFormat)
	const orgs = sqlite.FundsPageSize + 7
	names := map[string]bool{}
	for i := range orgs {
		name := "Money Org " + strconv.Itoa(i)
		m := sqlitetest.Org(t, s, ledger.OrgWarehouse, name)
		names[name] = true
		p, err := s.MakePledge(ctx, donor, sqlite.PledgeInput{Kind: ledger.PledgeMoney, Currency: "CNY", AmountMinor: 100,
			Handover: ledger.HandoverTransfer, Due: due, DeliverTo: m.Org})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReceiveMoney(ctx, m, sqlite.MoneyReceiptInput{Pledge: p.Code, AmountMinor: 100, Date: yesterday, Reference: "TRX-" + p.Code}, sqlite.NewNonce()); err != nil {
			t.Fatal(err)
		}
	}
	orgRow := func(n *html.Node) string {
		if n.Data == "a" && strings.HasPrefix(attr(n, "href"), "/orgs/") && n.Parent != nil && attr(n.Parent, "scope") == "row" {
			return text(n)
		}
		return ""
	}
	pages, last := walkPages(t, ts.client(), "/funds", orgRow)
	if len(pages) != 2 || len(pages[0]) != sqlite.FundsPageSize {
		t.Errorf("pages of %v organisations, want %d then %d", len(pages), sqlite.FundsPageSize, orgs-sqlite.FundsPageSize)
	}
	seen := map[string]int{}
	for _, p := range pages {
		for _, n := range p {
			seen[n]++
		}
	}
	for n := range names {
		if seen[n] != 1 {
			t.Errorf("%s listed %d times", n, seen[n])
		}
	}
	// The totals are the platform's on every page, not the page's.
	for _, path := range []string{"/funds", "/funds?" + last.Encode()} {
		res := ts.client().get(path)
		foot := text(parseHTML(t, res.Body).first(func(n *html.Node) bool { return n.Data == "tfoot" }))
		if !strings.Contains(foot, "57.00") {
			t.Errorf("%s: totals %q, want the platform's 57.00", path, foot)
		}
	}
	checkBadCursors(t, ts, "/funds?after=", last.Get("after"))
}
