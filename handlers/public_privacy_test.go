package handlers_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

var hrefRe = regexp.MustCompile(`href="(/[^"#]*)`)

// The privacy sweep: crawl every public page, JSON and export reachable
// without an account, and find none of the fixture's e-mails, phone
// numbers, contacts, people's names, anonymous donors' names or receipt
// secrets.
func TestPrivacySweep(t *testing.T) {
	s := sqlitetest.Open(t)
	op := seedOperation(t, s)
	srv := serverFor(t, s)
	queue := []string{"/", "/ledger", "/verify", "/data/", "/data/entries.jsonl", "/checkpoint", "/verify/key", "/needs",
		fmt.Sprintf("/needs/%d", op.need), fmt.Sprintf("/tile/entries/000.p/%d", s.Latest().Size)}
	for i := range s.Latest().Size {
		queue = append(queue, fmt.Sprintf("/ledger/%d", i), fmt.Sprintf("/ledger/%d.json", i))
	}
	for _, code := range append(append([]string{}, op.pledges...), op.lots...) {
		queue = append(queue, "/t/"+code)
	}
	seen := map[string]bool{}
	pages := 0
	for len(queue) > 0 && pages < 2000 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/login") || strings.HasPrefix(path, "/signup") {
			continue
		}
		seen[path] = true
		resp, body := get(t, srv, path)
		pages++
		if resp.StatusCode >= 500 {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		low := strings.ToLower(body)
		for _, p := range op.private {
			if strings.Contains(low, strings.ToLower(p)) {
				t.Errorf("%s shows private data %q", path, p)
			}
		}
		for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			if !seen[link] {
				queue = append(queue, link)
			}
		}
	}
	t.Logf("swept %d public pages", pages)
	// The sweep did reach the pages with the named donor and the organisations.
	_, home := get(t, srv, "/")
	for _, want := range []string{"Wuhan Alumni Fund", "Anonymous donors", "Jinyintan Hospital", "ICU masks"} {
		if !strings.Contains(home, want) {
			t.Errorf("/ lacks %q", want)
		}
	}
	if pages < 100 {
		t.Errorf("swept only %d pages", pages)
	}
}
