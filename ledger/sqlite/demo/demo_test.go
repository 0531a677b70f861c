package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

func TestSeedWorld(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	w, err := demo.SeedWorld(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !w.PlatformAdmin.IsPlatformAdmin() || !w.Auditors[0].IsAuditor() || !w.Auditors[1].IsAuditor() || w.Auditors[0].User == w.Auditors[1].User {
		t.Errorf("platform: %+v %+v", w.PlatformAdmin, w.Auditors)
	}
	kinds := map[string]int{}
	for _, o := range append(append(append([]demo.Org{}, w.DonorCompanies...), w.Logistics, w.Warehouse), w.Hospitals...) {
		kinds[o.Kind]++
		if !o.Admin.ActsFor(o.Kind) || !o.Admin.IsOrgAdmin() || !o.Staff.ActsFor(o.Kind) || o.Staff.Org != o.ID || o.Staff.Role != ledger.RoleStaff {
			t.Errorf("%s: admin %+v staff %+v", o.Name, o.Admin, o.Staff)
		}
	}
	for _, k := range ledger.OrgKinds {
		if kinds[k] == 0 {
			t.Errorf("no verified organisation of kind %s", k)
		}
	}
	if kinds[ledger.OrgRecipient] != 4 {
		t.Errorf("%d hospitals, want 4", kinds[ledger.OrgRecipient])
	}
	// Every printed login works with the demo password.
	for _, l := range w.Logins {
		if l.Password != demo.Password {
			t.Errorf("%s: password %q", l.Email, l.Password)
		}
		if _, err := s.Authenticate(ctx, l.Email, l.Password); err != nil {
			t.Errorf("login %s: %v", l.Email, err)
		}
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	var data string
	s.DB().QueryRow(`SELECT group_concat(data) FROM entries`).Scan(&data)
	if strings.Contains(data, "example") || strings.Contains(data, "+86") || !strings.Contains(data, `"2020-01-24T`) {
		t.Error("demo ledger holds personal data, or is not dated in the scenario")
	}
}
