package handlers_test

import (
	"html"
	"regexp"
)

var errorRE = regexp.MustCompile(`(?s)<p class="error" role="alert">(.*?)</p>`)

// errorOf returns the error message a page shows, or "".
func errorOf(body string) string {
	m := errorRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}
