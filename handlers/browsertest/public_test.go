package browsertest

// The public face, as a journalist uses it on the demo: from the
// transparency page to a need, to the hospital that asked, to a lot it
// received, up its chain to the donor's pledge, each step's proof checked;
// in both languages at both sizes. The README's pictures come from here
// (make screenshots).

import (
	"testing"

	"github.com/aidtrail/aidtrail/views"
)

func TestPublicFollowsNeedToLotAndPledge(t *testing.T) {
	t.Parallel()
	a, _ := newDemoApp(t)
	inEach(t, everyLook, func(t *testing.T, vp viewport, l views.Lang) {
		p := newTab(t, a, "public", vp, l)
		shot := func(page string) { p.saveShot(page + "-" + vp.name + "-" + l.Code()) }
		p.open("/")
		shot("transparency")
		if p.overflowsX() {
			t.Errorf("the transparency page is wider than the %s screen", vp.name)
		}

		// A need, with its progress, and the hospital that published it.
		p.press("#home-live article.need h3 a")
		if p.count("progress") == 0 {
			t.Errorf("need page %s shows no progress", p.path())
		}
		p.press(`main a[href^="/orgs/"]`)
		if p.count(`#stock-lots a[href^="/t/"]`) == 0 {
			t.Fatalf("the hospital's record %s lists no lots held", p.path())
		}

		// A lot the hospital holds: its trace, every step proved.
		p.press(`#stock-lots a[href^="/t/"]`)
		lotPage := p.path()
		shot("trace")
		if p.overflowsX() {
			t.Errorf("the trace page is wider than the %s screen", vp.name)
		}
		p.checkChain(a, "#lot-chain")

		// Up the tree to the donor's pledge, which lists the lot.
		p.open(lotPage)
		for p.count("#lot-parent") == 1 {
			p.press("#lot-parent")
		}
		p.press("#lot-origin")
		if p.count(`a[href^="/t/"]`) == 0 {
			t.Errorf("the pledge's page %s links no lots", p.path())
		}
		p.checkChain(a, "#pledge-chain")
	})
}
