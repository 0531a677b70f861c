package handlers_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/opendata"
	"github.com/aidtrail/aidtrail/ledger/opendata/opendatatest"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Every CSV of /data/ also comes HXL-tagged: the same header and rows with
// the hashtag row under the header, every tag and attribute from the HXL
// core dictionary; the plain CSV stays without it.
func TestHXLOfTheDemo(t *testing.T) {
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	srv := serverFor(t, s)
	for name := range opendata.ExportTables {
		_, plainBody := getBody(t, srv.URL+"/data/"+name)
		plain := readCSV(t, plainBody)
		_, tagged := getBody(t, srv.URL+"/data/"+name[:len(name)-4]+".hxl.csv")
		hxl := readCSV(t, tagged)
		if len(plain) < 2 || len(hxl) != len(plain)+1 {
			t.Fatalf("%s: %d plain rows, %d tagged", name, len(plain), len(hxl))
		}
		if !slices.Equal(hxl[0], plain[0]) || !slices.EqualFunc(hxl[2:], plain[1:], slices.Equal) {
			t.Errorf("%s: the tagged file's header or data differ from the plain file's", name)
		}
		for i, tag := range hxl[1] {
			if err := opendatatest.CheckHXLTagspec(tag); err != nil {
				t.Errorf("%s column %s: %v", name, plain[0][i], err)
			}
		}
		if slices.ContainsFunc(plain[1], func(c string) bool { return len(c) > 0 && c[0] == '#' }) {
			t.Errorf("%s: the plain CSV has a hashtag row", name)
		}
	}
}

// The dictionary check is not a formality.
func TestHXLDictionaryRefuses(t *testing.T) {
	for _, bad := range []string{"#org+pledged", "#donation+name", "org+name", "#org name", "#Org"} {
		if opendatatest.CheckHXLTagspec(bad) == nil {
			t.Errorf("%q passes", bad)
		}
	}
	if err := opendatatest.CheckHXLTagspec("#org+funder+name"); err != nil {
		t.Error(err)
	}
	// Every column of every table has a tag (tables added later too).
	for name, cols := range opendata.ExportTables {
		for i, tag := range opendata.HXLRow(name, cols) {
			if tag == "" {
				t.Errorf("%s: column %s has no HXL hashtag", name, cols[i])
			}
		}
	}
}
