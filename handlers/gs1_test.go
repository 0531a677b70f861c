package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/net/html"
)

// TestReceiveWithGTIN: the GTIN typed (or scanned) at receipt is kept on the
// lot, its splits keep it, and the public trace page shows it; a GTIN with
// a wrong check digit is refused on the form in the reader's language.
func TestReceiveWithGTIN(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	pl := masksPledged(t, s, wh, 500)
	staff := ts.as(wh)
	receive := func(gtin string, lang string) *response {
		staff.Lang = lang
		form := staff.get("/t/" + pl.Code + "/receive")
		if named(parseHTML(t, form.Body).byID("receive-pledge-form"), "gtin-0") == nil {
			t.Fatal("the receipt form has no GTIN field")
		}
		v := url.Values{"nonce": {nonceOf(t, form.Body)}, "item-0": {"mask-surgical"}, "quantity-0": {"500"},
			"batch-0": {"AB-123"}, "gtin-0": {gtin}, "expiry-0": {"2027-01-15"}, "condition-0": {"good"}}
		return staff.submit("/t/"+pl.Code+"/receive", v)
	}
	if res := receive("09501101530004", "zh-CN"); res.Status != http.StatusUnprocessableEntity || !strings.Contains(errorOf(res.Body), "校验位") {
		t.Errorf("bad check digit: %d %q", res.Status, errorOf(res.Body))
	}
	res := receive("09501101530003", "en")
	if res.Status != http.StatusOK {
		t.Fatalf("receive: %d %s", res.Status, errorOf(res.Body))
	}
	lot := doneLots(t, res.Body)[0]
	if got := text(parseHTML(t, ts.client().get("/t/"+lot).Body).byID("lot-gtin")); !strings.Contains(got, "09501101530003") {
		t.Errorf("the public lot page shows GTIN %q", got)
	}
	page := staff.get("/t/" + lot)
	split := staff.submit("/t/"+lot+"/split", url.Values{"quantities": {"100"}, "nonce": {nonceOf(t, page.Body)}})
	if split.Status != http.StatusOK {
		t.Fatalf("split: %d %s", split.Status, errorOf(split.Body))
	}
	child := doneLots(t, split.Body)[0]
	mustContain(t, "child lot page", ts.client().get("/t/"+child).Body, "09501101530003")
}

// TestScanPage: /scan is for staff; a typed or scanned Aidtrail code (or
// its QR URL) opens /t/{code}; a GS1 barcode is shown, or with the pledge
// it is for goes to its receipt form filled in; a bad one is said on the
// form in the reader's language; only /scan lets WebAssembly compile.
func TestScanPage(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	pl := masksPledged(t, s, wh, 500)
	if res := ts.client().get("/scan"); res.Status != http.StatusUnauthorized {
		t.Errorf("signed-out /scan: %d", res.Status)
	}
	staff := ts.as(wh)
	page := staff.get("/scan")
	mustHave(t, "scan page", page.Body, "scan-form", "nav-scan")
	if parseHTML(t, page.Body).first(func(n *html.Node) bool { return n.Data == "script" && attr(n, "src") == "/static/scan.js" }) == nil {
		t.Error("the scan page does not load /static/scan.js")
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") {
		t.Errorf("/scan CSP %q", csp)
	}
	if csp := staff.get("/stock").Header.Get("Content-Security-Policy"); strings.Contains(csp, "wasm") {
		t.Errorf("/stock CSP %q", csp)
	}
	for q, want := range map[string]string{
		strings.ToLower(ledger.FormatCode(pl.Code)): "/t/" + pl.Code,
		"https://aidtrail.example/t/" + pl.Code:     "/t/" + pl.Code,
	} {
		if res := staff.get("/scan?" + url.Values{"q": {q}}.Encode()); res.Status != http.StatusSeeOther || res.Location() != want {
			t.Errorf("scan %q: %d %q", q, res.Status, res.Location())
		}
	}
	box := "]d201095011015300031727120010AB-123"
	res := staff.get("/scan?" + url.Values{"q": {box}}.Encode())
	for id, want := range map[string]string{"scan-batch": "AB-123", "scan-expiry": "2027-12-31", "scan-gtin": "09501101530003"} {
		if got := text(parseHTML(t, res.Body).byID(id)); got != want {
			t.Errorf("GS1 shown: #%s %q, want %q", id, got, want)
		}
	}
	res = staff.get("/scan?" + url.Values{"q": {box}, "for": {pl.Code}, "line": {"0"}}.Encode())
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location(), "/t/"+pl.Code+"/receive?") {
		t.Fatalf("GS1 for a pledge: %d %q", res.Status, res.Location())
	}
	form := staff.get(res.Location())
	mustHave(t, "filled receipt form", form.Body, "receive-filled")
	if f := parseHTML(t, form.Body).byID("receive-pledge-form"); attr(named(f, "batch-0"), "value") != "AB-123" || attr(named(f, "expiry-0"), "value") != "2027-12-31" || attr(named(f, "gtin-0"), "value") != "09501101530003" {
		t.Errorf("the receipt form is not filled from the scan: batch %q, expiry %q, GTIN %q", attr(named(f, "batch-0"), "value"), attr(named(f, "expiry-0"), "value"), attr(named(f, "gtin-0"), "value"))
	}
	staff.Lang = "zh-CN"
	bad := staff.get("/scan?" + url.Values{"q": {"]d201095011015300041727120010AB-123"}}.Encode())
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "校验位不对") {
		t.Errorf("bad check digit: %d %s", bad.Status, errorOf(bad.Body))
	}
	if res := staff.get("/scan?q=3V4Q"); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "编码应为 9 个字符") {
		t.Errorf("short code: %d", res.Status)
	}
}
