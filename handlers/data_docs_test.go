package handlers_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/net/html"
)

// /data/ documents each standard's file in both languages, with a
// download link that works and an example.
func TestDataPageDocumentsTheStandards(t *testing.T) {
	srv := serverFor(t, sqlitetest.Open(t))
	for lang, title := range map[string]string{"en": "The same data in the field's standards", "zh-CN": "以行业标准发布的同一数据"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/data/", nil)
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		sections, links, examples, headings := map[string]bool{}, map[string]bool{}, 0, ""
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			for _, a := range n.Attr {
				if a.Key == "id" && strings.HasPrefix(a.Val, "data-") {
					sections[a.Val] = true
				}
				if n.Data == "a" && a.Key == "href" {
					links[a.Val] = true
				}
			}
			if n.Data == "pre" && n.FirstChild != nil && n.FirstChild.FirstChild != nil && len(n.FirstChild.FirstChild.Data) > 200 {
				examples++
			}
			if n.Data == "h2" && n.FirstChild != nil {
				headings += n.FirstChild.Data + "|"
			}
		}
		if !strings.Contains(headings, title) {
			t.Errorf("%s: no heading %q in %s", lang, title, headings)
		}
		for _, id := range []string{"data-epcis", "data-hxl", "data-iati"} {
			if !sections[id] {
				t.Errorf("%s: no section %s", lang, id)
			}
		}
		if examples != 3 {
			t.Errorf("%s: %d examples, want 3", lang, examples)
		}
		for _, f := range []string{"epcis.jsonld", "iati.xml", "needs.hxl.csv", "pledges.hxl.csv", "lots.hxl.csv", "handoffs.hxl.csv", "funds.hxl.csv"} {
			if !links["/data/"+f] {
				t.Errorf("%s: no link to /data/%s", lang, f)
				continue
			}
			resp, err := http.Get(srv.URL + "/data/" + f)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("/data/%s: %v %v", f, err, resp.Status)
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
}
