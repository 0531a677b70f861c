package browsertest

// The transparency page follows the ledger live (Server-Sent Events) without
// a reload, and is complete without JavaScript.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

func TestTransparencyPageUpdatesLive(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	p := newTab(t, a, "public", desktop, views.EN)
	p.openLive("/")
	before := a.Store.Latest().Size
	if got := p.text("#log-size"); got != fmt.Sprint(before) {
		t.Fatalf("log size shown %s, want %d", got, before)
	}
	rows := p.count("#latest-entries tbody tr")
	// A mark on the page itself: a reload would wipe it.
	p.do("marking the page", chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))

	sqlitetest.PendingOrg(t, a.Store, ledger.OrgRecipient, "Live Test Hospital")
	after := a.Store.Latest().Size
	if after <= before {
		t.Fatalf("registering an organisation did not append to the ledger (%d -> %d)", before, after)
	}
	p.do("waiting for the live update", chromedp.Poll[chromedp.Void](
		fmt.Sprintf(`document.getElementById('log-size').innerText === '%d'`, after),
		chromedp.WithPollingTimeout(10*time.Second)))
	if !run(p, "reading the mark", chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Errorf("the page reloaded instead of updating in place")
	}
	if got := p.count("#latest-entries tbody tr"); got <= rows && rows < 10 {
		t.Errorf("latest entries: %d rows after the update, %d before", got, rows)
	}
}

// openLive opens path and waits until the page's event stream (/events)
// answers, so nothing appended afterwards can be missed.
func (p *tab) openLive(path string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	responses := chromedp.Events(ctx, network.ResponseReceived)
	p.open(path)
	for ev, err := range responses {
		if err != nil {
			p.t.Fatalf("%s: the event stream of %s never opened: %v", p.name, path, err)
		}
		if ev.Type == network.ResourceTypeEventSource && strings.HasSuffix(ev.Response.URL, "/events") && ev.Response.Status == 200 {
			return
		}
	}
}

func TestTransparencyPageWithoutJavaScript(t *testing.T) {
	t.Parallel()
	a, _ := newDemoApp(t)
	inEach(t, twoLooks, func(t *testing.T, vp viewport, l views.Lang) {
		p := newTab(t, a, "public", vp, l, withoutJS)
		p.open("/")
		if got := p.text("#log-size"); got != fmt.Sprint(a.Store.Latest().Size) {
			t.Errorf("log size shown %s, want %d", got, a.Store.Latest().Size)
		}
		if p.count("#latest-entries tbody tr") == 0 {
			t.Errorf("no latest entries without JavaScript")
		}
		if p.overflowsX() {
			t.Errorf("the transparency page is wider than the %s screen", vp.name)
		}
	})
}
