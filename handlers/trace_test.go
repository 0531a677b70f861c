package handlers_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

var chainStepRE = regexp.MustCompile(`<li id="chain-(\d+)"`)

// A lot's trace shows every step of its own hash chain, each with the hash
// it links back to and a "verified" mark from a real inclusion proof; an
// entry changed behind the store's back loses its mark there.
func TestTraceChainIsLinkedAndVerified(t *testing.T) {
	ts := newServer(t)
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
	steps := chainStepRE.FindAllStringSubmatch(res.Body, -1)
	if len(steps) != 2 {
		t.Fatalf("chain has %d steps, want 2 (received, dispatched)", len(steps))
	}
	if n := strings.Count(res.Body, `class="verified"`); n != 2 {
		t.Errorf("%d verified marks, want 2", n)
	}
	first, second := steps[0][1], steps[1][1]
	if !strings.Contains(res.Body, fmt.Sprintf(`href="#chain-%s"`, first)) {
		t.Errorf("the second step does not link back to the first (#chain-%s)", first)
	}
	// The link carries the first step's full leaf hash.
	se, err := s.Entry(t.Context(), mustInt(t, first))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Body, fmt.Sprintf(`class="prev" href="#chain-%s" title="%x"`, first, se.Leaf[:])) {
		t.Errorf("the link back does not name the first step's hash %x", se.Leaf[:])
	}

	db := s.DB()
	if _, err := db.Exec(`DROP TRIGGER entries_append_only_u`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE entries SET data = CAST(replace(CAST(data AS TEXT), '.', ',') AS BLOB) WHERE idx = ?`, second); err != nil {
		t.Fatal(err)
	}
	res = c.get("/t/" + lot)
	if n := strings.Count(res.Body, `class="verified"`); n != 1 {
		t.Errorf("after tampering: %d verified marks, want 1", n)
	}
	if !strings.Contains(res.Body, `class="unverified"`) {
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
		if !strings.Contains(res.Body, `id="near-codes"`) || !strings.Contains(res.Body, "/t/"+lot) {
			t.Errorf("/t/%s does not suggest %s", typed, lot)
		}
		if !strings.Contains(res.Body, "您要找的是不是") {
			t.Errorf("/t/%s: suggestions not in the request's language", typed)
		}
	}
	if res := c.get("/t/ZZZZZZZZZ"); res.Status != 404 || strings.Contains(res.Body, `id="near-codes"`) {
		t.Errorf("a code far from any: %d, suggestions shown: %v", res.Status, strings.Contains(res.Body, `id="near-codes"`))
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
