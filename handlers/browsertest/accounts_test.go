package browsertest

// Accounts as a person meets them: sign up from the header, sign out, be
// asked to sign in by a page that needs it and come back to it, and read a
// wrong password's message in their own language.

import (
	"testing"

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
