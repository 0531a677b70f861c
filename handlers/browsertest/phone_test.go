package browsertest

// The phone's chrome: a header one row high whose links fold into a menu
// that opens without JavaScript, and no page of the demo, public or signed
// in, in either language, wider than a 360 px screen.

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/chromedp"
)

// small is the narrowest phone the pages must fit.
var small = viewport{name: "360", w: 360, h: 740, mobile: true}

// maxHeader is how tall the header may be on a phone (of a 740 px screen).
const maxHeader = 64

// demoLogin finds the demo's login for role.
func demoLogin(t testing.TB, logins []demo.Login, role string) demo.Login {
	t.Helper()
	for _, l := range logins {
		if l.Role == role {
			return l
		}
	}
	t.Fatalf("the demo has no %q login", role)
	return demo.Login{}
}

// box is an element's place on the page, in CSS pixels.
type box struct{ Top, Bottom, Height, Lines float64 }

// boxOf measures the first element sel matches; Lines is how many lines
// its text takes.
func (p *tab) boxOf(sel string) box {
	p.t.Helper()
	return run(p, "measuring "+sel, chromedp.Evaluate[box](fmt.Sprintf(`(() => {
		const e = document.querySelector(%q); const r = e.getBoundingClientRect();
		const t = document.createRange(); t.selectNodeContents(e);
		const tops = new Set(Array.from(t.getClientRects(), c => Math.round(c.top)));
		return {Top: r.top, Bottom: r.bottom, Height: r.height, Lines: tops.size};
	})()`, sel)))
}

// visible reports whether the first element sel matches is shown.
func (p *tab) visible(sel string) bool {
	p.t.Helper()
	return run(p, "checking "+sel, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
		const e = document.querySelector(%q); return !!e && e.checkVisibility() && e.getBoundingClientRect().width > 0;
	})()`, sel)))
}

// TestHeaderOnPhone: the warehouse admin's header (the most links) is one
// row of at most 64 px on a 360 px phone, in both languages, with and
// without JavaScript; its links are in a menu that opens by a tap; the
// sign-out button does not wrap. On a desktop the links show without it.
func TestHeaderOnPhone(t *testing.T) {
	t.Parallel()
	a, logins := newDemoApp(t)
	admin := demoLogin(t, logins, "charity admin (warehouse)")
	for _, l := range langs {
		for _, js := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/js=%v", l.Code(), js), func(t *testing.T) {
				var opts []tabOption
				if !js {
					opts = append(opts, withoutJS)
				}
				p := newTab(t, a, "warehouse admin", small, l, opts...)
				p.signIn(admin.Email, admin.Password)
				p.open("/stock")
				if h := p.boxOf("header.top").Height; h > maxHeader {
					t.Errorf("the header is %.0f px tall on a 360 px phone, want at most %d", h, maxHeader)
				}
				if p.visible("#nav-stock") {
					t.Errorf("the header's links show before the menu is opened")
				}
				p.do("opening the menu", p.click("#menu > summary"))
				for _, sel := range []string{"#nav-stock", "#nav-scan", `a[href="/org/members"]`, `a[href="/needs"]`, `form[action="/logout"] button`} {
					if !p.visible(sel) {
						t.Errorf("the opened menu does not show %s", sel)
					}
				}
				if lines := p.boxOf(`form[action="/logout"] button`).Lines; lines != 1 {
					t.Errorf("%q takes %.0f lines", catalog(l).Accounts.Logout, lines)
				}
				if p.overflowsX() {
					t.Errorf("the opened menu is wider than the screen")
				}
				p.press("#nav-scan")
				if got := p.path(); got != "/scan" {
					t.Errorf("the menu's scan link led to %s", got)
				}
			})
		}
	}
	t.Run("desktop", func(t *testing.T) {
		p := newTab(t, a, "warehouse admin", desktop, views.ZH)
		p.signIn(admin.Email, admin.Password)
		if h := p.boxOf("header.top").Height; h > maxHeader {
			t.Errorf("the header is %.0f px tall on a desktop, want at most %d", h, maxHeader)
		}
		if p.visible("#menu > summary") || !p.visible("#nav-stock") || p.boxOf(`form[action="/logout"] button`).Lines != 1 {
			t.Errorf("on a desktop the header's links are not shown as a row")
		}
	})
}

// openMenu opens the header's menu if sel is in it and it is folded.
func (p *tab) openMenu(sel string) {
	p.t.Helper()
	folded := run(p, "finding "+sel, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
		const e = document.querySelector(%q), m = e && e.closest("details.menu");
		return !!m && !m.open && m.querySelector("summary").checkVisibility();
	})()`, sel)))
	if folded {
		p.do("opening the menu", p.click("#menu > summary"))
	}
}

// notPages are links the crawl does not follow: files, feeds and the log's tiles.
var notPages = regexp.MustCompile(`^/(static|tile|files|checkpoint|events|healthz|verify/key)\b|^/data/.|\.(png|svg|csv|json|jsonl|jsonld|xml|txt|pdf)$`)

// pagePattern is the shape of a page's address: digits and codes become
// placeholders, query values are dropped, so the crawl visits a few of
// each kind of page instead of every need and lot.
func pagePattern(u *url.URL) string {
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		if strings.Trim(s, "0123456789") == "" && s != "" || i == 2 && segs[1] == "t" || i == 3 && segs[1] == "my" && segs[2] == "donations" {
			segs[i] = "*"
		}
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range u.Query() {
			if !yield(k) {
				return
			}
		}
	})
	return strings.Join(segs, "/") + "?" + strings.Join(keys, "&")
}

// crawlShapes visits the pages reachable by links from start (same site,
// GET, HTML), at most perPattern of each shape, and calls check on each.
func (p *tab) crawlShapes(start []string, perPattern int, check func(path string)) int {
	p.t.Helper()
	seen, shapes := map[string]bool{}, map[string]int{}
	queue := slices.Clone(start)
	visited := 0
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		u, err := url.Parse(next)
		if err != nil || seen[u.RequestURI()] {
			continue
		}
		seen[u.RequestURI()] = true
		shape := pagePattern(u)
		if notPages.MatchString(u.Path) || shapes[shape] >= perPattern && !slices.Contains(start, next) {
			continue
		}
		shapes[shape]++
		if st := p.openStatus(u.RequestURI()); st >= 500 {
			p.t.Errorf("%s: GET %s: status %d", p.name, u.RequestURI(), st)
			continue
		}
		visited++
		check(u.RequestURI())
		links := run(p, "reading the links", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("a[href]"), a => a.href)`))
		for _, l := range links {
			lu, err := url.Parse(l)
			if err != nil || lu.Scheme+"://"+lu.Host != p.base {
				continue
			}
			queue = append(queue, lu.RequestURI())
		}
	}
	return visited
}

// widerThanScreen returns what sticks out past the right edge of the screen,
// or "" if the page fits (document.scrollingElement.scrollWidth <= clientWidth).
func (p *tab) widerThanScreen() string {
	p.t.Helper()
	return run(p, "measuring the page width", chromedp.Evaluate[string](`(() => {
		const d = document.scrollingElement;
		if (d.scrollWidth <= d.clientWidth) return "";
		const out = Array.from(document.querySelectorAll("body *")).filter(e => {
			const r = e.getBoundingClientRect(); return r.width > 0 && r.right > d.clientWidth + 1;
		}).filter(e => !Array.from(e.children).some(c => c.getBoundingClientRect().right > d.clientWidth + 1));
		return d.scrollWidth + " px wide (screen " + d.clientWidth + "): " + out.slice(0, 4).map(e =>
			e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className == "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
			" «" + (e.innerText || "").slice(0, 40).replace(/\s+/g, " ") + "»").join("; ");
	})()`))
}

// englishUnit is a catalogue unit written in English beside a number or
// in brackets: "100 pcs", "(pairs)".
var englishUnit = regexp.MustCompile(`\d\s*(pcs|pieces|sets|pairs|boxes|litres)\b|\((pcs|sets|pairs|boxes|L)\)`)

// identifiers are the ledger's words for states that a page should say in
// the reader's language: entry types, statuses, conditions and reasons
// (those with an underscore or a dot, which no sentence has).
var identifier = regexp.MustCompile(`\b[a-z]+(_[a-z]+)+\b|\b(entry|handoff|item|key|lot|money|need|org|pledge|review)\.[a-z_]+\b`)

// ungroupedCode is a 9-character word that is a valid code: people see
// codes grouped (3V4Q-MP9X-E), never also as 3V4QMP9XE.
var ungroupedCode = regexp.MustCompile(`\b[0-9A-Z]{9}\b`)

// notInLang returns what a page's visible text shows in the wrong form.
func notInLang(l views.Lang, text string) []string {
	var bad []string
	for _, m := range ungroupedCode.FindAllString(text, -1) {
		if _, err := ledger.NormalizeCode(m); err == nil {
			bad = append(bad, "the code "+m+" ungrouped")
		}
	}
	if l != views.ZH {
		return bad
	}
	for _, m := range englishUnit.FindAllString(text, -1) {
		bad = append(bad, "the English unit "+strconv.Quote(m))
	}
	for _, m := range identifier.FindAllString(text, -1) {
		bad = append(bad, "the identifier "+strconv.Quote(m))
	}
	return bad
}

// prose is the page's text for people, without what it shows verbatim as
// data (code, pre: JSON, column names, hashes) or scripts.
func (p *tab) prose() string {
	p.t.Helper()
	return run(p, "reading the page's text", chromedp.Evaluate[string](`(() => {
		const out = [], w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n; (n = w.nextNode()); ) {
			if (!n.parentElement.closest("code, pre, script, style, template")) out.push(n.data);
		}
		return out.join(" ");
	})()`))
}

// crawlRoles are the demo logins whose pages the crawls visit ("" is
// signed out): every kind of member's links.
var crawlRoles = []string{"", "charity admin (warehouse)", "union admin (recipient)", "auditor 1", "personal donor", "shunda staff"}

// moneyPledge is the code of one of the demo's money pledges.
func moneyPledge(t testing.TB, a *app) string {
	t.Helper()
	var code string
	if err := a.Store.DB().QueryRow(`SELECT code FROM pledges WHERE kind = 'money' ORDER BY id LIMIT 1`).Scan(&code); err != nil {
		t.Fatal(err)
	}
	return code
}

// TestDemoPagesOnPhone: crawling the demo from the home page, signed out
// and as each kind of member, in both languages, at 360 x 740, no page
// needs scrolling sideways (a money pledge's trace page included), no page
// shows a code ungrouped, and no Chinese page shows an English unit or an
// entry type, status or reason by its identifier.
func TestDemoPagesOnPhone(t *testing.T) {
	t.Parallel()
	a, logins := newDemoApp(t)
	inEachRole(t, a, logins, small, func(t *testing.T, p *tab, start []string) {
		n := p.crawlShapes(start, 3, func(path string) {
			if w := p.widerThanScreen(); w != "" {
				t.Errorf("%s: %s is %s", p.name, path, w)
			}
			for _, bad := range notInLang(p.lang, p.prose()) {
				t.Errorf("%s: %s shows %s", p.name, path, bad)
			}
		})
		if n < 20 {
			t.Errorf("the crawl reached only %d pages", n)
		}
		t.Logf("%d pages visited", n)
	})
}

// inEachRole runs f as a parallel subtest for each of crawlRoles in each
// language, with a tab at vp signed in as that role and the pages a crawl
// of what it may see starts from (a money pledge's trace among them).
func inEachRole(t *testing.T, a *app, logins []demo.Login, vp viewport, f func(t *testing.T, p *tab, start []string)) {
	t.Helper()
	start := []string{"/", "/t/" + moneyPledge(t, a), "/login", "/signup", "/funds"}
	for _, role := range crawlRoles {
		for _, l := range langs {
			name := strings.Fields(role + " public")[0]
			t.Run(name+"/"+l.Code(), func(t *testing.T) {
				t.Parallel()
				p := newTab(t, a, name, vp, l)
				pages := start
				if role != "" {
					login := demoLogin(t, logins, role)
					p.signIn(login.Email, login.Password)
					pages = append([]string{"/account"}, start...)
				}
				f(t, p, pages)
			})
		}
	}
}

// TestWarehousePhoneScreens: the warehouse's stock and scan pages on a
// phone, signed in as its staff, fit the screen under a one-row header;
// make screenshots writes them for the README.
func TestWarehousePhoneScreens(t *testing.T) {
	t.Parallel()
	a, logins := newDemoApp(t)
	staff := demoLogin(t, logins, "charity staff")
	for _, c := range []struct {
		page string
		l    views.Lang
	}{{"stock", views.ZH}, {"scan", views.EN}} {
		t.Run(c.page, func(t *testing.T) {
			p := newTab(t, a, "warehouse staff", phone, c.l)
			p.signIn(staff.Email, staff.Password)
			p.open("/" + c.page)
			if h := p.boxOf("header.top").Height; h > maxHeader {
				t.Errorf("the header is %.0f px tall", h)
			}
			if w := p.widerThanScreen(); w != "" {
				t.Errorf("/%s is %s", c.page, w)
			}
			p.saveShot(c.page + "-phone-" + c.l.Code())
		})
	}
}
