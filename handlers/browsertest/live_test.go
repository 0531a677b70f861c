package browsertest

// The transparency page follows the ledger live: a new entry shows up
// without a reload (Server-Sent Events and htmx), and the page keeps working
// without JavaScript.

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
)

func TestHomeUpdatesLive(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	p := newTab(t, a, "visitor", desktop, views.EN)
	p.open("/")
	before := fmt.Sprint(a.Store.Latest().Size)
	if got := p.text("#log-size"); got != before {
		t.Fatalf("log size %q, want %s", got, before)
	}
	time.Sleep(500 * time.Millisecond) // let the event stream connect
	it := ledger.Item{ID: "body-bag", NameEN: "Body bag", NameZH: "尸袋", Unit: "pcs"}
	if err := a.Store.AddItem(context.Background(), sqlite.PlatformActor, it); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(a.Store.Latest().Size)
	deadline := time.Now().Add(10 * time.Second)
	for p.text("#log-size") != want {
		if time.Now().After(deadline) {
			t.Fatalf("the page still shows %s entries, the ledger has %s", p.text("#log-size"), want)
		}
		time.Sleep(200 * time.Millisecond)
	}
	p.contains("Catalogue item added: Body bag")
	if p.path() != "/" {
		t.Errorf("the page navigated to %s", p.path())
	}
}
