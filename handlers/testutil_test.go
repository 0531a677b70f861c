package handlers_test

import (
	"strings"

	"golang.org/x/net/html"
)

// errorOf returns the error message a page shows (its role="alert"
// paragraph), or "".
func errorOf(body string) string {
	root, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return ""
	}
	d := &doc{root: root}
	return text(d.first(func(n *html.Node) bool { return attr(n, "role") == "alert" && hasClass(n, "error") }))
}
