package opendata_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
	"github.com/aidtrail/aidtrail/ledger/opendata/opendatatest"
)

func entry(t *testing.T, typ string, body ledger.Body) *ledger.Entry {
	t.Helper()
	e, err := ledger.NewEntry(typ, ledger.Actor{Org: 5}, []string{"lot:X"}, body)
	if err != nil {
		t.Fatal(err)
	}
	e.Time = "2020-01-25T22:16:00.000Z"
	return e
}

// A lot with the GTIN of its packaging is of its GS1 Digital Link class
// (with its batch, escaped), in a document the schema accepts.
func TestEPCISClassOfALotWithAGTIN(t *testing.T) {
	const gtin = "09506000134352"
	a, b := ledger.NewCode(), ledger.NewCode()
	c := ledger.NewCustody()
	c.Lots[a] = &ledger.Lot{Code: a, Item: "mask-surgical", Unit: "boxes", GTIN: gtin, Batch: "B 1/2"}
	c.Lots[b] = &ledger.Lot{Code: b, Item: "mask-surgical", Unit: "pcs"}
	c.Handoffs[7] = &ledger.Handoff{ID: 7, From: 5, To: 6, Lines: []ledger.HandoffLine{{Lot: a, Quantity: 3}, {Lot: b, Quantity: 4}}}
	m := &opendata.EPCIS{Base: "https://a.test", Custody: c}
	evs, err := m.Events(42, strings.Repeat("ab", 32), entry(t, ledger.TypeHandoffDispatched, &ledger.HandoffDispatched{Handoff: 7, To: 6, Lines: []ledger.SentLot{{Lot: a, Quantity: 3}, {Lot: b, Quantity: 4}}}))
	if err != nil || len(evs) != 1 {
		t.Fatalf("%v %v", evs, err)
	}
	q := evs[0].QuantityList
	if len(q) != 2 || q[0].EPCClass != "https://id.gs1.org/01/"+gtin+"/10/B%201%2F2" || q[0].UOM != "BX" || *q[0].Quantity != 3 ||
		q[1].EPCClass != "https://a.test/t/"+b || q[1].UOM != "H87" {
		t.Errorf("quantities %+v", q)
	}
	if evs[0].EventID != "https://a.test/ledger/42?leaf="+strings.Repeat("ab", 32) || evs[0].BizStep != "shipping" || evs[0].Disposition != "in_transit" {
		t.Errorf("event %+v", evs[0])
	}
	doc := opendata.NewEPCISDocument(time.Now(), "https://a.test/data/epcis.jsonld?from=0")
	doc.Body.EventList = evs
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := opendatatest.ValidateEPCIS(raw); err != nil {
		t.Fatal(err)
	}
}

func TestAmount(t *testing.T) {
	for _, c := range []struct {
		cur  string
		in   int64
		want string
	}{{"CNY", 123456, "1234.56"}, {"CNY", 5, "0.05"}, {"USD", 100, "1.00"}, {"JPY", 1500, "1500"}, {"EUR", 0, "0.00"}} {
		if got := opendata.Amount(c.cur, c.in); got != c.want {
			t.Errorf("Amount(%s, %d) = %s, want %s", c.cur, c.in, got, c.want)
		}
	}
}
