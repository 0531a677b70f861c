package browsertest

// The warehouse's and hospital's day on a 360 px phone: /stock's cards fit
// the screen, no lot or pledge code wraps, and the demo's soon-expiring
// (the warehouse's protective clothing) and expired lots (Central
// Hospital's instant food) are marked in words, in both languages.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestStockCardsOnPhone(t *testing.T) {
	t.Parallel()
	a, logins := newDemoApp(t)
	words := map[string][2]string{"en": {"Expired", "Expires in"}, "zh-CN": {"已过期", "天后到期"}}
	for i, role := range []string{"charity admin (warehouse)", "central admin (recipient)"} {
		for _, l := range langs {
			t.Run(strings.Fields(role)[0]+"/"+l.Code(), func(t *testing.T) {
				login := demoLogin(t, logins, role)
				p := newTab(t, a, strings.Fields(role)[0], small, l)
				p.signIn(login.Email, login.Password)
				p.open("/stock")
				if i == 0 {
					p.saveShot("stock-" + small.name + "-" + l.Code())
				}
				if w := p.widerThanScreen(); w != "" {
					t.Errorf("/stock is %s", w)
				}
				if p.count("#stock-lots > li") == 0 || p.count("#stock-expected-h") != 1 {
					t.Fatalf("/stock shows no lot cards or no expected deliveries")
				}
				// Every code on one line: count the distinct line tops of each.
				wrapped := run(p, "measuring the codes", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.card-code')).filter(e => {
				const r = document.createRange(); r.selectNodeContents(e);
				return new Set(Array.from(r.getClientRects(), c => Math.round(c.top))).size > 1;
			}).map(e => e.textContent)`))
				if len(wrapped) > 0 {
					t.Errorf("codes wrap on a 360 px phone: %v", wrapped)
				}
				sel, word := "#stock-lots .mark-warn", words[l.Code()][1]
				if i == 1 {
					sel, word = "#stock-lots .mark-bad", words[l.Code()][0]
				}
				if got := p.text(sel); !strings.Contains(got, word) {
					t.Errorf("%s says %q, want %q", sel, got, word)
				}
			})
		}
	}
}
