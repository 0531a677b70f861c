package handlers

import "testing"

// Return links (after sign-in, after switching language) stay on this site
// whatever is typed into them.
func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/needs":                "/needs",
		"/t/7KQ3PX9M4?lang=zh":  "/t/7KQ3PX9M4?lang=zh",
		"//evil.example/":       "/",
		"/\\evil.example":       "/",
		"https://evil.example/": "/",
		"javascript:alert(1)":   "/",
		"needs":                 "/",
		"":                      "/",
		"/\tx":                  "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}
