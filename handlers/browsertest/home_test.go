package browsertest

// The frame every page shares: language by Accept-Language, the language
// switch without JavaScript, phone and desktop layout, CJK glyphs, and the
// checkpoint a verifier reads.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/chromedp"
	"golang.org/x/mod/sumdb/note"
)

func TestHomeInBothLanguagesAndSizes(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	inEach(t, everyLook, func(t *testing.T, vp viewport, l views.Lang) {
		p := newTab(t, a, "visitor", vp, l)
		p.open("/")
		p.inLang(l, "home")
		txt := catalog(l).Common
		if got := p.text("h1"); got != txt.Tagline {
			t.Errorf("h1 = %q, want %q", got, txt.Tagline)
		}
		p.openMenu(`a[href="/needs"]`) // folded on a phone
		p.contains(txt.NavNeeds, txt.NavLedger, txt.NavVerify, txt.SwitchLang,
			fmt.Sprintf(txt.FooterLog, a.Store.Latest().Size))
		if p.overflowsX() {
			t.Errorf("the page is wider than the %s screen", vp.name)
		}
		if l == views.ZH {
			if fonts := p.fonts("h1"); !strings.Contains(strings.Join(fonts, ","), "WenQuanYi") {
				t.Errorf("Chinese heading drawn with %v, want WenQuanYi Micro Hei (apt-get install fonts-wqy-microhei)", fonts)
			}
		}
	})
}

// fonts returns the platform fonts that drew the text of the element sel matches.
func (p *tab) fonts(sel string) []string {
	p.t.Helper()
	ids := run(p, "finding "+sel, chromedp.QueryNodeIDs(chromedp.CSS(sel), chromedp.NodeVisible))
	return run(p, "reading the fonts of "+sel, func(ctx context.Context, tg *chromedp.Target) ([]string, error) {
		if _, err := cdp.Call(ctx, tg, css.Enable, cdp.Empty{}); err != nil {
			return nil, err
		}
		res, err := cdp.Call(ctx, tg, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: ids[0]})
		if err != nil {
			return nil, err
		}
		var names []string
		for _, f := range res.Fonts {
			names = append(names, f.FamilyName)
		}
		return names, nil
	})
}

// The switch is a plain POST form: it must work with JavaScript off, keep
// the visitor on the same page, and be remembered on the next visit.
func TestLanguageSwitchWithoutJavaScript(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	p := newTab(t, a, "visitor", phone, views.EN, withoutJS)
	p.open("/?from=switch")
	p.inLang(views.EN, "before switching")
	p.press("form.lang button")
	p.inLang(views.ZH, "after switching")
	if got := p.path(); got != "/?from=switch" {
		t.Errorf("after switching the visitor is at %q, want back at /?from=switch", got)
	}
	p.contains(catalog(views.ZH).Common.Tagline)

	// The choice outlives the page: a fresh visit is still Chinese, though
	// the browser asks for English.
	p.open("/")
	p.inLang(views.ZH, "on the next visit (the cookie wins over Accept-Language)")
	p.press("form.lang button")
	p.inLang(views.EN, "after switching back")
}

// A verifier (or a curious journalist) can open /checkpoint in a browser
// and read the signed note: origin, size, root hash, signature.
func TestCheckpointReadableInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	p := newTab(t, a, "verifier", desktop, views.EN)
	p.open("/checkpoint")
	body := p.text("body")
	lines := strings.Split(body, "\n")
	cp := a.Store.Latest()
	if len(lines) < 5 {
		t.Fatalf("checkpoint has %d lines, want origin, size, root, blank, signature: %q", len(lines), lines)
	}
	if lines[0] != sqlitetest.Origin {
		t.Errorf("origin line = %q, want %q", lines[0], sqlitetest.Origin)
	}
	if lines[1] != fmt.Sprint(cp.Size) {
		t.Errorf("size line = %q, want %d", lines[1], cp.Size)
	}
	if want := strings.Split(string(cp.Note), "\n")[2]; lines[2] != want {
		t.Errorf("root line = %q, want %q", lines[2], want)
	}
	v, err := note.NewVerifier(a.Store.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := note.Open([]byte(strings.TrimRight(body, "\n")+"\n"), note.VerifierList(v)); err != nil {
		t.Errorf("the checkpoint as the browser shows it does not verify with the log's key: %v", err)
	}
}
