package views

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// keyless are the forms that change nothing a second submission could
// make twice: the language switch, signing in and out, proving a pledge.
// The "you already sent this" form carries the refused form's own key.
var keyless = regexp.MustCompile(`action="/(lang|login|logout|prove)"|id="resent-again"`)

// TestFormsCarryKeys: every form that posts, in every template, renders
// its one-time key (@formKey), so the server, which requires one, applies
// it once however often it is sent.
func TestFormsCarryKeys(t *testing.T) {
	files, err := filepath.Glob("*.templ")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	form := regexp.MustCompile(`(?s)<form\b[^>]*method="post"[^>]*>.*?</form>`)
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range form.FindAllString(string(b), -1) {
			n++
			open := m[:strings.Index(m, ">")+1]
			if !keyless.MatchString(open) && !strings.Contains(m, "@formKey()") {
				t.Errorf("%s: a form without a one-time key: %s", f, open)
			}
		}
	}
	if n < 30 {
		t.Errorf("found only %d forms that post; is the pattern still right?", n)
	}
}
