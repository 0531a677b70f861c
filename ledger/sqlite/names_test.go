package sqlite_test

import (
	"context"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// The names public pages show come from a cache (the catalogue, the
// organisations' names) that still names what was added after it was
// filled: a new catalogue item and a new organisation.
func TestPublicNamesFollowTheLog(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "City Charity Warehouse")
	names := func(orgs ...int64) ledger.Names {
		t.Helper()
		var es []*ledger.Entry
		for _, o := range orgs {
			es = append(es, &ledger.Entry{Actor: ledger.Actor{Org: o}})
		}
		n, err := s.NamesOf(ctx, es...)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := names(wh.Org)
	if before.Orgs[wh.Org] != "City Charity Warehouse" || before.Items["mask-surgical"].ID == "" {
		t.Fatalf("names: %v, %d items", before.Orgs, len(before.Items))
	}
	it := ledger.Item{ID: "cot-folding", NameEN: "Folding cot", NameZH: "折叠床", Unit: "pcs"}
	if err := s.AddItem(ctx, sqlite.PlatformActor, it); err != nil {
		t.Fatal(err)
	}
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	after := names(wh.Org, hosp.Org)
	if after.Items[it.ID].NameEN != it.NameEN || len(after.Items) != len(before.Items)+1 {
		t.Errorf("the catalogue after an item was added: %d items, %q", len(after.Items), after.Items[it.ID].NameEN)
	}
	if after.Orgs[hosp.Org] != "Union Hospital" || after.Orgs[wh.Org] != "City Charity Warehouse" {
		t.Errorf("organisations' names after one registered: %v", after.Orgs)
	}
	if _, ok := before.Items[it.ID]; ok {
		t.Error("the catalogue read before the item was added changed under its reader")
	}
}
