package browsertest

// Accessibility as axe-core sees it: every kind of page of the demo, signed
// out and as each kind of member, in both languages, with no violation.
// axe-core is kept in testdata (npm axe-core, MPL-2.0) and given to the
// page by the test; the server never serves it.

import (
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe-core/axe.min.js
var axeSource string

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"` // the first few elements, as CSS selectors
}

func (v axeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
}

// axe runs axe-core's WCAG 2 A and AA rules and its best practices on the
// page the tab shows and returns what they found.
func (p *tab) axe() []axeViolation {
	p.t.Helper()
	run(p, "loading axe-core", chromedp.Evaluate[bool](axeSource+";true"))
	return run(p, "running axe-core", chromedp.Evaluate[[]axeViolation](`axe.run(document, {
			runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
			resultTypes: ["violations"]
		}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))`, chromedp.EvalAwaitPromise))
}

// TestAccessibility: axe-core finds no violation on any kind of page of
// the demo (one of each shape, as TestDemoPagesOnPhone crawls them), signed
// out and as each kind of member, in both languages, on a phone.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	a, logins := newDemoApp(t)
	inEachRole(t, a, logins, phone, func(t *testing.T, p *tab, start []string) {
		p.crawlShapes(start, 1, func(path string) {
			for _, v := range p.axe() {
				t.Errorf("%s: %s: %s", p.name, path, v)
			}
		})
	})
}
