package browsertest

// Custody on the phone, as the warehouse floor does it: staff scan a lot's
// QR code (open /t/{code}), sign in, split it, print labels and dispatch
// part of it; the carrier confirms pickup and delivery; the hospital confirms
// receipt with a discrepancy and distributes; the public trace shows every
// step, each provably in the ledger.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

func TestWarehousePhoneSplitLabelDispatchReceiveDistribute(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	warehouse := sqlitetest.Org(t, a.Store, ledger.OrgWarehouse, "Hankou Relief Warehouse 汉口救灾仓库")
	carrier := sqlitetest.Org(t, a.Store, ledger.OrgLogistics, "Swift Logistics 迅达物流")
	hospital := sqlitetest.Org(t, a.Store, ledger.OrgRecipient, "Qiaokou Hospital 硚口医院")
	lot := receivedLot(t, a, warehouse, "mask-surgical", 2000)

	// Staff scan the QR code: the lot's page, not signed in yet.
	staff := newTab(t, a, "warehouse", phone, views.ZH)
	staff.open("/t/" + lot)
	staff.press("#sign-in")
	staff.signInHere(warehouse)
	if got := staff.path(); got != "/t/"+lot {
		t.Fatalf("after signing in, staff are at %s, want back at /t/%s", got, lot)
	}

	// Split 2000 into 1200 + 500 (300 stay in the lot), print their labels.
	staff.fill(map[string]string{"#split-quantities": "1200 500"})
	staff.press("#split-submit")
	kids := staff.codesIn("#done-lots a")
	if len(kids) != 2 {
		t.Fatalf("the split made %d lots, want 2: %v", len(kids), kids)
	}
	staff.press("#done-labels")
	staff.checkLabels(kids...)

	// Dispatch the 1200 to the hospital via the carrier.
	staff.open("/t/" + kids[0])
	staff.fill(map[string]string{"#dispatch-to": fmt.Sprint(hospital.Org), "#dispatch-via": fmt.Sprint(carrier.Org), "#dispatch-quantity": "1200"})
	staff.press("#dispatch-submit")
	handoff := staff.attr("#done-back", "href")
	if !strings.Contains(handoff, "/handoffs/") {
		t.Fatalf("the dispatch confirmation links to %q, not a shipment", handoff)
	}

	// The carrier finds the shipment among what it carries and confirms.
	driver := as(t, a, carrier, "carrier", phone, views.EN)
	driver.open("/stock")
	driver.press("#stock-carrying a")
	driver.press("#pickup-submit")
	driver.press("#done-back")
	driver.press("#deliver-submit")

	// The hospital confirms 1180 of 1200, 20 damaged, and distributes 1000.
	ward := as(t, a, hospital, "hospital", phone, views.ZH)
	ward.open("/stock")
	ward.press("#stock-incoming a")
	ward.fill(map[string]string{"#receive-received-0": "1180", "#receive-reason-0": ledger.ReasonDamaged, "#receive-note-0": "20 crushed in transit"})
	ward.press("#receive-submit")
	ward.open("/t/" + kids[0])
	if got := ward.text("#lot-held"); !strings.HasPrefix(got, "1180") && !strings.HasPrefix(got, "1,180") {
		t.Errorf("the hospital holds %q, want 1180", got)
	}
	ward.fill(map[string]string{"#use-quantity": "1000", "#use-use": "ICU ward 3"})
	ward.press("#use-submit")

	// Anyone can follow it, every step proved in the ledger.
	public := newTab(t, a, "public", desktop, views.EN)
	public.open("/t/" + kids[0])
	public.contains("Qiaokou Hospital", "1,180", "20 damaged")
	if steps := public.checkChain(a, "#lot-chain"); steps < 6 { // split, dispatched, picked up, delivered, received, used
		t.Errorf("the trace shows %d steps, want at least 6", steps)
	}
	// Up the tree: the lot it was split from, received from a pledge.
	public.press("#lot-parent")
	if got := public.path(); got != "/t/"+lot {
		t.Errorf("the parent link leads to %s, want /t/%s", got, lot)
	}
	public.checkChain(a, "#lot-chain")
	public.press("#lot-origin")
	if public.count(`a[href="/t/`+lot+`"]`) == 0 {
		t.Errorf("the pledge's page %s does not list the lot %s it became", public.path(), lot)
	}
	public.checkChain(a, "#pledge-chain")
}

// receivedLot has a donor pledge quantity of item and the warehouse
// receive it as one lot (the UI for this is tested in the journey); it
// returns the lot's code.
func receivedLot(t testing.TB, a *app, warehouse ledger.Member, item string, quantity int64) string {
	t.Helper()
	ctx := context.Background()
	r, err := a.Store.MakePledge(ctx, sqlitetest.Donor(t, a.Store), sqlite.PledgeInput{Kind: ledger.PledgeGoods,
		Handover: ledger.HandoverDropOff, Due: time.Now().Format(time.DateOnly), DeliverTo: warehouse.Org,
		Lines: []sqlite.PledgeLineInput{{Item: item, Quantity: quantity}}})
	if err != nil {
		t.Fatal(err)
	}
	codes, err := a.Store.ReceivePledge(ctx, warehouse, r.Code, []sqlite.LotInput{{Item: item, Quantity: quantity,
		Expiry: "2027-03-01", Batch: "B2020-01", Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	return codes[0]
}

// signInHere signs m in through the sign-in form the tab shows.
func (p *tab) signInHere(m ledger.Member) {
	p.t.Helper()
	acc, err := p.app.Store.Account(context.Background(), m)
	if err != nil {
		p.t.Fatal(err)
	}
	p.signIn(acc.Email, sqlitetest.Password)
}

// codesIn returns the lot codes that the links sel matches point at (/t/CODE).
func (p *tab) codesIn(sel string) []string {
	p.t.Helper()
	var codes []string
	for _, href := range run(p, "reading links "+sel, chromedp.Evaluate[[]string](fmt.Sprintf(
		`Array.from(document.querySelectorAll(%q), a => a.getAttribute('href'))`, sel))) {
		if c, ok := strings.CutPrefix(href, "/t/"); ok {
			codes = append(codes, c)
		}
	}
	return codes
}

// checkLabels checks the label sheet: one label per code whose QR code
// encodes the lot's absolute trace URL, and, printed, nothing but labels.
func (p *tab) checkLabels(codes ...string) {
	p.t.Helper()
	for _, c := range codes {
		sel := "#label-" + c
		if p.count(sel) != 1 {
			p.t.Errorf("%s: the label sheet has no label for %s", p.name, c)
			continue
		}
		if got := p.attr(sel+" svg.qr", "aria-label"); got != p.base+"/t/"+c {
			p.t.Errorf("%s: label %s's QR code is for %q, want %q", p.name, c, got, p.base+"/t/"+c)
		}
	}
	// On screen: the site's frame and heading, and the print button that
	// print.js shows.
	if p.count("main h1") != 1 || p.count("header form[action='/lang']") != 1 {
		p.t.Errorf("%s: the label sheet lacks its heading or language switch", p.name)
	}
	if !run(p, "looking for the print button", chromedp.Evaluate[bool](`(() => { const b = document.querySelector('#print-button'); return !!b && !b.hidden && b.offsetParent !== null })()`)) {
		p.t.Errorf("%s: the label sheet shows no print button", p.name)
	}
	p.do("printing", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	defer p.do("back to the screen", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		return err
	}))
	if n := run(p, "counting what prints besides labels", chromedp.Evaluate[int](
		`Array.from(document.querySelectorAll('.no-print')).filter(e => e.offsetParent !== null).length`)); n != 0 {
		p.t.Errorf("%s: %d screen-only elements would be printed on the label sheet", p.name, n)
	}
	if n := run(p, "counting the page frame on paper", chromedp.Evaluate[int](
		`Array.from(document.querySelectorAll('header, footer, h1, #print-button')).filter(e => e.offsetParent !== null).length`)); n != 0 {
		p.t.Errorf("%s: %d parts of the page frame would be printed on the label sheet", p.name, n)
	}
}

// checkChain follows each step of the hash chain shown (a list of links
// to entries: #lot-chain, #pledge-chain) to its ledger entry and checks its
// proof there; it returns the number of steps.
func (p *tab) checkChain(a *app, list string) int {
	p.t.Helper()
	back := p.path()
	var entries []string
	for _, href := range run(p, "reading the chain", chromedp.Evaluate[[]string](
		fmt.Sprintf(`Array.from(document.querySelectorAll('%s li a[href^="/ledger/"]'), a => a.getAttribute('href'))`, list))) {
		entries = append(entries, href)
	}
	if len(entries) == 0 {
		p.t.Errorf("%s: %s shows no steps in %s", p.name, p.path(), list)
	}
	for _, e := range entries {
		p.open(e)
		p.checkEntryProof(a)
	}
	p.open(back)
	return len(entries)
}
