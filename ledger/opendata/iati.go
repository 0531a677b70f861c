package opendata

import (
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// IATI 2.03: the money of the log as an iati-activities file, one activity
// per organisation that has a transaction (its relief effort), by
// organisation number, starting on its earliest transaction's date, with
// its transactions in log order, one for every money entry:
//   - money.received: incoming funds (1) from the donor, in the receiver's activity;
//   - a money transfer confirmed by its receiver (handoff.received of money
//     lots): a disbursement (3) in the sender's activity and incoming
//     funds (1) in the receiver's, the amount that arrived;
//   - money.spent: an expenditure (4), to the supplier for a purchase.
//
// Each transaction's @ref is the entry's ledger URL with its leaf hash.
//
// Organisation identifiers: IATI wants a registered identifier
// (org-id.guide). Aidtrail organisations and donors have none it can
// vouch for, so, as the standard allows, their provider-org, receiver-org
// and participating-org elements carry no @ref, only their public name
// (and the Aidtrail activity they take part in); an anonymous donor is
// "anonymous donor". reporting-org, whose @ref the schema requires, is the
// log's operator under the unregistered prefix XX-AIDTRAIL- followed by
// the log's origin, and each activity's identifier is that followed by
// "-org-" and the organisation's number.

// IATIVersion is the IATI standard version written.
const IATIVersion = "2.03"

// IATI transaction types (IATI codelist TransactionType).
const (
	IATIIncomingFunds = "1"
	IATIDisbursement  = "3"
	IATIExpenditure   = "4"
)

// MoneyEntry is an entry that moves money, as the IATI mapping takes it.
type MoneyEntry struct {
	Ref  EntryRef
	Time string
	Org  int64
	Body ledger.Body // *ledger.MoneyReceived, *ledger.MoneySpent or *ledger.HandoffReceived (of money lots)
}

// IsMoneyEntry reports whether an entry's body moves money, in custody c.
func IsMoneyEntry(c *ledger.Custody, body ledger.Body) bool {
	switch b := body.(type) {
	case *ledger.MoneyReceived, *ledger.MoneySpent:
		return true
	case *ledger.HandoffReceived:
		h, ok := c.Handoffs[b.Handoff]
		if !ok || len(h.Lines) == 0 {
			return false
		}
		l, ok := c.Lots[h.Lines[0].Lot]
		return ok && l.IsMoney()
	}
	return false
}

// IATIActivities is the document.
type IATIActivities struct {
	XMLName   xml.Name               `xml:"iati-activities"`
	Version   string                 `xml:"version,attr"`
	Generated string                 `xml:"generated-datetime,attr"`
	Activity  Elements[IATIActivity] `xml:"iati-activity"`
}

// Elements are repeated XML elements: decoded into List; encoded from
// List, or, when Each is set, one at a time as Each yields them, so a
// document of any size streams in bounded memory.
type Elements[T any] struct {
	List []T
	Each func(yield func(T) error) error
}

// MarshalXML encodes each element as start.
func (es Elements[T]) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	yield := func(v T) error { return e.EncodeElement(v, start) }
	if es.Each != nil {
		return es.Each(yield)
	}
	for _, v := range es.List {
		if err := yield(v); err != nil {
			return err
		}
	}
	return nil
}

// UnmarshalXML appends one element to List.
func (es *Elements[T]) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var v T
	if err := d.DecodeElement(&v, &start); err != nil {
		return err
	}
	es.List = append(es.List, v)
	return nil
}

// WriteIATI writes the document as /data/iati.xml serves it.
func WriteIATI(w io.Writer, doc *IATIActivities) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// IATIActivity is one organisation's relief effort.
type IATIActivity struct {
	Humanitarian bool                      `xml:"humanitarian,attr"`
	Identifier   string                    `xml:"iati-identifier"`
	Reporting    IATIOrg                   `xml:"reporting-org"`
	Title        IATIText                  `xml:"title"`
	Description  IATIText                  `xml:"description"`
	Participant  IATIOrg                   `xml:"participating-org"`
	Status       IATICode                  `xml:"activity-status"`
	Start        IATIDate                  `xml:"activity-date"`
	Scope        IATIScope                 `xml:"humanitarian-scope"`
	Transaction  Elements[IATITransaction] `xml:"transaction"`
}

// IATIOrg is an organisation: reporting, participating, provider or receiver.
type IATIOrg struct {
	Ref        string      `xml:"ref,attr,omitempty"`
	Type       string      `xml:"type,attr,omitempty"`
	Role       string      `xml:"role,attr,omitempty"`
	ActivityID string      `xml:"activity-id,attr,omitempty"`
	Provider   string      `xml:"provider-activity-id,attr,omitempty"`
	Receiver   string      `xml:"receiver-activity-id,attr,omitempty"`
	Narrative  []Narrative `xml:"narrative"`
}

// IATIText is text in narratives.
type IATIText struct {
	Narrative []Narrative `xml:"narrative"`
}

// Narrative is text in one language (none: the document's).
type Narrative struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

// IATICode is an element with a code.
type IATICode struct {
	Code string `xml:"code,attr"`
}

// IATIDate is an activity or transaction date.
type IATIDate struct {
	Type    string `xml:"type,attr,omitempty"`
	ISODate string `xml:"iso-date,attr"`
}

// IATIScope is the emergency the activity responds to.
type IATIScope struct {
	Type          string      `xml:"type,attr"`
	Vocabulary    string      `xml:"vocabulary,attr"`
	VocabularyURI string      `xml:"vocabulary-uri,attr"`
	Code          string      `xml:"code,attr"`
	Narrative     []Narrative `xml:"narrative"`
}

// IATITransaction is one money movement, naming its entry in Ref.
type IATITransaction struct {
	Ref         string    `xml:"ref,attr"`
	Type        IATICode  `xml:"transaction-type"`
	Date        IATIDate  `xml:"transaction-date"`
	Value       IATIValue `xml:"value"`
	Description IATIText  `xml:"description"`
	Provider    *IATIOrg  `xml:"provider-org"`
	Receiver    *IATIOrg  `xml:"receiver-org"`
}

// IATIValue is an amount in a currency, in major units ("1234.56").
type IATIValue struct {
	Currency  string `xml:"currency,attr"`
	ValueDate string `xml:"value-date,attr"`
	Amount    string `xml:",chardata"`
}

// IATI maps money entries to activities.
type IATI struct {
	Base   string // the server's public URL
	Origin string // the log's origin (its checkpoint's first line)
	// OrgName is an organisation's public name as the log registered
	// it, "" if it never did.
	OrgName func(id int64) string
	// Donor is the public name of a pledge's donor, "" if anonymous.
	Donor func(pledge string) string
	// Custody holds at least the shipments the money transfers confirm
	// and their lots.
	Custody *ledger.Custody
}

// IATIOfState maps money entries with what a replayed state knows.
func IATIOfState(base, origin string, s *ledger.State) *IATI {
	return &IATI{Base: base, Origin: origin, Custody: ledger.CustodyOf(s),
		OrgName: func(id int64) string {
			if o, ok := ledger.ReplayedOrgs(s)[id]; ok {
				return o.Name
			}
			return ""
		},
		Donor: func(pledge string) string {
			if p, ok := ledger.ReplayedPledges(s)[pledge]; ok {
				return p.Body.Name
			}
			return ""
		}}
}

// ReportingRef is the reporting organisation's (unregistered) identifier.
func (m *IATI) ReportingRef() string {
	var b strings.Builder
	b.WriteString("XX-AIDTRAIL-")
	for _, r := range m.Origin {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteRune('.')
		}
	}
	return b.String()
}

// ActivityID is an organisation's activity identifier.
func (m *IATI) ActivityID(org int64) string {
	return m.ReportingRef() + "-org-" + strconv.FormatInt(org, 10)
}

// TransactionRef names an entry: its ledger URL with its leaf hash.
func (m *IATI) TransactionRef(r EntryRef) string {
	return m.Base + "/ledger/" + strconv.FormatInt(r.Index, 10) + "?leaf=" + r.LeafHash
}

func (m *IATI) orgName(id int64) string {
	if name := m.OrgName(id); name != "" {
		return name
	}
	return "organisation " + strconv.FormatInt(id, 10)
}

// party is an Aidtrail organisation in a transaction: named, no @ref.
func (m *IATI) party(id int64) *IATIOrg {
	return &IATIOrg{Narrative: []Narrative{{Text: m.orgName(id)}}}
}

// Amount writes minor units of currency in major units.
func Amount(currency string, minor int64) string {
	exp := ledger.Currencies[currency]
	s := strconv.FormatInt(minor, 10)
	if exp == 0 {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if len(s) <= exp {
		s = strings.Repeat("0", exp-len(s)+1) + s
	}
	s = s[:len(s)-exp] + "." + s[len(s)-exp:]
	if neg {
		s = "-" + s
	}
	return s
}

// Transactions returns the transactions of one money entry, by the
// organisation whose activity they belong to.
func (m *IATI) Transactions(e MoneyEntry) (map[int64][]IATITransaction, error) {
	day := e.Time[:len(ledger.DateFormat)]
	ref := m.TransactionRef(e.Ref)
	tx := func(typ, date, currency string, amount int64, about string) IATITransaction {
		return IATITransaction{Ref: ref, Type: IATICode{typ}, Date: IATIDate{ISODate: date},
			Value: IATIValue{Currency: currency, ValueDate: date, Amount: Amount(currency, amount)}, Description: IATIText{[]Narrative{{Text: about}}}}
	}
	out := map[int64][]IATITransaction{}
	switch b := e.Body.(type) {
	case *ledger.MoneyReceived:
		donor := "anonymous donor"
		if name := m.Donor(b.Pledge); name != "" {
			donor = name
		}
		t := tx(IATIIncomingFunds, b.Date, b.Currency, b.AmountMinor, "money pledge "+b.Pledge+" received as lot "+b.Lot)
		t.Provider, t.Receiver = &IATIOrg{Narrative: []Narrative{{Text: donor}}}, m.party(e.Org)
		t.Receiver.Receiver = m.ActivityID(e.Org)
		out[e.Org] = append(out[e.Org], t)
	case *ledger.MoneySpent:
		about := "spent on " + b.Category
		if b.Purpose != "" {
			about += ": " + b.Purpose
		}
		if b.InvoiceSHA256 != "" {
			about += "; invoice SHA-256 " + b.InvoiceSHA256
		}
		t := tx(IATIExpenditure, b.Date, b.Currency, b.Total(), about)
		t.Provider = m.party(e.Org)
		t.Provider.Provider = m.ActivityID(e.Org)
		if b.Supplier != "" {
			t.Receiver = &IATIOrg{Narrative: []Narrative{{Text: b.Supplier}}}
		}
		out[e.Org] = append(out[e.Org], t)
	case *ledger.HandoffReceived:
		h, ok := m.Custody.Handoffs[b.Handoff]
		if !ok {
			return nil, fmt.Errorf("entry %d: no transfer %d", e.Ref.Index, b.Handoff)
		}
		byCurrency := map[string]int64{}
		for _, l := range b.Lines {
			if lot, ok := m.Custody.Lots[l.Lot]; ok {
				byCurrency[lot.Unit] += l.Received
			}
		}
		for _, cur := range slices.Sorted(maps.Keys(byCurrency)) {
			if byCurrency[cur] == 0 {
				continue // nothing arrived
			}
			about := "transfer " + strconv.FormatInt(h.ID, 10) + " confirmed by its receiver"
			for _, k := range []struct {
				org int64
				typ string
			}{{h.From, IATIDisbursement}, {h.To, IATIIncomingFunds}} {
				t := tx(k.typ, day, cur, byCurrency[cur], about)
				t.Provider, t.Receiver = m.party(h.From), m.party(h.To)
				t.Provider.Provider, t.Receiver.Receiver = m.ActivityID(h.From), m.ActivityID(h.To)
				out[k.org] = append(out[k.org], t)
			}
		}
	}
	return out, nil
}

// Activity is the activity of an organisation's relief effort, its
// transactions starting on start.
func (m *IATI) Activity(org int64, start string, txs Elements[IATITransaction]) IATIActivity {
	name := m.orgName(org)
	return IATIActivity{
		Humanitarian: true,
		Identifier:   m.ActivityID(org),
		Reporting:    IATIOrg{Ref: m.ReportingRef(), Type: "90", Narrative: []Narrative{{Text: "Aidtrail " + m.Origin}}},
		Title:        IATIText{[]Narrative{{Text: "Relief effort of " + name}, {Lang: "zh", Text: name + " 的救援工作"}}},
		Description: IATIText{[]Narrative{
			{Text: "Money received, passed on and spent by " + name + ", each transaction re-derivable from the Aidtrail ledger entry its ref names (" + m.Base + "/verify)."},
			{Lang: "zh", Text: name + " 收到、转拨和支出的资金；每笔交易都可由其 ref 指向的 Aidtrail 账本记录重新推导（" + m.Base + "/verify）。"}}},
		Participant: IATIOrg{Role: "4", ActivityID: m.ActivityID(org), Narrative: []Narrative{{Text: name}}},
		Status:      IATICode{"2"},
		Start:       IATIDate{Type: "2", ISODate: start},
		Scope: IATIScope{Type: "1", Vocabulary: "99", VocabularyURI: m.Base + "/data/", Code: m.ReportingRef(),
			Narrative: []Narrative{{Text: "The relief operation recorded in the Aidtrail log " + m.Origin}}},
		Transaction: txs,
	}
}
