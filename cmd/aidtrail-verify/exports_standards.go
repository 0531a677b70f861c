package main

// The open data in the field's standards (/data/epcis.jsonld, iati.xml and
// the .hxl.csv files) compared with the verified log: while the log is
// read, the EPCIS events and IATI transactions its entries make are
// derived with the same mapping the server uses (ledger/opendata); then
// every published event and transaction must be one of them, naming the
// right entry, and none may be missing.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
)

func init() {
	exportChecks = append(exportChecks, exportCheck{"data/epcis.jsonld", compareEPCIS}, exportCheck{"data/iati.xml", compareIATI})
	for _, name := range []string{"needs.csv", "pledges.csv", "lots.csv", "handoffs.csv", "funds.csv"} {
		exportChecks = append(exportChecks, exportCheck{"data/" + strings.TrimSuffix(name, ".csv") + ".hxl.csv", func(body io.Reader, d *derived, rep *report) error {
			return compareHXL(name, body, d, rep)
		}})
	}
}

// openData is what the log's entries make in the standards, derived while
// the log is read.
type openData struct {
	events   map[string][32]byte // EPCIS: digest of each event, by eventKey
	declared []int64             // entry.corrected entries, mapped at the end (they restate earlier entries)
	finals   map[int64][]byte    // lot.used and lot.written_off entries, which a correction restates
	money    []opendata.MoneyEntry
}

func newOpenData() *openData {
	return &openData{events: map[string][32]byte{}, finals: map[int64][]byte{}}
}

// eventKey names an event: its entry and its eventID.
func eventKey(ev *opendata.Event) string {
	return strconv.FormatInt(ev.Entry.Index, 10) + " " + ev.EventID
}

func digest(ev *opendata.Event) ([32]byte, error) {
	b, err := json.Marshal(ev)
	return sha256.Sum256(b), err
}

// collect derives the open data of one entry, after it was replayed into
// state. Entries that do not decode or break a rule are reported by the
// replay already.
func (o *openData) collect(d *readEntry, state *ledger.State) {
	index, data, leaf, e := d.index, d.data, d.leaf, d.entry
	body, err := e.DecodeBody()
	if err != nil {
		return
	}
	ref := opendata.EntryRef{Index: index, LeafHash: hex.EncodeToString(leaf[:])}
	cust := ledger.CustodyOf(state)
	if opendata.IsMoneyEntry(cust, body) {
		o.money = append(o.money, opendata.MoneyEntry{Ref: ref, Time: e.Time, Org: e.Actor.Org, Body: body})
	}
	switch e.Type {
	case ledger.TypeEntryCorrected:
		o.declared = append(o.declared, index)
		o.finals[index] = bytes.Clone(data) // data is the bundle's, reused
		return
	case ledger.TypeLotUsed, ledger.TypeLotWrittenOff:
		o.finals[index] = bytes.Clone(data)
	}
	// The base URL is filled in when the document names it; events are
	// keyed without it.
	evs, err := (&opendata.EPCIS{Custody: cust}).Events(index, ref.LeafHash, e)
	if err != nil {
		return // the entry broke a rule, reported by the replay
	}
	for i := range evs {
		o.add(&evs[i])
	}
}

func (o *openData) add(ev *opendata.Event) {
	if sum, err := digest(ev); err == nil {
		o.events[eventKey(ev)] = sum
	}
}

// declarations maps the corrections, now that every entry is known.
func (o *openData) declarations(d *derived) {
	m := &opendata.EPCIS{Custody: ledger.CustodyOf(d.state), Entry: func(index int64) (*ledger.Entry, string, error) {
		data, ok := o.finals[index]
		if !ok || index >= d.size {
			return nil, "", fmt.Errorf("entry %d is not a use or write-off", index)
		}
		e, err := ledger.Decode(data)
		leaf := d.leaf(index)
		return e, hex.EncodeToString(leaf[:]), err
	}}
	for _, index := range o.declared {
		e, leaf, err := m.Entry(index)
		if err != nil {
			continue
		}
		evs, err := m.Events(index, leaf, e)
		if err != nil {
			continue // as in collect
		}
		for i := range evs {
			o.add(&evs[i])
		}
	}
	o.declared = nil
}

// unbased strips the server's base URL from an event's identifiers, as
// the events were derived without it.
func unbased(ev *opendata.Event, base string) {
	cut := func(s *string) { *s = strings.TrimPrefix(*s, base) }
	cut(&ev.EventID)
	cut(&ev.ParentID)
	for _, l := range [][]opendata.Quantity{ev.QuantityList, ev.InputQuantityList, ev.OutputQuantityList, ev.ChildQuantityList} {
		for i := range l {
			cut(&l[i].EPCClass)
		}
	}
	for i := range ev.EPCList {
		cut(&ev.EPCList[i])
	}
	if ev.BizLocation != nil {
		cut(&ev.BizLocation.ID)
	}
	for i := range ev.BizTransactionList {
		cut(&ev.BizTransactionList[i].BizTransaction)
	}
	for i := range ev.SourceList {
		cut(&ev.SourceList[i].Source)
	}
	for i := range ev.DestinationList {
		cut(&ev.DestinationList[i].Destination)
	}
	if d := ev.ErrorDeclaration; d != nil {
		for i := range d.CorrectiveEventIDs {
			cut(&d.CorrectiveEventIDs[i])
		}
	}
}

// compareEPCIS reads every page of /data/epcis.jsonld (following the Link
// header) and checks each event against the derived ones.
func compareEPCIS(body io.Reader, d *derived, rep *report) error {
	o := d.open
	if o == nil {
		return nil
	}
	o.declarations(d)
	seen := map[string]bool{}
	page, next := body, ""
	for {
		var doc struct {
			ID   string `json:"instanceIdentifier"`
			Body struct {
				EventList []json.RawMessage `json:"eventList"`
			} `json:"epcisBody"`
		}
		if err := json.NewDecoder(page).Decode(&doc); err != nil {
			return fmt.Errorf("malformed document: %v", err)
		}
		base, _, _ := strings.Cut(doc.ID, "/data/epcis.jsonld")
		for i, raw := range doc.Body.EventList {
			var ev opendata.Event
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&ev); err != nil {
				rep.add(kindExport, "/data/epcis.jsonld event %d of %s is not one Aidtrail writes: %v", i+1, doc.ID, err)
				continue
			}
			idx := ev.Entry.Index
			if idx < 0 || idx >= d.size {
				continue // after the verified checkpoint
			}
			if want := d.leaf(idx); ev.Entry.LeafHash != hex.EncodeToString(want[:]) {
				rep.addAt(idx, kindExport, "/data/epcis.jsonld event %s names entry %d with leaf hash %q, but its leaf hash is %s", ev.EventID, idx, ev.Entry.LeafHash, hex.EncodeToString(want[:]))
				continue
			}
			id := ev.EventID
			unbased(&ev, base)
			key := eventKey(&ev)
			want, ok := o.events[key]
			got, err := digest(&ev)
			switch {
			case !ok:
				rep.addAt(idx, kindExport, "/data/epcis.jsonld has event %s, which entry %d does not make", id, idx)
			case err != nil || got != want:
				rep.addAt(idx, kindExport, "/data/epcis.jsonld event %s differs from what entry %d says", id, idx)
			case seen[key]:
				rep.addAt(idx, kindExport, "/data/epcis.jsonld lists event %s twice", id)
			}
			seen[key] = true
		}
		next = ""
		if d.fetch != nil {
			next = d.nextPage
		}
		if next == "" {
			break
		}
		resp, err := d.fetch(next)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		page = resp.Body
	}
	var missing []string
	for key := range o.events {
		if !seen[key] {
			missing = append(missing, key)
		}
	}
	slices.Sort(missing)
	for _, key := range missing {
		idx, id, _ := strings.Cut(key, " ")
		n, _ := strconv.ParseInt(idx, 10, 64)
		rep.addAt(n, kindExport, "/data/epcis.jsonld leaves out event %s", id)
	}
	return nil
}

// compareIATI checks /data/iati.xml: each activity's transactions are the
// ones the log's money entries make, each naming its entry.
func compareIATI(body io.Reader, d *derived, rep *report) error {
	o := d.open
	if o == nil {
		return nil
	}
	var doc opendata.IATIActivities
	if err := xml.NewDecoder(body).Decode(&doc); err != nil {
		return fmt.Errorf("malformed document: %v", err)
	}
	base := ""
	if len(doc.Activity.List) > 0 {
		base = strings.TrimSuffix(doc.Activity.List[0].Scope.VocabularyURI, "/data/")
	}
	m := opendata.IATIOfState(base, d.origin, d.state)
	want := map[string]opendata.IATITransaction{}
	key := func(activity string, t opendata.IATITransaction) string {
		return activity + " " + t.Type.Code + " " + t.Ref
	}
	for _, e := range o.money {
		if e.Ref.Index >= d.size {
			continue
		}
		txs, err := m.Transactions(e)
		if err != nil {
			rep.addAt(e.Ref.Index, kindExport, "%v", err)
			continue
		}
		for org, ts := range txs {
			for _, t := range ts {
				want[key(m.ActivityID(org), t)] = t
			}
		}
	}
	seen := map[string]bool{}
	for _, a := range doc.Activity.List {
		for _, t := range a.Transaction.List {
			k := key(a.Identifier, t)
			w, ok := want[k]
			switch {
			case !ok:
				rep.add(kindExport, "/data/iati.xml activity %s has transaction %s (type %s), which the log does not make", a.Identifier, t.Ref, t.Type.Code)
			case !sameTransaction(w, t):
				rep.add(kindExport, "/data/iati.xml activity %s: transaction %s differs from what its entry says", a.Identifier, t.Ref)
			}
			seen[k] = true
		}
	}
	var missing []string
	for k := range want {
		if !seen[k] {
			missing = append(missing, k)
		}
	}
	slices.Sort(missing)
	for _, k := range missing {
		parts := strings.SplitN(k, " ", 3)
		rep.add(kindExport, "/data/iati.xml leaves out transaction %s (type %s) of activity %s", parts[2], parts[1], parts[0])
	}
	return nil
}

func sameTransaction(a, b opendata.IATITransaction) bool {
	x, err1 := xml.Marshal(a)
	y, err2 := xml.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// compareHXL checks an .hxl.csv: its hashtag row is the one for its
// columns, and without it the file is the CSV export, compared as such.
func compareHXL(table string, body io.Reader, d *derived, rep *report) error {
	recs, err := csv.NewReader(body).ReadAll()
	if err != nil {
		return fmt.Errorf("malformed CSV: %v", err)
	}
	if len(recs) < 2 {
		return fmt.Errorf("no header and hashtag rows")
	}
	if want := opendata.HXLRow(table, recs[0]); !slices.Equal(recs[1], want) {
		rep.add(kindExport, "/data/%s: the hashtag row is %q, want %q", strings.TrimSuffix(table, ".csv")+".hxl.csv", recs[1], want)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(slices.Delete(recs, 1, 2))
	return compareTable(table, &buf, d, rep)
}

// pageFetcher returns how compareEPCIS reads the next pages of the
// document at path: the Link header's ?from= on the verifier's own URL.
func pageFetcher(ctx context.Context, x *exports, d *derived) func(string) (*http.Response, error) {
	return func(link string) (*http.Response, error) {
		u, err := url.Parse(link)
		if err != nil {
			return nil, err
		}
		next := x.base.JoinPath("data/epcis.jsonld")
		next.RawQuery = url.Values{"from": {u.Query().Get("from")}}.Encode()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, next.String(), nil)
		if err != nil {
			return nil, err
		}
		resp, err := x.client.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, fmt.Errorf("page %s: the server answers %s", next, resp.Status)
		}
		d.nextPage = nextLink(resp.Header.Get("Link"))
		return resp, nil
	}
}

// nextLink returns the URL of a Link header's rel="next", or "".
func nextLink(h string) string {
	for _, l := range strings.Split(h, ",") {
		target, params, ok := strings.Cut(strings.TrimSpace(l), ";")
		if ok && strings.Contains(params, `rel="next"`) {
			return strings.Trim(strings.TrimSpace(target), "<>")
		}
	}
	return ""
}
