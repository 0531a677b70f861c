package handlers_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/opendata"
	"github.com/aidtrail/aidtrail/ledger/opendata/opendatatest"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// nextOf returns the target of the rel="next" link in a Link header
// (RFC 8288), or "".
func nextOf(header string) string {
	for _, link := range strings.Split(header, ",") {
		target, params, _ := strings.Cut(strings.TrimSpace(link), ";")
		if !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "rel") && slices.Contains(strings.Fields(strings.Trim(v, `"`)), "next") {
				return target[1 : len(target)-1]
			}
		}
	}
	return ""
}

// A large generated operation's exports pass the three validators: EPCIS
// page by page (following the Link header), IATI and HXL.
func TestOpenDataOfALargeLog(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a log of 3,000 entries")
	}
	ctx := context.Background()
	s := sqlitetest.Open(t)
	st, err := simulate.Run(ctx, s, simulate.Options{Entries: 3000, Actors: 8, Seed: 18,
		Cast: simulate.SmallCast})
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int64) { sqlite.EPCISPage = n }(sqlite.EPCISPage)
	sqlite.EPCISPage = 1000
	srv := serverFor(t, s)
	url, pages, events, last := srv.URL+"/data/epcis.jsonld", 0, 0, int64(-1)
	for url != "" {
		resp, doc := getBody(t, url)
		pages++
		for _, ev := range epcisEvents(t, doc) {
			if ev.Entry.Index < last || ev.Entry.Index >= int64(pages)*1000 {
				t.Fatalf("page %d has entry %d after %d", pages, ev.Entry.Index, last)
			}
			last = ev.Entry.Index
			events++
		}
		url = ""
		if next := nextOf(resp.Header.Get("Link")); next != "" {
			url = srv.URL + strings.TrimPrefix(next, "https://aidtrail.test")
		}
	}
	if want := int((st.Size + 999) / 1000); pages != want {
		t.Errorf("%d pages, want %d", pages, want)
	}
	_, doc := getBody(t, srv.URL+"/data/iati.xml")
	var txs int
	for _, a := range iatiActivities(t, doc) {
		txs += len(a.Transaction.List)
	}
	for name := range opendata.ExportTables {
		_, tagged := getBody(t, srv.URL+"/data/"+name[:len(name)-4]+".hxl.csv")
		for _, tag := range readCSV(t, tagged)[1] {
			if err := opendatatest.CheckHXLTagspec(tag); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	if resp, _ := http.Get(srv.URL + "/data/epcis.jsonld?from=-1"); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("from=-1: %s", resp.Status)
	}
	t.Logf("%d entries: %d EPCIS events on %d pages, %d IATI transactions", st.Size, events, pages, txs)
}
