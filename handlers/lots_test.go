package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"golang.org/x/net/html"
	"image/png"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/mod/sumdb/tlog"
)

// receiveLot has a new donor pledge q surgical masks and m's organisation
// receive them as one lot; it returns the lot's code.
func receiveLot(t *testing.T, s *sqlite.Store, m ledger.Member, q int64) string {
	t.Helper()
	return receiveFrom(t, s, sqlitetest.Donor(t, s), m, q)
}

// receiveFrom is receiveLot with a given donor (creating accounts is
// slow); m must be of a warehouse.
func receiveFrom(t *testing.T, s *sqlite.Store, donor, m ledger.Member, q int64) string {
	t.Helper()
	return receiveVia(t, s, donor, m, m, q)
}

// receiveVia has donor pledge q masks to warehouse wh, which hands the
// pledge on to m's organisation if it is another, and m receive them.
func receiveVia(t *testing.T, s *sqlite.Store, donor, wh, m ledger.Member, q int64) string {
	t.Helper()
	ctx := context.Background()
	r, err := s.MakePledge(ctx, donor, sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff, DeliverTo: wh.Org,
		Due: time.Now().Format(time.DateOnly), Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: q}}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Org != wh.Org {
		if err := s.HandOnPledge(ctx, wh, r.Code, m.Org, ""); err != nil {
			t.Fatal(err)
		}
	}
	codes, err := s.ReceivePledge(ctx, m, r.Code, []sqlite.LotInput{{Item: "mask-surgical", Quantity: q, Expiry: "2027-03-01", Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	return codes[0]
}

// dispatchLot sends q of lot from m's organisation to org to, via carrier via.
func dispatchLot(t *testing.T, s *sqlite.Store, m ledger.Member, lot string, q, to, via int64) int64 {
	t.Helper()
	id, err := s.Dispatch(context.Background(), m, sqlite.DispatchInput{To: to, Via: via, Lines: []ledger.SentLot{{Lot: lot, Quantity: q}}}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// nonceOf returns the one-time key of the page's first form.
func nonceOf(t *testing.T, body string) string {
	t.Helper()
	k := attr(parseHTML(t, body).first(func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "nonce" }), "value")
	if k == "" {
		t.Fatalf("no form key on the page")
	}
	return k
}

// mustContain fails t unless body holds each of the texts parts.
func mustContain(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s does not contain %q", what, p)
		}
	}
}

// TestPhoneFlow: the QR opens /t/{code}; signed out it asks to sign in
// and come back; the warehouse splits and dispatches through its forms;
// the carrier confirms; the hospital receives with a discrepancy and
// distributes; every step is on the lot's public chain.
func TestPhoneFlow(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	car := sqlitetest.Org(t, s, ledger.OrgLogistics, "Swift Logistics")
	// The warehouse receives the pledged delivery from the pledge's page.
	pl := masksPledged(t, s, wh, 1200)
	staff := ts.as(wh)
	mustHave(t, "pledge page for the warehouse", staff.get("/t/"+pl.Code).Body, "pledge-receive")
	if parseHTML(t, ts.client().get("/t/"+pl.Code).Body).has("pledge-receive") {
		t.Error("a visitor is offered to receive a pledge")
	}
	form := staff.get("/t/" + pl.Code + "/receive")
	if f := parseHTML(t, form.Body).byID("receive-pledge-form"); attr(named(f, "quantity-0"), "value") != "1200" {
		t.Errorf("the receipt form does not offer the 1200 pledged")
	}
	res := staff.submit("/t/"+pl.Code+"/receive", url.Values{"nonce": {nonceOf(t, form.Body)}, "item-0": {"mask-surgical"}, "quantity-0": {"1000"},
		"batch-0": {"20260115"}, "expiry-0": {"2027-01-15"}, "condition-0": {"good"}})
	if res.Status != http.StatusOK {
		t.Fatalf("receive pledge: %d %s", res.Status, errorOf(res.Body))
	}
	lot := doneLots(t, res.Body)[0]

	anon := ts.client()
	res = anon.get("/t/" + lot)
	if res.Status != http.StatusOK {
		t.Fatalf("public lot page: %d", res.Status)
	}
	mustContain(t, "public lot page", res.Body, ledger.FormatCode(lot), "Central Warehouse")
	d := parseHTML(t, res.Body)
	if !strings.Contains(attr(d.byID("sign-in"), "href"), "return=%2Ft%2F"+lot) {
		t.Errorf("the public lot page does not offer to sign in and come back: %q", attr(d.byID("sign-in"), "href"))
	}
	if d.has("split-form") {
		t.Error("a signed-out visitor sees the split form")
	}
	if res := anon.postForm("/t/"+lot+"/split", url.Values{"quantities": {"10"}, "nonce": {"0123456789abcdef0123"}}); res.Status != http.StatusUnauthorized {
		t.Errorf("signed-out split: %d", res.Status)
	}

	page := staff.get("/t/" + lot)
	mustHave(t, "warehouse's lot page", page.Body, "split-form", "dispatch-form", "writeoff-form", "label-print")
	if parseHTML(t, page.Body).has("use-form") {
		t.Error("a warehouse is offered to record a use")
	}
	if parseHTML(t, hospitalView(t, ts, hosp, lot)).has("split-form") {
		t.Error("another organisation sees the holder's forms")
	}
	nonce := nonceOf(t, page.Body)
	res = staff.submit("/t/"+lot+"/split", url.Values{"quantities": {"600 300"}, "nonce": {nonce}})
	if res.Status != http.StatusOK || !parseHTML(t, res.Body).has("done") {
		t.Fatalf("split: %d %s", res.Status, errorOf(res.Body))
	}
	kids := doneLots(t, res.Body)
	if len(kids) != 2 {
		t.Fatalf("confirmation lists %d lots, want 2", len(kids))
	}
	box := kids[0]
	// Sent again (a reload, the back button), the form splits nothing
	// more and leads to what the first one made.
	if again := staff.postForm("/t/"+lot+"/split", url.Values{"quantities": {"600 300"}, "nonce": {nonce}}); again.Status != http.StatusSeeOther || again.Location() != res.Via {
		t.Errorf("split form resubmitted: %d to %q, want 303 to %q", again.Status, again.Location(), res.Via)
	}
	// Asking for more than is held is refused with the way back to the lot.
	over := staff.postForm("/t/"+lot+"/split", url.Values{"quantities": {"101"}, "nonce": {sqlite.NewNonce()}})
	if over.Status != http.StatusConflict || !strings.Contains(errorOf(over.Body), "holds only 100") {
		t.Errorf("split of more than held: %d %q", over.Status, errorOf(over.Body))
	}
	// The lot's page again, its split form with what was typed.
	if f := parseHTML(t, over.Body).byID("split-form"); f == nil || attr(named(f, "quantities"), "value") != "101" {
		t.Errorf("the refused split does not show the split form again with 101 typed")
	}
	page = staff.get("/t/" + box)
	res = staff.submit("/t/"+box+"/dispatch", url.Values{"to": {fmt.Sprint(hosp.Org)}, "via": {fmt.Sprint(car.Org)}, "quantity": {"600"}, "nonce": {nonceOf(t, page.Body)}})
	if res.Status != http.StatusOK {
		t.Fatalf("dispatch: %d %s", res.Status, errorOf(res.Body))
	}
	shipments := parseHTML(t, res.Body).links(nil, "/handoffs/")
	if len(shipments) == 0 {
		t.Fatalf("the dispatch confirmation links to no shipment")
	}
	handoff := strings.TrimPrefix(shipments[0], "/handoffs/")

	carrier := ts.as(car)
	if d := parseHTML(t, carrier.get("/stock").Body); !d.linksTo(d.byID("stock-carrying"), "/handoffs/"+handoff) {
		t.Errorf("the carrier's stock page does not list the shipment under what it carries")
	}
	mustHave(t, "carrier's shipment page", carrier.get("/handoffs/"+handoff).Body, "pickup-form")
	if res := carrier.postForm("/handoffs/"+handoff+"/receive", url.Values{"lot-0": {box}, "received-0": {"600"}, "condition-0": {"good"}}); res.Status != http.StatusForbidden {
		t.Errorf("carrier confirms receipt: %d, want 403", res.Status)
	}
	for _, step := range []string{"pickup", "deliver"} {
		if res := carrier.submit("/handoffs/"+handoff+"/"+step, nil); res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", step, res.Status, errorOf(res.Body))
		}
	}
	if res := carrier.postForm("/handoffs/"+handoff+"/pickup", nil); res.Status != http.StatusConflict {
		t.Errorf("pickup twice: %d, want 409", res.Status)
	}

	hc := ts.as(hosp)
	if d := parseHTML(t, hc.get("/t/"+box).Body); !d.linksTo(nil, "/handoffs/"+handoff) {
		t.Errorf("the hospital's lot page in transit does not link to the shipment")
	}
	if d := parseHTML(t, hc.get("/stock").Body); !d.linksTo(d.byID("stock-incoming"), "/handoffs/"+handoff) {
		t.Errorf("the hospital's stock page does not list the shipment as incoming")
	}
	mustHave(t, "hospital's shipment page", hc.get("/handoffs/"+handoff).Body, "receive-form", "reject-form")
	short := url.Values{"lot-0": {box}, "received-0": {"590"}, "condition-0": {"good"}}
	if res := hc.postForm("/handoffs/"+handoff+"/receive", short); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("shortfall without reason: %d, want 422", res.Status)
	}
	short.Set("reason-0", ledger.ReasonMissing)
	short.Set("note-0", "one carton short")
	if res := hc.submit("/handoffs/"+handoff+"/receive", short); res.Status != http.StatusOK {
		t.Fatalf("receipt: %d %s", res.Status, errorOf(res.Body))
	}
	if res := hc.postForm("/handoffs/"+handoff+"/receive", short); res.Status != http.StatusConflict {
		t.Errorf("receipt twice: %d, want 409", res.Status)
	}
	mustContain(t, "received shipment", anon.get("/handoffs/"+handoff).Body, "590", "-10", "one carton short")

	page = hc.get("/t/" + box)
	mustHave(t, "hospital's lot page", page.Body, "use-form")
	res = hc.submit("/t/"+box+"/use", url.Values{"quantity": {"200"}, "use": {"ICU ward 3"}, "date": {"2026-02-05"}, "nonce": {nonceOf(t, page.Body)}})
	if res.Status != http.StatusOK {
		t.Fatalf("use: %d %s", res.Status, errorOf(res.Body))
	}
	if res := staff.postForm("/t/"+box+"/use", url.Values{"quantity": {"1"}, "use": {"x ward"}, "date": {"2026-02-05"}, "nonce": {sqlite.NewNonce()}}); res.Status != http.StatusForbidden {
		t.Errorf("warehouse records a use of the hospital's lot: %d, want 403", res.Status)
	}

	// The public chain shows every step, with entry indexes.
	pub := anon.get("/t/" + box).Body
	mustContain(t, "public chain", pub, "Union Hospital", "390", "ICU ward 3")
	if n := parseHTML(t, pub).count(func(n *html.Node) bool { return n.Data == "li" && idPrefixed("chain-")(n) }); n != 6 {
		t.Errorf("chain shows %d entries, want 6 (split, dispatch, pickup, delivery, receipt, use)", n)
	}

	// The stock page matches.
	stock := hc.get("/stock").Body
	mustContain(t, "hospital stock", stock, ledger.FormatCode(box), "390")
	whStock := staff.get("/stock").Body
	mustContain(t, "warehouse stock", whStock, "400") // 100 left in the parent, 300 in the other child
	if res := anon.get("/stock"); res.Status != http.StatusUnauthorized {
		t.Errorf("signed-out stock page: %d", res.Status)
	}
}

func hospitalView(t *testing.T, ts *testServer, m ledger.Member, lot string) string {
	t.Helper()
	return ts.as(m).get("/t/" + lot).Body
}

// TestLabels: the A4 sheet has each lot's QR code as SVG and its code in
// large type; the single label is a PNG.
func TestLabels(t *testing.T) {
	ts := newServer(t, func(c *handlers.Config) { c.BaseURL = "https://aid.example" })
	wh := sqlitetest.Org(t, ts.Store, ledger.OrgWarehouse, "Central Warehouse")
	a, b := receiveLot(t, ts.Store, wh, 10), receiveLot(t, ts.Store, wh, 20)
	c := ts.client()
	res := c.get("/labels?lot=" + a + "&lot=" + strings.ToLower(ledger.FormatCode(b)))
	if res.Status != http.StatusOK {
		t.Fatalf("labels: %d %s", res.Status, errorOf(res.Body))
	}
	mustContain(t, "label sheet", res.Body, ledger.FormatCode(a), ledger.FormatCode(b))
	d := parseHTML(t, res.Body)
	if n := d.count(is("div", "label")); n != 2 {
		t.Errorf("%d labels, want 2", n)
	}
	qr := d.first(func(n *html.Node) bool { return n.Data == "svg" && attr(n, "aria-label") == "https://aid.example/t/"+a })
	if qr == nil || !strings.HasPrefix(attr(d.first(func(n *html.Node) bool { return n.Data == "path" }), "d"), "M") {
		t.Errorf("the label of %s has no QR code drawn as SVG for its absolute URL", a)
	}
	res = c.get("/t/" + a + "/label.png")
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("label PNG: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	img, err := png.Decode(bytes.NewReader([]byte(res.Body)))
	if err != nil || img.Bounds().Dx() < 200 {
		t.Errorf("label PNG does not decode well: %v", err)
	}
	if res := c.get("/labels?lot=" + ledger.NewCode()); res.Status != http.StatusNotFound {
		t.Errorf("label of no lot: %d", res.Status)
	}
}

// The custody routes in the authorisation matrix: each made fresh for
// every role, held by the matrix warehouse (or recipient), sent via the
// matrix logistics firm.
var (
	warehouseStaff = []string{orgRole(ledger.RoleAdmin, ledger.OrgWarehouse), orgRole(ledger.RoleStaff, ledger.OrgWarehouse)}
	recipientStaff = []string{orgRole(ledger.RoleAdmin, ledger.OrgRecipient), orgRole(ledger.RoleStaff, ledger.OrgRecipient)}
	carrierStaff   = []string{orgRole(ledger.RoleAdmin, ledger.OrgLogistics), orgRole(ledger.RoleStaff, ledger.OrgLogistics)}
	lotState       = []string{`SELECT group_concat(code || holder || held || in_transit) FROM lots`, `SELECT count(*) FROM handoffs`, `SELECT group_concat(status) FROM handoffs`}
)

func (w *world) admin(kind string) ledger.Member { return w.Members[orgRole(ledger.RoleAdmin, kind)] }

// goggles is a fresh pledge of 10 goggles to the matrix warehouse, handed
// on to organisation to if not 0.
func (w *world) goggles(t *testing.T, to int64) string {
	t.Helper()
	ctx := context.Background()
	wh := w.admin(ledger.OrgWarehouse)
	r, err := w.Store.MakePledge(ctx, w.Members[roleDonor], sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff, DeliverTo: wh.Org,
		Due: time.Now().Format(time.DateOnly), Lines: []sqlite.PledgeLineInput{{Item: "goggles", Quantity: 10}}})
	if err != nil {
		t.Fatal(err)
	}
	if to != 0 {
		if err := w.Store.HandOnPledge(ctx, wh, r.Code, to, "closer to the ward"); err != nil {
			t.Fatal(err)
		}
	}
	return r.Code
}

// lot is a fresh lot of 100 masks at the matrix organisation of kind.
func (w *world) lot(t *testing.T, kind string) string {
	return receiveVia(t, w.Store, w.Members[roleDonor], w.admin(ledger.OrgWarehouse), w.admin(kind), 100)
}

// shipment dispatches a fresh lot from the matrix warehouse to the matrix
// recipient via the matrix carrier.
func (w *world) shipment(t *testing.T) (lot string, id int64) {
	lot = w.lot(t, ledger.OrgWarehouse)
	return lot, dispatchLot(t, w.Store, w.admin(ledger.OrgWarehouse), lot, 100, w.admin(ledger.OrgRecipient).Org, w.admin(ledger.OrgLogistics).Org)
}

var _ = addMatrixRows(
	matrixRow{
		Name: "split a lot",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			lot := w.lot(t, ledger.OrgWarehouse)
			return "/t/" + lot + "/split", url.Values{"quantities": {"10 20"}, "nonce": {sqlite.NewNonce()}}
		},
		Allowed: warehouseStaff, State: lotState, Changes: true,
	},
	matrixRow{
		Name: "dispatch a lot",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			lot := w.lot(t, ledger.OrgWarehouse)
			return "/t/" + lot + "/dispatch", url.Values{"to": {fmt.Sprint(w.admin(ledger.OrgRecipient).Org)}, "quantity": {"40"}, "nonce": {sqlite.NewNonce()}}
		},
		Allowed: warehouseStaff, State: lotState, Changes: true,
	},
	matrixRow{
		Name: "record a use",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			lot := w.lot(t, ledger.OrgRecipient)
			return "/t/" + lot + "/use", url.Values{"quantity": {"5"}, "use": {"ICU"}, "date": {"2026-02-01"}, "nonce": {sqlite.NewNonce()}}
		},
		Allowed: recipientStaff, State: lotState, Changes: true,
	},
	matrixRow{
		Name: "confirm pickup",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			_, id := w.shipment(t)
			return fmt.Sprintf("/handoffs/%d/pickup", id), nil
		},
		Allowed: carrierStaff, State: lotState, Changes: true,
	},
	matrixRow{
		Name: "confirm receipt",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			lot, id := w.shipment(t)
			// The receiver counts it once the carrier delivered it.
			car := w.admin(ledger.OrgLogistics)
			if err := w.Store.ConfirmPickup(context.Background(), car, id); err != nil {
				t.Fatal(err)
			}
			if err := w.Store.ConfirmDelivery(context.Background(), car, id); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/handoffs/%d/receive", id), url.Values{"lot-0": {lot}, "received-0": {"100"}, "condition-0": {"good"}}
		},
		Allowed: recipientStaff, State: lotState, Changes: true,
	},
	matrixRow{
		Name: "reject a shipment",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			_, id := w.shipment(t)
			return fmt.Sprintf("/handoffs/%d/reject", id), url.Values{"reason": {ledger.ReasonSubstandard}}
		},
		Allowed: recipientStaff, State: lotState, Changes: true,
	},
	matrixRow{
		Name: "receive a pledge",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/t/" + w.goggles(t, 0) + "/receive", url.Values{"item-0": {"goggles"}, "quantity-0": {"10"}, "condition-0": {"good"}, "nonce": {sqlite.NewNonce()}}
		},
		Allowed: warehouseStaff, State: lotState, Changes: true,
	},
	matrixRow{
		// The matrix warehouse hands the pledge on to the other recipient:
		// only that one receives it now.
		Name: "receive another organisation's pledge",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/t/" + w.goggles(t, w.Members[roleOtherAdmin].Org) + "/receive", url.Values{"item-0": {"goggles"}, "quantity-0": {"10"}, "condition-0": {"good"}, "nonce": {sqlite.NewNonce()}}
		},
		Allowed: []string{roleOtherAdmin}, State: lotState, Changes: true,
	},
	matrixRow{
		Name: "write off",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/t/" + w.lot(t, ledger.OrgWarehouse) + "/write-off", url.Values{"quantity": {"3"}, "cause": {ledger.CauseDamage}, "reason": {"wet"}, "nonce": {sqlite.NewNonce()}}
		},
		Allowed: warehouseStaff, State: lotState, Changes: true,
	},
	matrixRow{
		Name: "pack lots",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/stock/pack", url.Values{"lot": {w.lot(t, ledger.OrgWarehouse), w.lot(t, ledger.OrgWarehouse)}, "description": {"pallet"}, "nonce": {sqlite.NewNonce()}}
		},
		Allowed: warehouseStaff, State: lotState, Changes: true,
	},
	matrixRow{
		Name: "correct a use",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			lot := w.lot(t, ledger.OrgRecipient)
			idx, err := w.Store.UseLot(context.Background(), w.admin(ledger.OrgRecipient), sqlite.FinalInput{Lot: lot, Quantity: 50, Use: "ICU", Date: "2026-02-01"}, sqlite.NewNonce())
			if err != nil {
				t.Fatal(err)
			}
			return "/t/" + lot + "/correct", url.Values{"entry": {fmt.Sprint(idx)}, "reason": {"typo"}, "quantity": {"5"}}
		},
		Allowed: recipientStaff, State: lotState, Changes: true,
	},
)

// TestStockPagesEqualTheReplay: over the demo, each warehouse's and
// hospital's stock page shows exactly the lots and quantities that the
// ledger entries alone give it.
func TestStockPagesEqualTheReplay(t *testing.T) {
	ts := newServer(t)
	ctx := context.Background()
	w, _ := seedDemoCustody(t, ts.Store)
	st := ledger.NewState()
	err := ts.Store.ExportEntries(ctx, func(index int64, _ tlog.Hash, data []byte) error {
		e, err := ledger.Decode(data)
		if err != nil {
			return err
		}
		return st.Apply(index, e)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range append([]demo.Org{w.Warehouse}, w.Hospitals...) {
		want := map[string]int64{}
		for code, l := range ledger.CustodyOf(st).Lots {
			if l.Holder == o.ID && l.Held > 0 && l.Pack == "" && !l.IsPack() {
				want[code] = l.Held
			}
		}
		a, err := ts.Store.Account(ctx, o.Staff)
		if err != nil {
			t.Fatal(err)
		}
		c := ts.client()
		c.login(a.Email, demo.Password)
		got := map[string]int64{}
		d := parseHTML(t, c.get("/stock").Body)
		for _, li := range d.all(func(n *html.Node) bool {
			return n.Data == "li" && hasClass(n, "card") && !hasClass(n, "pack") && idPrefixed("stock-lot-")(n)
		}) {
			held := strings.Fields(text(first(li, is("span", "held"))))
			if len(held) == 0 {
				t.Fatalf("%s: stock card %s shows no quantity", o.Name, attr(li, "id"))
			}
			q, _ := strconv.ParseInt(strings.ReplaceAll(held[0], ",", ""), 10, 64)
			got[strings.TrimPrefix(attr(li, "id"), "stock-lot-")] = q
		}
		if len(want) == 0 || !maps.Equal(got, want) {
			t.Errorf("%s: stock page %v, replay %v", o.Name, got, want)
		}
	}
}
