package browsertest

// Accounts as a person meets them: sign up from the header, sign out, be
// asked to sign in by a page that needs it and come back to it, and read a
// wrong password's message in their own language.

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
)

func TestDonorSignsUpOutAndBackIn(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	inEach(t, twoLooks, func(t *testing.T, vp viewport, l views.Lang) {
		txt := catalog(l).Accounts
		email := sqlitetest.Email("signup")
		p := newTab(t, a, "donor", vp, l)
		p.open("/")
		p.press(`nav.account a[href="/signup"]`)
		p.fill(map[string]string{"#email": email, "#display_name": "Lin", "#password": sqlitetest.Password})
		p.press("main form button[type=submit]")
		if got := p.path(); got != "/account?n=welcome" {
			t.Errorf("after signing up the donor is at %s", got)
		}
		p.contains(txt.Welcome, email, txt.PersonalAccount)

		p.press("nav.account form button")
		if got := p.path(); got != "/" {
			t.Errorf("after signing out the donor is at %s, want /", got)
		}
		if p.count(`nav.account a[href="/signup"]`) != 1 {
			t.Errorf("after signing out the header offers no sign-up")
		}

		// A page that needs an account asks for it, then comes back.
		if st := p.openStatus("/account"); st != 401 {
			t.Errorf("GET /account signed out: status %d, want 401 with the sign-in form", st)
		}
		p.fill(map[string]string{"#email": email, "#password": "not the password"})
		if st := p.pressStatus("main form button[type=submit]"); st != 401 {
			t.Errorf("wrong password: status %d, want 401", st)
		}
		if p.count(`main [role=alert]`) != 1 {
			t.Errorf("a wrong password shows no message")
		}
		p.inLang(l, "after a wrong password")
		if got := p.attr("#email", "value"); got != email {
			t.Errorf("the e-mail was not kept after a wrong password: %q", got)
		}
		p.signIn(email, sqlitetest.Password)
		if got := p.path(); got != "/account" {
			t.Errorf("after signing in the donor is at %s, want back at /account", got)
		}
		p.contains(email)
	})
}

// signIn fills the sign-in form the tab shows (or opens /login) and submits
// it; the test fails unless the account is then signed in.
func (p *tab) signIn(email, password string) {
	p.t.Helper()
	if p.count(`form[action="/login"]`) == 0 {
		p.open("/login")
	}
	p.fill(map[string]string{`form[action="/login"] #email`: email, `form[action="/login"] #password`: password})
	p.press(`form[action="/login"] button[type=submit]`)
	if p.count(`nav.account form[action="/logout"]`) != 1 {
		p.t.Fatalf("%s: signing in as %s failed; at %s", p.name, email, p.path())
	}
}

// as opens a tab signed in as member m (a fixture from sqlitetest, whose
// password is sqlitetest.Password), through the sign-in form.
func as(t testing.TB, a *app, m ledger.Member, name string, vp viewport, l views.Lang, opts ...tabOption) *tab {
	t.Helper()
	p := newTab(t, a, name, vp, l, opts...)
	p.signInHere(m)
	return p
}

// The logins make run prints work in a browser, and each role finds its
// own links in the header.
func TestDemoLoginsSignIn(t *testing.T) {
	t.Parallel()
	a, logins := newDemoApp(t)
	byRole := map[string]demo.Login{}
	for _, l := range logins {
		byRole[l.Role] = l
	}
	for _, c := range []struct {
		role  string
		links []string // header links the role must have
	}{
		{"auditor 1", []string{"/review", "/account"}},
		{"charity admin (warehouse)", []string{"/org/members", "/account"}},
		{"union staff", []string{"/account"}},
		{"personal donor", []string{"/account"}},
	} {
		l, ok := byRole[c.role]
		if !ok {
			t.Fatalf("the demo has no %q login", c.role)
		}
		lk := twoLooks[len(c.role)%2]
		p := newTab(t, a, c.role, lk.vp, lk.l)
		p.signIn(l.Email, l.Password)
		for _, href := range c.links {
			if p.count(`nav.account a[href="`+href+`"]`) != 1 {
				t.Errorf("%s: the header has no link to %s", c.role, href)
			}
		}
	}
}

// TestClerkSignsInWhileSomeoneGuesses: 100 wrong passwords for a hospital
// clerk's account from another address (127.0.0.2) do not lock the clerk
// out: in the browser, from their own address, the right password signs in
// at once; the guessing address is refused.
func TestClerkSignsInWhileSomeoneGuesses(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	clerk := sqlitetest.Org(t, a.Store, ledger.OrgRecipient, "Tongji Hospital")
	acc, err := a.Store.Account(t.Context(), clerk)
	if err != nil {
		t.Fatal(err)
	}
	from2 := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}).DialContext}}
	direct := strings.Replace(a.URL, "localhost", "127.0.0.1", 1)
	status := 0
	for range 100 {
		resp, err := from2.PostForm(direct+"/login", url.Values{"email": {acc.Email}, "password": {"guess"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		status = resp.StatusCode
	}
	if status != http.StatusTooManyRequests {
		t.Fatalf("the 100th guess from 127.0.0.2: %d, want 429", status)
	}
	p := newTab(t, a, "clerk", phone, views.ZH)
	start := time.Now()
	p.signIn(acc.Email, sqlitetest.Password)
	t.Logf("signed in %v after 100 guesses from another address", time.Since(start).Round(time.Millisecond))
}
