package demo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestDemoSignatures: in the whole demo every signature verifies from the
// entries alone, most confirmations are signed, Jinyintan requires
// signatures and made none unsigned since, and Central Hospital's steps are
// recorded by the platform, unsigned, for contrast.
func TestDemoSignatures(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	jinyintan, central := orgID(t, s, "Jinyintan"), orgID(t, s, "Central Hospital")
	st := ledger.NewState()
	rows, err := s.DB().Query(`SELECT idx, data FROM entries ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	signed, unsigned := 0, 0
	unsignedBy, covered := map[int64]int{}, map[int64]int{}
	for rows.Next() {
		var idx int64
		var data []byte
		rows.Scan(&idx, &data)
		e, err := ledger.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		_, ahead := ledger.ReplayedKeys(st).Ahead[idx]
		sc, err := ledger.ReplayedKeys(st).CheckSignatures(idx, e)
		if err != nil {
			t.Errorf("entry %d (%s): %v", idx, e.Type, err)
			continue
		}
		sc.Apply()
		switch {
		case len(e.Sigs) > 0:
			signed++
		case ahead: // a corrective entry, covered by its correction's signature
			covered[e.Actor.Org]++
		case slices.Contains(ledger.MustSign, e.Type) && e.Actor.Org > 1:
			unsigned++
			unsignedBy[e.Actor.Org]++
			if _, req := ledger.ReplayedKeys(st).Required[e.Actor.Org]; req {
				t.Errorf("entry %d: unsigned %s of an organisation that requires signatures", idx, e.Type)
			}
		}
		if err := st.Apply(idx, e); err != nil {
			t.Fatal(err)
		}
	}
	keys := ledger.ReplayedKeys(st)
	if _, ok := keys.Required[jinyintan]; !ok {
		t.Errorf("Jinyintan does not require signatures")
	}
	if unsignedBy[central] == 0 || len(keys.ActiveKeys(central)) != 0 {
		t.Errorf("Central Hospital: %d unsigned steps, %d keys; want some steps, no keys", unsignedBy[central], len(keys.ActiveKeys(central)))
	}
	if covered[jinyintan] != 1 || covered[orgID(t, s, "Union")] != 1 {
		t.Errorf("corrective uses covered by a signed correction, by organisation: %v; want one at Jinyintan and one at Union", covered)
	}
	if signed <= unsigned {
		t.Errorf("%d organisations' confirmations signed, %d unsigned: want most signed", signed, unsigned)
	}
	t.Logf("%d signed, %d organisations' confirmations unsigned (%v by organisation), corrective entries covered %v", signed, unsigned, unsignedBy, covered)
}

func orgID(t *testing.T, s *sqlite.Store, name string) int64 {
	t.Helper()
	var id int64
	if err := s.DB().QueryRow(`SELECT id FROM orgs WHERE name LIKE ?`, "%"+name+"%").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
