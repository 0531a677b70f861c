package handlers_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/opendata"
	"github.com/aidtrail/aidtrail/ledger/opendata/opendatatest"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// iatiActivities returns a document's activities, after the IATI 2.03
// schemas accept it.
func iatiActivities(t *testing.T, doc []byte) []opendata.IATIActivity {
	t.Helper()
	if err := opendatatest.ValidateIATI(doc); err != nil {
		t.Fatalf("the IATI 2.03 schema refuses the document: %v", err)
	}
	var d opendata.IATIActivities
	if err := xml.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	return d.Activity.List
}

// The demo's money as IATI 2.03 activities that xmllint validates against
// the official schemas: money received, passed on and spent, each
// transaction naming its entry.
func TestIATIOfTheDemo(t *testing.T) {
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	srv := serverFor(t, s)
	_, doc := getBody(t, srv.URL+"/data/iati.xml")
	acts := iatiActivities(t, doc)
	types := map[string]int{}
	for _, a := range acts {
		if !a.Humanitarian || a.Scope.Code == "" || !strings.HasPrefix(a.Identifier, a.Reporting.Ref+"-") {
			t.Errorf("activity %s: not humanitarian, no scope or an identifier outside its reporting org's", a.Identifier)
		}
		for _, tx := range a.Transaction.List {
			types[tx.Type.Code]++
			if !strings.HasPrefix(tx.Ref, "https://aidtrail.test/ledger/") || !strings.Contains(tx.Ref, "?leaf=") {
				t.Errorf("transaction %+v does not name its entry", tx)
			}
		}
	}
	for _, typ := range []string{opendata.IATIIncomingFunds, opendata.IATIDisbursement, opendata.IATIExpenditure} {
		if types[typ] == 0 {
			t.Errorf("no transaction of type %s among %v", typ, types)
		}
	}
	t.Logf("%d activities, transactions by type %v", len(acts), types)
}

// The validator is not a formality: an activity without its reporting
// organisation fails.
func TestIATISchemaRefuses(t *testing.T) {
	ok := `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03"><iati-activity humanitarian="true"><iati-identifier>XX-A-1</iati-identifier>
<reporting-org ref="XX-A" type="90"><narrative>A</narrative></reporting-org><title><narrative>T</narrative></title>
<description><narrative>D</narrative></description><participating-org role="4"><narrative>P</narrative></participating-org>
<activity-status code="2"/><activity-date type="2" iso-date="2020-01-01"/></iati-activity></iati-activities>`
	if err := opendatatest.ValidateIATI([]byte(ok)); err != nil {
		t.Fatalf("a valid document fails: %v", err)
	}
	bad := bytes.Replace([]byte(ok), []byte(`<reporting-org ref="XX-A" type="90"><narrative>A</narrative></reporting-org>`), nil, 1)
	if opendatatest.ValidateIATI(bad) == nil {
		t.Error("an activity without reporting-org passes")
	}
}
