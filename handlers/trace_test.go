package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// A lot's trace shows every step of its own hash chain, each with the hash
// it links back to and a "verified" mark from a real inclusion proof; an
// entry changed behind the store's back loses its mark there. (Without the
// page cache: it would serve the page rendered before the change until the
// next checkpoint, as a browser holding its ETag would.)
func TestTraceChainIsLinkedAndVerified(t *testing.T) {
	ts := newServer(t, func(c *handlers.Config) { c.PageCacheBytes = -1 })
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "City Charity Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	lot := receiveLot(t, s, wh, 500)
	dispatchLot(t, s, wh, lot, 500, hosp.Org, 0)

	c := ts.client()
	res := c.get("/t/" + lot)
	if res.Status != 200 {
		t.Fatalf("trace: %d", res.Status)
	}
	d := parseHTML(t, res.Body)
	steps := d.all(chainStep)
	if len(steps) != 2 {
		t.Fatalf("chain has %d steps, want 2 (received, dispatched)", len(steps))
	}
	if n := d.count(is("", "verified")); n != 2 {
		t.Errorf("%d verified marks, want 2", n)
	}
	head, next := strings.TrimPrefix(attr(steps[0], "id"), "chain-"), strings.TrimPrefix(attr(steps[1], "id"), "chain-")
	// The second step links back to the first, naming its full leaf hash.
	back := first(steps[1], is("a", "prev"))
	if attr(back, "href") != "#chain-"+head {
		t.Errorf("the second step does not link back to the first (#chain-%s): %q", head, attr(back, "href"))
	}
	se, err := s.Entry(t.Context(), mustInt(t, head))
	if err != nil {
		t.Fatal(err)
	}
	if attr(back, "title") != fmt.Sprintf("%x", se.Leaf[:]) {
		t.Errorf("the link back does not name the first step's hash %x", se.Leaf[:])
	}

	db := s.DB()
	if _, err := db.Exec(`DROP TRIGGER entries_append_only_u`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE entries SET data = CAST(replace(CAST(data AS TEXT), '.', ',') AS BLOB) WHERE idx = ?`, next); err != nil {
		t.Fatal(err)
	}
	res = c.get("/t/" + lot)
	d = parseHTML(t, res.Body)
	if n := d.count(is("", "verified")); n != 1 {
		t.Errorf("after tampering: %d verified marks, want 1", n)
	}
	if first(d.byID("chain-"+next), is("", "unverified")) == nil {
		t.Error("the tampered step is not marked as not verified")
	}
}

// An unknown or mistyped code gets a 404 that suggests the codes one typo away.
func TestUnknownCodeSuggestsNearCodes(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "City Charity Warehouse")
	lot := receiveLot(t, s, wh, 10)
	swapped := lot[:2] + lot[3:4] + lot[2:3] + lot[4:]
	if swapped == lot {
		swapped = lot[:2] + "Z" + lot[3:]
	}
	c := ts.client()
	c.Lang = "zh-CN"
	for _, typed := range []string{swapped, lot[:8], lot + "7"} {
		res := c.get("/t/" + typed)
		if res.Status != 404 {
			t.Errorf("/t/%s: %d, want 404", typed, res.Status)
			continue
		}
		if d := parseHTML(t, res.Body); !d.linksTo(d.byID("near-codes"), "/t/"+lot) {
			t.Errorf("/t/%s does not suggest %s", typed, lot)
		}
		if !strings.Contains(res.Body, "您要找的是不是") {
			t.Errorf("/t/%s: suggestions not in the request's language", typed)
		}
	}
	if res := c.get("/t/ZZZZZZZZZ"); res.Status != 404 || parseHTML(t, res.Body).has("near-codes") {
		t.Errorf("a code far from any: %d, or suggestions shown", res.Status)
	}
}

// chainStep matches a step of a trace's hash chain.
func chainStep(n *html.Node) bool { return n.Data == "li" && idPrefixed("chain-")(n) }

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A goods pledge's page says where the donation is now in one line, and as
// a tree per item: used, held, on the way, written off, and by whom.
func TestPledgeTraceSaysWhereTheGoodsAre(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	ctx := t.Context()
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "City Charity Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	lot := receiveLot(t, s, wh, 500)
	var pledge string
	if err := s.DB().QueryRow(`SELECT pledge FROM lots WHERE code = ?`, lot).Scan(&pledge); err != nil {
		t.Fatal(err)
	}
	c := ts.client()
	c.Lang = "en"
	if r := c.get("/t/" + pledge); !strings.Contains(r.Body, "Held by: City Charity Warehouse.") || !strings.Contains(r.Body, "500 pcs held by City Charity Warehouse") {
		t.Fatalf("after receipt, the pledge page does not say the warehouse holds it:\n%s", r.Body)
	}
	id := dispatchLot(t, s, wh, lot, 300, hosp.Org, 0)
	if err := s.ConfirmReceipt(ctx, hosp, id, []sqlite.ReceiptLine{{Lot: lot, Received: 300, Condition: ledger.ConditionGood}}); err != nil {
		t.Fatal(err)
	}
	var atHospital string
	if err := s.DB().QueryRow(`SELECT code FROM lots WHERE parent = ? AND holder = ?`, lot, hosp.Org).Scan(&atHospital); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseLot(ctx, hosp, sqlite.FinalInput{Lot: atHospital, Quantity: 120, Use: "ICU", Date: "2026-11-20"}, sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	r := c.get("/t/" + pledge)
	if got := text(parseHTML(t, r.Body).byID("where-summary")); got != "Used at: Union Hospital. Held by: City Charity Warehouse, Union Hospital." {
		t.Errorf("the pledge's summary says %q", got)
	}
	for _, want := range []string{
		"120 pcs used by Union Hospital",
		"180 pcs held by Union Hospital",
		"200 pcs held by City Charity Warehouse",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("pledge page lacks %q", want)
		}
	}
	c.Lang = "zh-CN"
	if r := c.get("/t/" + pledge); !strings.Contains(r.Body, "120 件 由Union Hospital使用") {
		t.Error("the tree is not in the reader's language")
	}
}
