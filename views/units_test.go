package views

import (
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

// Every entry type is named in words in both languages, each name once.
func TestEveryEntryTypeIsNamed(t *testing.T) {
	for _, l := range []Lang{EN, ZH} {
		seen := map[string]string{}
		for _, typ := range ledger.Types() {
			n := EntryTypeIn(l, typ)
			if n == typ || n == "" {
				t.Errorf("%s: entry type %s has no name", l.Code(), typ)
			}
			if other, dup := seen[n]; dup {
				t.Errorf("%s: %s and %s are both called %q", l.Code(), other, typ, n)
			}
			seen[n] = typ
		}
	}
}

// Every unit of the catalogue reads in Chinese on a Chinese page; a unit an
// organisation typed stays as typed.
func TestCatalogueUnitsInChinese(t *testing.T) {
	for _, it := range ledger.Catalogue {
		if UnitIn(ZH, it.Unit) == it.Unit || UnitIn(EN, it.Unit) != it.Unit {
			t.Errorf("%s: unit %q is %q in Chinese", it.ID, it.Unit, UnitIn(ZH, it.Unit))
		}
	}
	if got := QtyIn(ZH, 12000, "pairs"); got != "12,000 双" {
		t.Errorf("12000 pairs in Chinese: %q", got)
	}
	if got := UnitIn(ZH, "drums"); got != "drums" {
		t.Errorf("a typed unit became %q", got)
	}
}

// GroupCodes groups valid codes and leaves other words alone.
func TestGroupCodes(t *testing.T) {
	code := ledger.NewCode()
	for in, want := range map[string]string{
		"lot " + code + " split":             "lot " + ledger.FormatCode(code) + " split",
		"already " + ledger.FormatCode(code): "already " + ledger.FormatCode(code),
		"batch HX20261121, GB19083X1":        "batch HX20261121, GB19083X1",
	} {
		if got := GroupCodes(in); got != want {
			t.Errorf("GroupCodes(%q) = %q, want %q", in, got, want)
		}
	}
}
