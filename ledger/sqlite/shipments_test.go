package sqlite_test

import (
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestShipmentSQLIsTheRule: the store's SQL for "open shipment" and
// "awaits its carrier" (the one fragment each that the stock, lot and
// money desk pages use) says the same as ledger.Handoff's rule for every
// status a handoff row can hold.
func TestShipmentSQLIsTheRule(t *testing.T) {
	s := sqlitetest.Open(t)
	var schema string
	if err := s.DB().QueryRow(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'handoffs'`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if want := "status IN ('" + strings.Join(ledger.HandoffStatuses, "', '") + "')"; !strings.Contains(schema, want) {
		t.Fatalf("the handoffs table does not check %s:\n%s", want, schema)
	}
	for _, c := range []struct {
		name string
		sql  string
		rule func(*ledger.Handoff) bool
	}{
		{"open", sqlite.OpenShipmentSQL, (*ledger.Handoff).Open},
		{"awaits its carrier", sqlite.CarriedShipmentSQL, (*ledger.Handoff).AwaitsCarrier},
	} {
		for _, st := range ledger.HandoffStatuses {
			var got bool
			if err := s.DB().QueryRow(`SELECT `+c.sql+` FROM (SELECT ? AS status)`, st).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if want := c.rule(&ledger.Handoff{Status: st, Via: 9}); got != want {
				t.Errorf("%s, status %s: SQL says %v, the rule %v", c.name, st, got, want)
			}
		}
	}
}
