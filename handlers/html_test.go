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
	for n := range d.root.Descendants() {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	}
	return out
}

// first returns the first element for which match holds, or nil.
func (d *doc) first(match func(*html.Node) bool) *html.Node {
	if ns := d.all(match); len(ns) > 0 {
		return ns[0]
	}
	return nil
}

// byID returns the element with the given id, or nil.
func (d *doc) byID(id string) *html.Node {
	return d.first(func(n *html.Node) bool { return attr(n, "id") == id })
}

// named returns the form control with the given name inside in, or nil.
func named(in *html.Node, name string) *html.Node {
	for n := range in.Descendants() {
		if n.Type == html.ElementNode && attr(n, "name") == name {
			return n
		}
	}
	return nil
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
