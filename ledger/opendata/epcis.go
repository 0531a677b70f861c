// Package opendata maps ledger entries to the open-data standards of the
// field: GS1 EPCIS 2.0 events (supply chains, hospitals), IATI 2.03
// activities (donors' money flows) and HXL hashtags (humanitarian data).
// The server publishes them under /data/ and aidtrail-verify re-derives
// them from the verified log with the same mapping, so every published
// event or transaction names the entry it comes from and can be checked.
package opendata

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// EPCISContext is the JSON-LD context of the document: the standard
// EPCIS 2.0 context and the prefix of Aidtrail's extension fields.
var EPCISContext = []any{
	"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
	map[string]string{"aidtrail": "https://aidtrail.org/ns/epcis#"},
}

// EPCISDocument is the document's header; its event list is streamed
// (empty here: a writer opens it and appends the events).
type EPCISDocument struct {
	Context            []any     `json:"@context"`
	Type               string    `json:"type"`
	SchemaVersion      string    `json:"schemaVersion"`
	CreationDate       string    `json:"creationDate"`
	InstanceIdentifier string    `json:"instanceIdentifier"`
	Body               EPCISBody `json:"epcisBody"`
}

// EPCISBody holds the events.
type EPCISBody struct {
	EventList []Event `json:"eventList"`
}

// NewEPCISDocument returns a document created at t, without events.
func NewEPCISDocument(t time.Time, id string) *EPCISDocument {
	return &EPCISDocument{Context: EPCISContext, Type: "EPCISDocument", SchemaVersion: "2.0",
		CreationDate: t.UTC().Format(time.RFC3339), InstanceIdentifier: id, Body: EPCISBody{EventList: []Event{}}}
}

// Event is one EPCIS 2.0 event, with the fields of every event type that
// Aidtrail writes; a field left empty is omitted. Field order is the
// document's. Quantity elements carry lots as class-level identifiers.
type Event struct {
	Context             []any             `json:"@context,omitempty"` // only on a bare event; the document carries it
	Type                string            `json:"type"`
	EventTime           string            `json:"eventTime"`
	EventTimeZoneOffset string            `json:"eventTimeZoneOffset"`
	EventID             string            `json:"eventID"`
	ErrorDeclaration    *ErrorDeclaration `json:"errorDeclaration,omitempty"`
	ParentID            string            `json:"parentID,omitempty"`
	ChildQuantityList   []Quantity        `json:"childQuantityList,omitempty"`
	EPCList             []string          `json:"epcList,omitempty"`
	QuantityList        []Quantity        `json:"quantityList,omitempty"`
	InputQuantityList   []Quantity        `json:"inputQuantityList,omitempty"`
	OutputQuantityList  []Quantity        `json:"outputQuantityList,omitempty"`
	TransformationID    string            `json:"transformationID,omitempty"`
	Action              string            `json:"action,omitempty"`
	BizStep             string            `json:"bizStep,omitempty"`
	Disposition         string            `json:"disposition,omitempty"`
	BizLocation         *Place            `json:"bizLocation,omitempty"`
	BizTransactionList  []BizTransaction  `json:"bizTransactionList,omitempty"`
	SourceList          []Source          `json:"sourceList,omitempty"`
	DestinationList     []Destination     `json:"destinationList,omitempty"`
	ILMD                map[string]string `json:"ilmd,omitempty"`
	// Entry names the ledger entry the event comes from (for an error
	// declaration, the entry.corrected; its eventID is the erroneous event's).
	Entry EntryRef `json:"aidtrail:entry"`
	// Reason is a write-off's or rejection's stated reason, a use's purpose.
	Reason string `json:"aidtrail:reason,omitempty"`
}

// EntryRef names a ledger entry by index and leaf hash (hex).
type EntryRef struct {
	Index    int64  `json:"index"`
	LeafHash string `json:"leafHash"`
}

// Quantity is a quantityElement: a lot (its trace URL) and a quantity in
// a UN/ECE Recommendation 20 unit. A quantity is omitted where it is the
// whole lot (a lot put in or out of a pack).
type Quantity struct {
	EPCClass string `json:"epcClass"`
	Quantity *int64 `json:"quantity,omitempty"`
	UOM      string `json:"uom,omitempty"`
}

// ErrorDeclaration declares an event wrong and names its corrections.
type ErrorDeclaration struct {
	DeclarationTime    string   `json:"declarationTime"`
	Reason             string   `json:"reason"`
	CorrectiveEventIDs []string `json:"correctiveEventIDs,omitempty"`
}

// Place is a bizLocation: the organisation's public page.
type Place struct {
	ID string `json:"id"`
}

// BizTransaction is the pledge or shipment an event belongs to.
type BizTransaction struct {
	BizTransaction string `json:"bizTransaction"`
}

// Source is where goods come from: the owning organisation.
type Source struct {
	Type   string `json:"type"`
	Source string `json:"source"`
}

// Destination is where goods go: the owning organisation.
type Destination struct {
	Type        string `json:"type"`
	Destination string `json:"destination"`
}

// UOMs maps the units Aidtrail's catalogue and lots use to UN/ECE
// Recommendation 20 codes. A lot in another unit is given without uom
// (the quantity then counts the unit the lot's trace page names).
var UOMs = map[string]string{
	"pcs": "H87", "pc": "H87", "piece": "H87", "pieces": "H87", "个": "H87", "件": "H87", "只": "H87", "台": "H87",
	"each": "EA", "sets": "SET", "set": "SET", "套": "SET", "pairs": "PR", "pair": "PR", "双": "PR", "副": "PR",
	"L": "LTR", "l": "LTR", "litre": "LTR", "litres": "LTR", "liter": "LTR", "liters": "LTR", "升": "LTR",
	"ml": "MLT", "mL": "MLT", "kg": "KGM", "公斤": "KGM", "g": "GRM", "t": "TNE",
	"boxes": "BX", "box": "BX", "盒": "BX", "箱": "BX", "cartons": "CT", "carton": "CT",
	"packs": "PK", "pack": "PK", "包": "PK", "bags": "BG", "bag": "BG", "袋": "BG",
	"bottles": "BO", "bottle": "BO", "瓶": "BO", "rolls": "RO", "roll": "RO", "卷": "RO",
}

// EPCIS maps custody entries to EPCIS events. It reads only what never
// changes once written (a lot's item and unit, a shipment's lines and
// parties), so the latest state serves any entry before it.
type EPCIS struct {
	Base    string          // the server's public URL, without a trailing slash
	Custody *ledger.Custody // the replayed custody, at or after the entry
	// Entry returns an earlier or later entry and its leaf hash (hex), for
	// error declarations (the erroneous and the corrective entries).
	Entry func(index int64) (*ledger.Entry, string, error)
}

// EPCISTypes are the entry types that make EPCIS events.
var EPCISTypes = []string{
	ledger.TypeLotReceived, ledger.TypeLotSplit, ledger.TypeLotPacked, ledger.TypeLotUnpacked, ledger.TypeLotUsed, ledger.TypeLotWrittenOff,
	ledger.TypeHandoffDispatched, ledger.TypeHandoffPickedUp, ledger.TypeHandoffDelivered, ledger.TypeHandoffReceived, ledger.TypeHandoffRejected,
	ledger.TypeEntryCorrected, ledger.TypeMoneySpent,
}

// EventID is the eventID of the n-th event (from 0) of an entry that makes
// count events: the entry's ledger page with its leaf hash.
func (m *EPCIS) EventID(index int64, leaf string, n, count int) string {
	id := m.Base + "/ledger/" + strconv.FormatInt(index, 10) + "?leaf=" + leaf
	if count > 1 {
		id += "#" + strconv.Itoa(n+1)
	}
	return id
}

func (m *EPCIS) lotURL(code string) string { return m.Base + "/t/" + code }
func (m *EPCIS) orgURL(org int64) string   { return m.Base + "/orgs/" + strconv.FormatInt(org, 10) }

// quantity is q of the lot code, in its unit.
func (m *EPCIS) quantity(code string, q int64) Quantity {
	out := Quantity{EPCClass: m.lotURL(code), Quantity: &q}
	if l, ok := m.Custody.Lots[code]; ok {
		out.EPCClass, out.UOM = m.class(code, l.GTIN, l.Batch), UOMs[l.Unit]
	}
	return out
}

// class is a lot's class-level identifier: the GTIN from its packaging
// (with its batch) as a GS1 Digital Link, else its trace URL.
func (m *EPCIS) class(code, gtin, batch string) string {
	switch {
	case gtin == "":
		return m.lotURL(code)
	case batch == "":
		return "https://id.gs1.org/01/" + gtin
	}
	return "https://id.gs1.org/01/" + gtin + "/10/" + url.PathEscape(batch)
}

func (m *EPCIS) isMoney(code string) bool {
	l, ok := m.Custody.Lots[code]
	return ok && l.IsMoney()
}

// Dispositions of a lot's recorded condition and of a write-off's cause.
var (
	conditionDisposition = map[string]string{ledger.ConditionGood: "available", ledger.ConditionDamaged: "damaged", ledger.ConditionSubstandard: "non_conformant"}
	causeDisposition     = map[string]string{ledger.CauseDamage: "damaged", ledger.CauseExpiry: "expired", ledger.CauseDestruction: "destroyed", ledger.CauseLoss: "unavailable"}
)

// Events returns the EPCIS events of the entry at index with leaf hash
// leaf (hex): none for entries that move no goods (money is in IATI).
func (m *EPCIS) Events(index int64, leaf string, e *ledger.Entry) ([]Event, error) {
	if !slices.Contains(EPCISTypes, e.Type) {
		return nil, nil
	}
	body, err := e.DecodeBody()
	if err != nil {
		return nil, err
	}
	evs, err := m.events(e, body)
	if err != nil {
		return nil, fmt.Errorf("entry %d: %w", index, err)
	}
	ref := EntryRef{Index: index, LeafHash: leaf}
	for i := range evs {
		evs[i].EventTimeZoneOffset, evs[i].Entry = "+00:00", ref
		if evs[i].EventID == "" { // an error declaration keeps the erroneous event's id and time
			evs[i].EventID, evs[i].EventTime = m.EventID(index, leaf, i, len(evs)), e.Time
		}
	}
	return evs, nil
}

func (m *EPCIS) events(e *ledger.Entry, body ledger.Body) ([]Event, error) {
	at := &Place{ID: m.orgURL(e.Actor.Org)}
	switch b := body.(type) {
	case *ledger.LotReceived:
		return m.newLots(b.Lots, at, m.lotURL(b.Pledge), e.Actor.Org), nil
	case *ledger.MoneySpent:
		return m.newLots(b.Bought, at, "", e.Actor.Org), nil
	case *ledger.LotSplit:
		if m.isMoney(b.Lot) {
			return nil, nil
		}
		var sum int64
		out := make([]Quantity, len(b.Children))
		for i, ch := range b.Children {
			sum += ch.Quantity
			out[i] = m.quantity(ch.Code, ch.Quantity)
		}
		return []Event{{Type: "TransformationEvent", InputQuantityList: []Quantity{m.quantity(b.Lot, sum)}, OutputQuantityList: out,
			BizStep: "repackaging", Disposition: "available", BizLocation: at}}, nil
	case *ledger.LotPacked:
		return []Event{{Type: "AggregationEvent", ParentID: m.lotURL(b.Pack), ChildQuantityList: m.wholeLots(b.Lots), Action: "ADD",
			BizStep: "packing", BizLocation: at}}, nil
	case *ledger.LotUnpacked:
		var lots []string
		for _, s := range e.Subjects {
			if kind, code := ledger.SplitSubject(s); kind == ledger.SubjectLot && code != b.Pack {
				lots = append(lots, code)
			}
		}
		return []Event{{Type: "AggregationEvent", ParentID: m.lotURL(b.Pack), ChildQuantityList: m.wholeLots(lots), Action: "DELETE",
			BizStep: "unpacking", BizLocation: at}}, nil
	case *ledger.LotUsed:
		return []Event{{Type: "ObjectEvent", QuantityList: []Quantity{m.quantity(b.Lot, b.Quantity)}, Action: "OBSERVE",
			BizStep: "dispensing", Disposition: "dispensed", BizLocation: at, Reason: b.Use}}, nil
	case *ledger.LotWrittenOff:
		return []Event{{Type: "ObjectEvent", QuantityList: []Quantity{m.quantity(b.Lot, b.Quantity)}, Action: "OBSERVE",
			BizStep: "destroying", Disposition: causeDisposition[b.Cause], BizLocation: at, Reason: b.Reason}}, nil
	case *ledger.HandoffDispatched:
		return m.shipment(b.Handoff, "shipping", "in_transit", at, "")
	case *ledger.HandoffStep:
		step := "departing"
		if e.Type == ledger.TypeHandoffDelivered {
			step = "arriving"
		}
		return m.shipment(b.Handoff, step, "in_transit", at, "")
	case *ledger.HandoffRejected:
		return m.shipment(b.Handoff, "receiving", "returned", at, b.Reason)
	case *ledger.HandoffReceived:
		return m.received(b, at)
	case *ledger.EntryCorrected:
		return m.declaration(e, b)
	}
	return nil, nil
}

// newLots is a receipt of new lots: one ObjectEvent ADD per condition.
func (m *EPCIS) newLots(lots []ledger.NewLot, at *Place, pledge string, org int64) []Event {
	var out []Event
	for _, l := range lots {
		disp := conditionDisposition[l.Condition]
		i := slices.IndexFunc(out, func(ev Event) bool { return ev.Disposition == disp })
		if i < 0 {
			ev := Event{Type: "ObjectEvent", Action: "ADD", BizStep: "receiving", Disposition: disp, BizLocation: at,
				DestinationList: []Destination{{"owning_party", m.orgURL(org)}}}
			if pledge != "" {
				ev.BizTransactionList = []BizTransaction{{pledge}}
			}
			out, i = append(out, ev), len(out)
		}
		q := l.Quantity
		out[i].QuantityList = append(out[i].QuantityList, Quantity{EPCClass: m.class(l.Code, l.GTIN, l.Batch), Quantity: &q, UOM: UOMs[l.Unit]})
		if len(lots) == 1 && (l.Batch != "" || l.Expiry != "") {
			out[i].ILMD = map[string]string{}
			if l.Batch != "" {
				out[i].ILMD["cbvmda:lotNumber"] = l.Batch
			}
			if l.Expiry != "" {
				out[i].ILMD["cbvmda:itemExpirationDate"] = l.Expiry
			}
		}
	}
	return out
}

// wholeLots lists lots put into or taken out of a pack, whole.
func (m *EPCIS) wholeLots(codes []string) []Quantity {
	out := make([]Quantity, len(codes))
	for i, c := range codes {
		out[i] = Quantity{EPCClass: m.quantity(c, 0).EPCClass}
	}
	return out
}

// shipment is a step of a shipment of goods, with what was sent: packs as
// instances (epcList), lots as quantities.
func (m *EPCIS) shipment(id int64, step, disp string, at *Place, reason string) ([]Event, error) {
	h, ok := m.Custody.Handoffs[id]
	if !ok {
		return nil, fmt.Errorf("no shipment %d", id)
	}
	ev := Event{Type: "ObjectEvent", Action: "OBSERVE", BizStep: step, Disposition: disp, BizLocation: at,
		BizTransactionList: []BizTransaction{{m.Base + "/handoffs/" + strconv.FormatInt(id, 10)}},
		SourceList:         []Source{{"owning_party", m.orgURL(h.From)}},
		DestinationList:    []Destination{{"owning_party", m.orgURL(h.To)}}, Reason: reason}
	for _, l := range h.Lines {
		if m.isMoney(l.Lot) {
			return nil, nil // a disbursement: in IATI
		}
		if lot, ok := m.Custody.Lots[l.Lot]; ok && lot.IsPack() {
			ev.EPCList = append(ev.EPCList, m.lotURL(l.Lot))
			continue
		}
		ev.QuantityList = append(ev.QuantityList, m.quantity(l.Lot, l.Quantity))
	}
	return []Event{ev}, nil
}

// received is the receiver's count: the quantities that arrived (in the
// new lot where part of a lot was sent), one event per condition.
func (m *EPCIS) received(b *ledger.HandoffReceived, at *Place) ([]Event, error) {
	base, err := m.shipment(b.Handoff, "receiving", "", at, "")
	if err != nil || base == nil {
		return nil, err
	}
	var out []Event
	for _, l := range b.Lines {
		disp := conditionDisposition[l.Condition]
		i := slices.IndexFunc(out, func(ev Event) bool { return ev.Disposition == disp })
		if i < 0 {
			ev := base[0]
			ev.EPCList, ev.QuantityList, ev.Disposition, ev.Reason = nil, nil, disp, l.Reason
			out, i = append(out, ev), len(out)
		}
		if lot, ok := m.Custody.Lots[l.Lot]; ok && lot.IsPack() {
			out[i].EPCList = append(out[i].EPCList, m.lotURL(l.Lot)) // received whole, or lost (its count says which)
			continue
		}
		code := l.Lot
		if l.NewLot != "" {
			code = l.NewLot
		}
		q := m.quantity(code, l.Received)
		out[i].QuantityList = append(out[i].QuantityList, q)
		if out[i].Reason != l.Reason {
			out[i].Reason = ""
		}
	}
	return out, nil
}

// declaration restates the erroneous use or write-off with an error
// declaration naming the corrective entries, as EPCIS corrections do.
func (m *EPCIS) declaration(e *ledger.Entry, b *ledger.EntryCorrected) ([]Event, error) {
	orig, leaf, err := m.Entry(b.Entry)
	if err != nil {
		return nil, err
	}
	evs, err := m.Events(b.Entry, leaf, orig)
	if err != nil || len(evs) != 1 {
		return nil, fmt.Errorf("entry %d cannot be restated: %v", b.Entry, err)
	}
	ev := evs[0]
	d := &ErrorDeclaration{DeclarationTime: e.Time, Reason: "incorrect_data"}
	if len(b.Corrective) == 0 {
		d.Reason = "did_not_occur"
	}
	for _, k := range b.Corrective {
		ce, cleaf, err := m.Entry(k)
		if err != nil {
			return nil, err
		}
		n := 1
		if cevs, err := m.Events(k, cleaf, ce); err == nil {
			n = len(cevs)
		}
		for j := range n {
			d.CorrectiveEventIDs = append(d.CorrectiveEventIDs, m.EventID(k, cleaf, j, n))
		}
	}
	ev.ErrorDeclaration, ev.Reason = d, b.Reason
	return []Event{ev}, nil
}
