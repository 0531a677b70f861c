package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/mod/sumdb/tlog"
)

// TestStockCountForms: a count of 1,180 where 1,200 are held is an
// adjustment with its reason, at once; a count of 1,000 waits for a second
// member (the counter is refused), freezes the lot, and once approved is
// public on the lot's page and the organisation's, and equals the replay.
func TestStockCountForms(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	second := sqlitetest.User(t, s, sqlite.NewUser{Email: sqlitetest.Email("staff"), Org: wh.Org, Role: ledger.RoleStaff})
	lot := receivedLotHere(t, s, wh, 1200)
	staff, other := ts.as(wh), ts.as(second)
	count := func(c *client, counted, reason string) *response {
		page := c.get("/t/" + lot)
		mustHave(t, "count form", page.Body, "count-form")
		return c.submit("/t/"+lot+"/count", url.Values{"nonce": {nonceOf(t, page.Body)}, "held": {heldOf(t, s, lot)}, "counted": {counted}, "reason": {reason}})
	}
	if res := count(staff, "1180", ""); res.Status != http.StatusUnprocessableEntity || !strings.Contains(errorOf(res.Body), "choose a reason") {
		t.Errorf("a difference without a reason: %d %q", res.Status, errorOf(res.Body))
	}
	if res := count(staff, "1180", ledger.CountReasonDamaged); res.Status != http.StatusOK {
		t.Fatalf("count 1180: %d %s", res.Status, errorOf(res.Body))
	}
	if got := heldOf(t, s, lot); got != "1180" {
		t.Errorf("held %s after a small adjustment", got)
	}
	if res := count(staff, "1000", ledger.CountReasonLost); res.Status != http.StatusOK {
		t.Fatalf("count 1000: %d %s", res.Status, errorOf(res.Body))
	}
	page := staff.get("/t/" + lot)
	mustHave(t, "frozen lot", page.Body, "count-pending")
	mustNotHave(t, "the counter's page while the count waits", page.Body, "split-form", "dispatch-form", "count-form", "count-review-form")
	pending, err := s.LotCounts(context.Background(), lot)
	if err != nil || len(pending) == 0 || pending[0].Status != ledger.CountPending {
		t.Fatalf("counts %v %v", pending, err)
	}
	review := "/t/" + lot + "/count/" + itoa(pending[0].Entry) + "/review"
	if res := staff.postForm(review, url.Values{"approve": {"1"}}); res.Status != http.StatusForbidden {
		t.Errorf("the counter approving their own count: %d", res.Status)
	}
	mustHave(t, "second member's page", other.get("/t/"+lot).Body, "count-review-form")
	if res := other.submit(review, url.Values{"approve": {"1"}}); res.Status != http.StatusOK {
		t.Fatalf("approval: %d %s", res.Status, errorOf(res.Body))
	}
	if got := heldOf(t, s, lot); got != "1000" {
		t.Errorf("held %s after the approved count", got)
	}
	pub := ts.client().get("/t/" + lot)
	mustHave(t, "public lot page", pub.Body, "lot-counts")
	mustContain(t, "public lot page", pub.Body, "-180", "-20")
	org := ts.client().get("/orgs/" + itoa(wh.Org))
	mustHave(t, "public org page", org.Body, "org-adjustments")
	mustContain(t, "public org page", org.Body, ledger.FormatCode(lot))
	// The ledger entries alone give the same lot and the same counts.
	st := ledger.NewState()
	if err := s.ExportEntries(context.Background(), func(index int64, _ tlog.Hash, data []byte) error {
		e, err := ledger.Decode(data)
		if err != nil {
			return err
		}
		return st.Apply(index, e)
	}); err != nil {
		t.Fatal(err)
	}
	c := ledger.CustodyOf(st)
	if got := c.Lots[lot].Held; itoa(got) != heldOf(t, s, lot) {
		t.Errorf("replay holds %d", got)
	}
	stored, _ := s.LotCounts(context.Background(), lot)
	for _, k := range stored {
		if r := c.Counts[k.Entry]; r == nil || *r != k {
			t.Errorf("count %d: store %+v, replay %+v", k.Entry, k, r)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func heldOf(t *testing.T, s *sqlite.Store, lot string) string {
	t.Helper()
	var held int64
	if err := s.DB().QueryRow(`SELECT held FROM lots WHERE code = ?`, lot).Scan(&held); err != nil {
		t.Fatal(err)
	}
	return itoa(held)
}

// receivedLotHere has a donor pledge q surgical masks and m's warehouse
// receive them as one lot; it returns the lot's code.
func receivedLotHere(t *testing.T, s *sqlite.Store, m ledger.Member, q int64) string {
	t.Helper()
	ctx := context.Background()
	pl, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff,
		Due: time.Now().Format(time.DateOnly), DeliverTo: m.Org, Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: q}}})
	if err != nil {
		t.Fatal(err)
	}
	codes, err := s.ReceivePledge(ctx, m, pl.Code, []sqlite.LotInput{{Item: "mask-surgical", Quantity: q, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	return codes[0]
}
