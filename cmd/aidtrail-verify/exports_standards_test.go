package main

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// The demo's EPCIS, IATI and HXL exports agree with its log (EPCIS read
// page by page), and the verifier catches an altered EPCIS event, an
// event the log does not make, a missing IATI transaction and a wrong
// HXL hashtag.
func TestStandardsExports(t *testing.T) {
	st := openStore(t, newKey(t, testOrigin), sqlitetest.Logger(t))
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	defer func(n int64) { sqlite.EPCISPage = n }(sqlite.EPCISPage)
	sqlite.EPCISPage = 25

	l := serve(t, st, nil)
	if out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state"); err != nil {
		t.Fatalf("the demo's exports do not verify: %v\n%s", err, out)
	}

	// The first quantity of the first page that has events, times ten.
	altered := false
	l = serve(t, st, tamper("/data/epcis.jsonld", func(b []byte) []byte {
		if i := bytes.Index(b, []byte(`"quantity":`)); i >= 0 && !altered {
			altered = true
			i += len(`"quantity":`)
			return slices.Concat(b[:i], []byte("1"), b[i:])
		}
		return b
	}))
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, "/data/epcis.jsonld event https://aidtrail.test/ledger/", "differs from what entry", "FAILED: 1 problem(s)")

	// An event left out, another added: a use restated as a write-off
	// under an eventID its entry does not make.
	l = serve(t, st, tamper("/data/epcis.jsonld", func(b []byte) []byte {
		return regexp.MustCompile(`(\?leaf=[0-9a-f]{64})("[^\n]*"bizStep":"dispensing")`).ReplaceAll(b, []byte(`$1#2$2`))
	}))
	out, _, err = runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, "which entry", "does not make", "/data/epcis.jsonld leaves out event /ledger/")

	// The first IATI transaction left out.
	l = serve(t, st, tamper("/data/iati.xml", func(b []byte) []byte {
		start := bytes.Index(b, []byte("<transaction "))
		end := bytes.Index(b, []byte("</transaction>")) + len("</transaction>")
		return append(b[:start:start], b[end:]...)
	}))
	out, _, err = runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, "/data/iati.xml leaves out transaction https://aidtrail.test/ledger/", "FAILED: 1 problem(s)")

	// A hashtag changed.
	l = serve(t, st, tamper("/data/lots.hxl.csv", func(b []byte) []byte {
		return bytes.Replace(b, []byte("#org+code"), []byte("#org+name"), 1)
	}))
	out, _, err = runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, "/data/lots.hxl.csv: the hashtag row is", "FAILED: 1 problem(s)")
}
