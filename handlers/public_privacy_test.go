package handlers_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// The privacy sweep: crawl every public page, JSON and export reachable
// without an account, and find none of the fixture's e-mails, phone
// numbers, contacts, people's names, anonymous donors' names or receipt
// secrets.
func TestPrivacySweep(t *testing.T) {
	s := sqlitetest.Open(t)
	op := seedOperation(t, s)
	srv := serverFor(t, s)
	extra := []string{fmt.Sprintf("/needs/%d", op.need)}
	for _, code := range append(append([]string{}, op.pledges...), op.lots...) {
		extra = append(extra, "/t/"+code)
	}
	pages := sweep(t, srv, s, extra, append(op.private, privateOf(t, s)...))
	// The sweep did reach the pages with the named donor and the organisations.
	_, home := get(t, srv, "/")
	for _, want := range []string{"Wuhan Alumni Fund", "Anonymous donors", "Bought with donated money", "Jinyintan Hospital", "ICU masks"} {
		if !strings.Contains(home, want) {
			t.Errorf("/ lacks %q", want)
		}
	}
	if pages < 100 {
		t.Errorf("swept only %d pages", pages)
	}
}

// sweep crawls the public site from its entry points (and extra paths),
// following every link, and reports each page that shows one of private
// (e-mails and phones compared case-insensitively). It returns the number
// of pages read.
func sweep(t *testing.T, srv *httptest.Server, s *sqlite.Store, extra, private []string) int {
	t.Helper()
	queue := append([]string{"/", "/ledger", "/verify", "/data/", "/data/entries.jsonl", "/checkpoint", "/verify/key", "/needs",
		fmt.Sprintf("/tile/entries/000.p/%d", s.Latest().Size)}, extra...)
	for i := range s.Latest().Size {
		queue = append(queue, fmt.Sprintf("/ledger/%d", i), fmt.Sprintf("/ledger/%d.json", i))
	}
	seen := map[string]bool{}
	pages := 0
	for len(queue) > 0 && pages < 3000 {
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
		for _, p := range private {
			if strings.Contains(body, p) || (strings.ContainsAny(p, "@+") && strings.Contains(low, strings.ToLower(p))) {
				t.Errorf("%s shows private data %q", path, p)
			}
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, n := range parseHTML(t, body).all(func(n *html.Node) bool { return strings.HasPrefix(attr(n, "href"), "/") }) {
			if link, _, _ := strings.Cut(attr(n, "href"), "#"); !seen[link] {
				queue = append(queue, link)
			}
		}
	}
	return pages
}

// privateOf reads the private data of a store from its private tables:
// e-mails, contacts, bank references, and the names of people (display
// names), except a name a donor chose to show on a named pledge.
func privateOf(t *testing.T, s *sqlite.Store) []string {
	t.Helper()
	named := map[string]bool{}
	var out []string
	for _, q := range []string{
		`SELECT display_name FROM pledges WHERE display_name != ''`,
		`SELECT email FROM users`,
		`SELECT display_name FROM users WHERE display_name != ''`,
		`SELECT contact FROM orgs WHERE contact != ''`,
		`SELECT reference FROM bank_refs`,
	} {
		rows, err := s.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v string
			rows.Scan(&v)
			switch {
			case strings.HasPrefix(q, "SELECT display_name FROM pledges"):
				named[v] = true
			case strings.HasPrefix(q, "SELECT display_name FROM users"):
				// A bilingual name "王芳 Wang Fang": the whole, and each
				// half unless the person chose to show it on a pledge.
				out = append(out, v)
				if zh, en, ok := strings.Cut(v, " "); ok && zh[0] >= 0x80 && en[0] < 0x80 {
					for _, p := range []string{zh, en} {
						if !named[p] && len([]rune(p)) >= 2 {
							out = append(out, p)
						}
					}
				}
			default:
				out = append(out, v)
			}
		}
		rows.Close()
	}
	return out
}

// The same sweep over the demo operation, whatever it grows to hold.
func TestPrivacySweepOfTheDemo(t *testing.T) {
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	private := privateOf(t, s)
	if len(private) < 20 {
		t.Fatalf("only %d private strings in the demo", len(private))
	}
	pages := sweep(t, serverFor(t, s), s, nil, private)
	t.Logf("swept %d public pages of the demo for %d private strings", pages, len(private))
}
