package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestReceiveWithGTIN: the GTIN typed (or scanned) at receipt is kept on the
// lot, its splits keep it, and the public trace page shows it; a GTIN with
// a wrong check digit is refused on the form in the reader's language.
func TestReceiveWithGTIN(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	pl, err := s.MakePledge(context.Background(), sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff,
		Due: time.Now().Format(time.DateOnly), Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: 500}}})
	if err != nil {
		t.Fatal(err)
	}
	staff := ts.as(wh)
	receive := func(gtin string, lang string) *response {
		staff.Lang = lang
		form := staff.get("/t/" + pl.Code + "/receive")
		mustContain(t, "receipt form", form.Body, `name="gtin-0"`)
		v := url.Values{"nonce": {nonceOf(t, form.Body)}, "item-0": {"mask-surgical"}, "quantity-0": {"500"},
			"batch-0": {"AB-123"}, "gtin-0": {gtin}, "expiry-0": {"2027-01-15"}, "condition-0": {"good"}}
		return staff.postForm("/t/"+pl.Code+"/receive", v)
	}
	if res := receive("09501101530004", "zh-CN"); res.Status != http.StatusUnprocessableEntity || !strings.Contains(errorOf(res.Body), "校验位") {
		t.Errorf("bad check digit: %d %q", res.Status, errorOf(res.Body))
	}
	res := receive("09501101530003", "en")
	if res.Status != http.StatusOK {
		t.Fatalf("receive: %d %s", res.Status, errorOf(res.Body))
	}
	lot := doneLotRE.FindStringSubmatch(res.Body)[1]
	mustContain(t, "public lot page", ts.client().get("/t/"+lot).Body, `id="lot-gtin"`, "09501101530003")
	page := staff.get("/t/" + lot)
	split := staff.postForm("/t/"+lot+"/split", url.Values{"quantities": {"100"}, "nonce": {nonceOf(t, page.Body)}})
	if split.Status != http.StatusOK {
		t.Fatalf("split: %d %s", split.Status, errorOf(split.Body))
	}
	child := doneLotRE.FindStringSubmatch(split.Body)[1]
	mustContain(t, "child lot page", ts.client().get("/t/"+child).Body, "09501101530003")
}
