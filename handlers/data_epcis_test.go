package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/opendata"
	"github.com/aidtrail/aidtrail/ledger/opendata/opendatatest"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// get fetches a path of srv and returns the response and its body.
func getBody(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", url, resp.Status, b)
	}
	return resp, b
}

// epcisEvents returns a document's events, after the schema accepts it.
func epcisEvents(t *testing.T, doc []byte) []opendata.Event {
	t.Helper()
	if err := opendatatest.ValidateEPCIS(doc); err != nil {
		t.Fatalf("the EPCIS 2.0 schema refuses the document: %v", err)
	}
	var d opendata.EPCISDocument
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	return d.Body.EventList
}

// The demo's custody, as an EPCIS 2.0 document the official schema
// accepts, with the Core Business Vocabulary of each step.
func TestEPCISOfTheDemo(t *testing.T) {
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	srv := serverFor(t, s)
	resp, doc := getBody(t, srv.URL+"/data/epcis.jsonld")
	if ct := resp.Header.Get("Content-Type"); ct != "application/ld+json" {
		t.Errorf("Content-Type %q", ct)
	}
	evs := epcisEvents(t, doc)
	seen := map[string]bool{}
	for _, ev := range evs {
		key := ev.Type + " " + ev.Action + " " + ev.BizStep
		if ev.ErrorDeclaration != nil {
			key = "errorDeclaration " + ev.ErrorDeclaration.Reason
			if len(ev.ErrorDeclaration.CorrectiveEventIDs) == 0 && ev.ErrorDeclaration.Reason == "incorrect_data" {
				t.Errorf("a declaration without its correction: %+v", ev)
			}
		}
		seen[key] = true
		if !strings.HasPrefix(ev.EventID, "https://aidtrail.test/ledger/") || !strings.Contains(ev.EventID, "?leaf=") || len(ev.Entry.LeafHash) != 64 {
			t.Errorf("event %s does not name its entry (%+v)", ev.EventID, ev.Entry)
		}
		for _, q := range slices.Concat(ev.QuantityList, ev.InputQuantityList, ev.OutputQuantityList) {
			if q.UOM == "" || !strings.HasPrefix(q.EPCClass, "https://aidtrail.test/t/") && !strings.HasPrefix(q.EPCClass, "https://id.gs1.org/01/") {
				t.Errorf("event %s: quantity %+v has no unit or no lot", ev.EventID, q)
			}
		}
	}
	for _, want := range []string{
		"ObjectEvent ADD receiving", "TransformationEvent  repackaging", "ObjectEvent OBSERVE shipping", "ObjectEvent OBSERVE departing",
		"ObjectEvent OBSERVE arriving", "ObjectEvent OBSERVE receiving", "ObjectEvent OBSERVE dispensing", "ObjectEvent OBSERVE destroying",
		"errorDeclaration incorrect_data",
	} {
		if !seen[want] {
			t.Errorf("no %q event among %d (seen %v)", want, len(evs), seen)
		}
	}
	t.Logf("%d events, %d bytes", len(evs), len(doc))
}

// The validator is not a formality: a unit outside UN/ECE Rec. 20 or a
// bizStep that is neither CBV nor a URI fails.
func TestEPCISSchemaRefuses(t *testing.T) {
	doc := `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[
{"type":"ObjectEvent","eventTime":"2026-01-01T00:00:00.000Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE","bizStep":"%s","quantityList":[{"epcClass":"https://a.test/t/X","quantity":1,"uom":"%s"}]}]}}`
	if err := opendatatest.ValidateEPCIS([]byte(strings.NewReplacer("%s", "shipping").Replace(strings.Replace(doc, "%s", "shipping", 1)))); err == nil {
		t.Error("a uom of 'shipping' passes")
	}
	ok := strings.Replace(strings.Replace(doc, "%s", "shipping", 1), "%s", "H87", 1)
	if err := opendatatest.ValidateEPCIS([]byte(ok)); err != nil {
		t.Fatalf("a valid document fails: %v", err)
	}
	if err := opendatatest.ValidateEPCIS([]byte(strings.Replace(ok, `"shipping"`, `"ship it"`, 1))); err == nil {
		t.Error("bizStep 'ship it' passes")
	}
}
