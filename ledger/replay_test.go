package ledger_test

import (
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

// TestReplayItems: the replay accepts each item once and reports a second
// addition, or one whose subject is another item, with its index, leaving
// the state as it was.
func TestReplayItems(t *testing.T) {
	s := ledger.NewState()
	add := func(index int64, it ledger.Item, subject string) error {
		e, err := ledger.NewEntry(ledger.TypeItemAdded, ledger.Actor{}, []string{subject}, &ledger.ItemAdded{Item: it})
		if err != nil {
			t.Fatal(err)
		}
		return s.Apply(index, e)
	}
	masks, gloves := ledger.Catalogue[0], ledger.Catalogue[6]
	if err := add(0, masks, "item:"+masks.ID); err != nil {
		t.Fatalf("first item: %v", err)
	}
	for _, tc := range []struct {
		name    string
		index   int64
		item    ledger.Item
		subject string
		want    string
	}{
		{"duplicate", 7, masks, "item:" + masks.ID, "entry 7 (item.added): item \"mask-medical-protective\" is added twice"},
		{"wrong subject", 8, gloves, "item:" + masks.ID, "entry 8 (item.added): item \"gloves-exam\" is added by an entry whose subjects do not include item:gloves-exam"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := add(tc.index, tc.item, tc.subject)
			v, ok := ledger.AsViolation(err)
			if !ok || v.Index != tc.index || err.Error() != tc.want {
				t.Errorf("Apply = %v, want violation %q", err, tc.want)
			}
		})
	}
	if len(s.Items) != 1 {
		t.Errorf("state has %d items after the violations, want 1", len(s.Items))
	}
	if err := add(9, gloves, "item:"+gloves.ID); err != nil {
		t.Errorf("second item: %v", err)
	}
}

// TestReplayBadBody: a body that does not decode is a violation, not a panic.
func TestReplayBadBody(t *testing.T) {
	e := itemEntry(t)
	e.Body = []byte(`{"item":"x"}`)
	err := ledger.NewState().Apply(3, e)
	if v, ok := ledger.AsViolation(err); !ok || v.Index != 3 || !strings.Contains(err.Error(), "entry 3") {
		t.Errorf("Apply = %v, want a violation at entry 3", err)
	}
}

// TestStatePart: an area's part is created once and kept.
func TestStatePart(t *testing.T) {
	type counts struct{ n int }
	s := ledger.NewState()
	ledger.Part[counts](s).n++
	ledger.Part[counts](s).n++
	if got := ledger.Part[counts](s).n; got != 2 {
		t.Errorf("part counted %d, want 2", got)
	}
}

// TestChains: prev links must name each subject's latest entry exactly.
func TestChains(t *testing.T) {
	c := ledger.Chains{}
	e := itemEntry(t)
	if err := c.Check(0, e); err != nil {
		t.Fatalf("first entry: %v", err)
	}
	c.Advance(0, [32]byte{1}, e)
	if err := c.Check(1, e); err == nil || !strings.Contains(err.Error(), "entry 1: no prev link for item:gloves-exam (its previous entry is 0)") {
		t.Errorf("missing link: %v", err)
	}
	e.Prev = []ledger.Link{{Subject: "item:gloves-exam", Index: 0, Hash: "01" + strings.Repeat("00", 31)}}
	if err := c.Check(1, e); err != nil {
		t.Errorf("right link: %v", err)
	}
	e.Prev[0].Hash = strings.Repeat("00", 32)
	if err := c.Check(1, e); err == nil || !strings.Contains(err.Error(), "entry 1: prev link for item:gloves-exam is 0/") {
		t.Errorf("wrong hash: %v", err)
	}
	if err := (ledger.Chains{}).Check(1, e); err == nil || !strings.Contains(err.Error(), "has no earlier entry") {
		t.Errorf("link to nothing: %v", err)
	}
}

// TestEveryTypeIsReplayed: the one list of replay rules covers every entry
// type, so the verifier re-derives all of them.
func TestEveryTypeIsReplayed(t *testing.T) {
	if missing := ledger.TypesWithoutRule(); len(missing) != 0 {
		t.Errorf("entry types without a replay rule: %v", missing)
	}
}
