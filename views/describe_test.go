package views

import (
	"context"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
)

// Every registered entry type reads in plain words: an area that adds a
// type must add its describer (AddDescriber) too.
func TestEveryEntryTypeHasADescriber(t *testing.T) {
	for _, typ := range ledger.Types() {
		if _, ok := describers[typ]; !ok {
			t.Errorf("entry type %s has no describer (add one with AddDescriber)", typ)
		}
	}
}

func TestDescribe(t *testing.T) {
	names := ledger.Names{Orgs: map[int64]string{4: "Jinyintan Hospital"}, Items: map[string]ledger.Item{"mask-kn95": ledger.Catalogue[2]}}
	entry := func(typ string, actor ledger.Actor, body ledger.Body) *ledger.Entry {
		e, err := ledger.NewEntry(typ, actor, []string{"org:4"}, body)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	zh := WithLang(context.Background(), ZH)
	en := context.Background()
	cases := []struct {
		ctx  context.Context
		e    *ledger.Entry
		want string
	}{
		{en, entry(ledger.TypeReviewDecided, ledger.Actor{Org: 1, User: 2}, &ledger.ReviewDecided{Subject: "org:4", Stage: 2, Decision: ledger.Reject, Reason: "licence expired"}), "An auditor rejected Jinyintan Hospital (re-review): licence expired"},
		{zh, entry(ledger.TypeReviewDecided, ledger.Actor{Org: 1, User: 2}, &ledger.ReviewDecided{Subject: "need:12", Stage: 1, Decision: ledger.Approve}), "审核员通过了需求 12（初审）"},
		{en, entry(ledger.TypeItemAdded, ledger.Actor{}, &ledger.ItemAdded{Item: ledger.Catalogue[2]}), "Catalogue item added: KN95 respirator (non-medical), counted in pcs (standard GB 2626)"},
		{zh, entry(ledger.TypeOrgRegistered, ledger.Actor{Org: 4, User: 9}, &ledger.OrgRegistered{Org: 4, Kind: ledger.OrgRecipient, Name: "Jinyintan Hospital", RegistrationNo: "R-1"}), "Jinyintan Hospital 注册为受助机构（登记证号 R-1）"},
		{en, nil, enPublic.Undecodable},
	}
	for _, c := range cases {
		if got := Describe(c.ctx, names, c.e); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	d := Describing{T: catalogs[EN], Names: names, Entry: &ledger.Entry{Actor: ledger.Actor{Org: 0, User: 7}}}
	if got := d.Org(0); got != enPublic.PersonalDonor {
		t.Errorf("personal donor named %q", got)
	}
	if got := d.Org(99); got != "organisation 99" {
		t.Errorf("unknown org named %q", got)
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567", 20000: "20,000"} {
		if got := GroupDigits(n); got != want {
			t.Errorf("GroupDigits(%d) = %q", n, got)
		}
	}
	if strings.Contains(Describe(en, names, entry(ledger.TypeItemAdded, ledger.Actor{}, &ledger.ItemAdded{Item: ledger.Catalogue[5]})), "standard") {
		t.Error("an item without a standard mentions one")
	}
}

// TestDescribeReceipt: a receipt in words, the lot's code grouped and the
// unit in the reader's language.
func TestDescribeReceipt(t *testing.T) {
	code := ledger.NewCode()
	names := ledger.Names{
		Orgs:     map[int64]string{4: "Hospital A", 5: "Warehouse B"},
		Items:    map[string]ledger.Item{"mask-medical-protective": ledger.Catalogue[0]},
		Lots:     map[string]ledger.LotFacts{code: {Item: "mask-medical-protective", Unit: "pcs"}},
		Handoffs: map[int64]ledger.HandoffFacts{12: {From: 5, To: 4, Sent: map[string]int64{code: 2000}}},
	}
	e, err := ledger.NewEntry(ledger.TypeHandoffReceived, ledger.Actor{Org: 4, User: 3}, []string{"handoff:12"},
		&ledger.HandoffReceived{Handoff: 12, Lines: []ledger.ReceivedLot{{Lot: code, Received: 1980, Condition: "good", Reason: "damaged"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := "Hospital A confirmed receipt of 1,980 of 2,000 pcs of Medical protective mask (N95 class) (lot " + ledger.FormatCode(code) + ") from Warehouse B — 20 damaged"
	if got := Describe(context.Background(), names, e); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := Describe(WithLang(context.Background(), ZH), names, e); got != "Hospital A 确认收到 1,980（发出 2,000 件 医用防护口罩（批次 "+ledger.FormatCode(code)+"）），来自 Warehouse B——20 破损" {
		t.Errorf("zh: %q", got)
	}
}

// The /data/ README documents every column of every export, in order, in
// both languages.
func TestEveryExportColumnIsDocumented(t *testing.T) {
	for _, cat := range []PublicText{enPublic, zhPublic} {
		documented := map[string]bool{}
		for _, x := range cat.Exports {
			documented[x.File] = true
			if x.File == "entries.jsonl" {
				continue
			}
			cols, ok := opendata.ExportTables[x.File]
			if !ok {
				t.Errorf("%s is documented but not exported", x.File)
				continue
			}
			var names []string
			for _, c := range x.Columns {
				names = append(names, c.Name)
			}
			if strings.Join(names, ",") != strings.Join(cols, ",") {
				t.Errorf("%s: documented columns %v, exported %v", x.File, names, cols)
			}
		}
		for f := range opendata.ExportTables {
			if !documented[f] {
				t.Errorf("%s is exported but not documented", f)
			}
		}
	}
}
