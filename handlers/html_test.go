package handlers_test

// Tests that assert a page's structure (a form, a field, a mark) read it as
// a browser does: parsed with golang.org/x/net/html. Regexes are for text.

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// doc is a parsed page.
type doc struct {
	t    testing.TB
	root *html.Node
}

func parseHTML(t testing.TB, body string) *doc {
	t.Helper()
	n, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parsing the page: %v", err)
	}
	return &doc{t: t, root: n}
}

// all returns the elements, in document order, for which match holds.
func (d *doc) all(match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if d.root == nil {
		return nil
	}
	for n := range d.root.Descendants() {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	}
	return out
}

// first returns the first element for which match holds, or nil.
func (d *doc) first(match func(*html.Node) bool) *html.Node { return first(d.root, match) }

// within is the part of a page inside n (nothing if n is nil).
func within(n *html.Node) *doc { return &doc{root: n} }

// byID returns the element with the given id, or nil.
func (d *doc) byID(id string) *html.Node {
	if id == "" {
		return nil
	}
	return d.first(func(n *html.Node) bool { return attr(n, "id") == id })
}

// named returns the form control with the given name inside in, or nil.
func named(in *html.Node, name string) *html.Node {
	return first(in, func(n *html.Node) bool { return attr(n, "name") == name })
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasAttr reports whether n carries attribute key at all.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// text returns n's text, whitespace collapsed.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// hasClass reports whether n's class list holds c.
func hasClass(n *html.Node, c string) bool {
	for _, k := range strings.Fields(attr(n, "class")) {
		if k == c {
			return true
		}
	}
	return false
}

// selected returns the value of the selected option of a select, "" if none.
func selected(sel *html.Node) string {
	for n := range sel.Descendants() {
		if n.Type == html.ElementNode && n.Data == "option" && hasAttr(n, "selected") {
			return attr(n, "value")
		}
	}
	return ""
}

// has reports whether the page has an element with id.
func (d *doc) has(id string) bool { return d.byID(id) != nil }

// count returns how many elements match.
func (d *doc) count(match func(*html.Node) bool) int { return len(d.all(match)) }

// is matches elements of tag (any if "") carrying every class given.
func is(tag string, classes ...string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		if tag != "" && n.Data != tag {
			return false
		}
		for _, c := range classes {
			if !hasClass(n, c) {
				return false
			}
		}
		return true
	}
}

// idPrefixed matches elements whose id starts with prefix.
func idPrefixed(prefix string) func(*html.Node) bool {
	return func(n *html.Node) bool { return strings.HasPrefix(attr(n, "id"), prefix) }
}

// links returns the hrefs inside in (the whole page if nil) that start
// with prefix, in document order.
func (d *doc) links(in *html.Node, prefix string) []string {
	if in == nil {
		in = d.root
	}
	var out []string
	for n := range in.Descendants() {
		if n.Type == html.ElementNode && n.Data == "a" && strings.HasPrefix(attr(n, "href"), prefix) {
			out = append(out, attr(n, "href"))
		}
	}
	return out
}

// linksTo reports whether in (the whole page if nil) links to href exactly.
func (d *doc) linksTo(in *html.Node, href string) bool {
	for _, h := range d.links(in, href) {
		if h == href {
			return true
		}
	}
	return false
}

// mustHave fails t unless the page has an element with each id.
func mustHave(t testing.TB, what, body string, ids ...string) {
	t.Helper()
	d := parseHTML(t, body)
	for _, id := range ids {
		if !d.has(id) {
			t.Errorf("%s has no #%s", what, id)
		}
	}
}

// doneLots returns the codes of the lots a confirmation page links to in
// large type, in order.
func doneLots(t testing.TB, body string) []string {
	t.Helper()
	var out []string
	for _, a := range parseHTML(t, body).all(is("a", "code-big")) {
		out = append(out, strings.TrimPrefix(attr(a, "href"), "/t/"))
	}
	if len(out) == 0 {
		t.Fatalf("the confirmation links to no lot")
	}
	return out
}

// first returns the first element inside in for which match holds, or nil
// (nil if in is).
func first(in *html.Node, match func(*html.Node) bool) *html.Node {
	if in == nil {
		return nil
	}
	for n := range in.Descendants() {
		if n.Type == html.ElementNode && match(n) {
			return n
		}
	}
	return nil
}

// form returns the form posting to action, or nil.
func (d *doc) form(action string) *html.Node {
	return d.first(func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == action })
}

// texts returns the text of each element that matches, in document order.
func (d *doc) texts(match func(*html.Node) bool) []string {
	var out []string
	for _, n := range d.all(match) {
		out = append(out, text(n))
	}
	return out
}

// entryRows counts the ledger entries a list shows.
func entryRows(t testing.TB, body string) int {
	t.Helper()
	return parseHTML(t, body).count(func(n *html.Node) bool { return n.Data == "tr" && idPrefixed("entry-")(n) })
}

// mustNotHave fails t if the page has an element with one of the ids.
func mustNotHave(t testing.TB, what, body string, ids ...string) {
	t.Helper()
	d := parseHTML(t, body)
	for _, id := range ids {
		if d.has(id) {
			t.Errorf("%s has #%s", what, id)
		}
	}
}
