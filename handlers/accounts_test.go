package handlers_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

func TestSessionCookieFlags(t *testing.T) {
	for _, tc := range []struct {
		base, name string
		secure     bool
	}{
		{"", "aidtrail", false},
		{"https://aidtrail.example", "__Host-aidtrail", true},
	} {
		ts := newServer(t, func(c *handlers.Config) { c.BaseURL = tc.base })
		donor := sqlitetest.Donor(t, ts.Store)
		a, _ := ts.Store.Account(t.Context(), donor)
		res := ts.client().postForm("/login", url.Values{"email": {a.Email}, "password": {sqlitetest.Password}})
		ck := res.cookie(tc.name)
		if res.Status != http.StatusSeeOther || ck == nil {
			t.Fatalf("%s: login status %d, cookies %v", tc.base, res.Status, res.Header["Set-Cookie"])
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != tc.secure || ck.Path != "/" || ck.MaxAge != 12*3600 {
			t.Errorf("%s: cookie %+v: want HttpOnly, SameSite=Lax, Secure=%v, Path=/, Max-Age=43200", tc.base, ck, tc.secure)
		}
		if strings.Contains(ck.Value, a.Email) {
			t.Error("the session cookie shows the e-mail")
		}
	}
}

// A fresh session at every sign-in: the old cookie's values are gone.
func TestLoginIssuesFreshSession(t *testing.T) {
	ts := newServer(t)
	alice, bob := sqlitetest.Donor(t, ts.Store), sqlitetest.Auditor(t, ts.Store)
	c := ts.as(alice)
	u, _ := url.Parse(ts.URL)
	first := c.hc.Jar.Cookies(u)[0].Value
	c.loginAs(bob)
	if second := c.hc.Jar.Cookies(u)[0].Value; second == first {
		t.Error("signing in again kept the same cookie")
	}
	if res := c.get("/account"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Auditor") {
		t.Errorf("after signing in as the auditor, /account: %d", res.Status)
	}
}

func TestExpiredForgedAndEndedSessionsAreRefused(t *testing.T) {
	ts := newServer(t)
	donor := sqlitetest.Donor(t, ts.Store)
	form := url.Values{"old": {sqlitetest.Password}, "new": {"another password 1"}}

	// Expired on the server's clock, though the cookie itself is intact.
	c := ts.as(donor)
	ts.Skew.Store(int64(handlers.SessionLifetime + time.Minute))
	res := c.postForm("/account/password", form)
	if res.Status != http.StatusUnauthorized || !strings.Contains(errorOf(res.Body), "session has expired") {
		t.Errorf("expired session: %d %q", res.Status, errorOf(res.Body))
	}
	if ck := res.cookie("aidtrail"); ck == nil || ck.MaxAge >= 0 {
		t.Errorf("the expired cookie was not deleted: %v", ck)
	}
	ts.Skew.Store(0)

	// Forged: garbage, and a cookie made with other keys.
	for _, v := range []string{"garbage", forgedCookie(t)} {
		c := ts.client()
		u, _ := url.Parse(ts.URL)
		c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "aidtrail", Value: v}})
		if res := c.postForm("/account/password", form); res.Status != http.StatusUnauthorized {
			t.Errorf("forged cookie: status %d", res.Status)
		}
		if res := c.get("/"); res.Status != http.StatusOK {
			t.Errorf("forged cookie on a public page: status %d", res.Status)
		}
	}

	// Sign-out ends the session on the server: a copy of the cookie is dead.
	c = ts.as(donor)
	u, _ := url.Parse(ts.URL)
	stolen := c.hc.Jar.Cookies(u)
	if res := c.postForm("/logout", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.Status)
	}
	thief := ts.client()
	thief.hc.Jar.SetCookies(u, stolen)
	if res := thief.get("/account"); res.Status != http.StatusUnauthorized {
		t.Errorf("a copied cookie after sign-out: %d", res.Status)
	}
}

// forgedCookie is a well-formed session cookie for user 1 under keys the
// server does not have.
func forgedCookie(t *testing.T) string {
	other := newServer(t)
	admin := sqlitetest.Auditor(t, other.Store)
	c := other.as(admin)
	u, _ := url.Parse(other.URL)
	return c.hc.Jar.Cookies(u)[0].Value
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	ts := newServer(t)
	for name, hdr := range map[string][2]string{
		"Origin of another host": {"Origin", "https://evil.example"},
		"cross-site fetch":       {"Sec-Fetch-Site", "cross-site"},
	} {
		form := url.Values{"email": {sqlitetest.Email("x")}, "password": {sqlitetest.Password}}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/signup", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(hdr[0], hdr[1])
		res := ts.client().do(req)
		if res.Status != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, res.Status)
		}
	}
	var n int
	ts.Store.DB().QueryRow(`SELECT count(*) FROM users`).Scan(&n)
	if n != 0 {
		t.Errorf("%d accounts created by cross-origin posts", n)
	}
}

// Failed sign-ins are limited per (account, client IP) and slowed per
// account, but nobody can lock a person out: the right password from
// another address signs in at once.
func TestLoginThrottling(t *testing.T) {
	t.Run("per account and address", func(t *testing.T) {
		ts := newServer(t, func(c *handlers.Config) { c.LoginsPerIP = 1000 })
		donor := sqlitetest.Donor(t, ts.Store)
		a, _ := ts.Store.Account(t.Context(), donor)
		attacker := ts.clientFrom("127.0.0.2")
		for i := range 100 {
			res := attacker.postForm("/login", url.Values{"email": {a.Email}, "password": {"wrong password"}})
			want := http.StatusUnauthorized
			if i >= 5 {
				want = http.StatusTooManyRequests
			}
			if res.Status != want {
				t.Fatalf("failure %d: status %d, want %d", i, res.Status, want)
			}
		}
		// From that address even the right password is refused now, saying
		// what is limited, in the user's language.
		attacker.Lang = "zh-CN"
		res := attacker.postForm("/login", url.Values{"email": {strings.ToUpper(a.Email)}, "password": {sqlitetest.Password}})
		if res.Status != http.StatusTooManyRequests || errorOf(res.Body) != "从您的网络地址登录此账户失败次数过多，请 15 分钟后再试" {
			t.Errorf("right password from the attacker's address: %d %q", res.Status, errorOf(res.Body))
		}
		// The owner, elsewhere, signs in at once.
		owner := ts.clientFrom("127.0.0.1")
		owner.loginAs(donor)
		if res := owner.get("/account"); res.Status != http.StatusOK {
			t.Errorf("owner's account page: %d", res.Status)
		}
		// Another account from the attacker's address is not affected.
		ts.clientFrom("127.0.0.2").loginAs(sqlitetest.Donor(t, ts.Store))
		// After the window, the address may try again.
		ts.Skew.Store(int64(16 * time.Minute))
		attacker.loginAs(donor)
	})
	t.Run("slowed per account", func(t *testing.T) {
		ts := newServer(t)
		donor := sqlitetest.Donor(t, ts.Store)
		a, _ := ts.Store.Account(t.Context(), donor)
		wrong := url.Values{"email": {a.Email}, "password": {"wrong password"}}
		// Five failures from five addresses are answered as usual; the
		// sixth, from a sixth address, waits (250 ms, doubling after).
		for i := range 5 {
			if res := ts.clientFrom(fmt.Sprintf("127.0.0.%d", 10+i)).postForm("/login", wrong); res.Status != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i, res.Status)
			}
		}
		start := time.Now()
		if res := ts.clientFrom("127.0.0.20").postForm("/login", wrong); res.Status != http.StatusUnauthorized {
			t.Fatalf("sixth failure: %d", res.Status)
		}
		if d := time.Since(start); d < 250*time.Millisecond {
			t.Errorf("sixth failure answered after %v, want at least 250ms", d)
		}
		// The right password is not delayed, nor refused.
		ts.clientFrom("127.0.0.21").loginAs(donor)
	})
	t.Run("per IP", func(t *testing.T) {
		ts := newServer(t, func(c *handlers.Config) { c.LoginsPerIP = 3 })
		donor := sqlitetest.Donor(t, ts.Store)
		c := ts.client()
		c.loginAs(donor) // successful sign-ins count too, as the message says
		for range 2 {
			c.postForm("/login", url.Values{"email": {sqlitetest.Email("nobody")}, "password": {"x"}})
		}
		res := c.postForm("/login", url.Values{"email": {sqlitetest.Email("nobody")}, "password": {"x"}})
		if want := "too many attempts from your network address (at most 3 a minute, successful ones included); try again in a minute"; res.Status != http.StatusTooManyRequests || errorOf(res.Body) != want {
			t.Errorf("4th attempt from one IP: %d %q", res.Status, errorOf(res.Body))
		}
	})
}

// formCase is one bad submission of a form and the message it must show.
type formCase struct {
	name   string
	path   string
	form   url.Values
	status int
	en, zh string
	keep   string // an input that must be shown again ("" for none)
}

// checkFormErrors posts each case in English and Chinese as the given
// client and checks status, message and kept input; passwords are never
// echoed.
func checkFormErrors(t *testing.T, c *client, cases []formCase) {
	t.Helper()
	for _, tc := range cases {
		for lang, want := range map[string]string{"en": tc.en, "zh-CN": tc.zh} {
			c.Lang = lang
			res := c.postForm(tc.path, tc.form)
			if res.Status != tc.status || errorOf(res.Body) != want {
				t.Errorf("%s (%s): %d %q, want %d %q", tc.name, lang, res.Status, errorOf(res.Body), tc.status, want)
			}
			if tc.keep != "" && !strings.Contains(res.Body, tc.keep) {
				t.Errorf("%s (%s): input %q not kept", tc.name, lang, tc.keep)
			}
			for _, k := range []string{"password", "old", "new"} {
				if p := tc.form.Get(k); p != "" && strings.Contains(res.Body, p) {
					t.Errorf("%s (%s): password echoed", tc.name, lang)
				}
			}
		}
	}
	c.Lang = ""
}

func TestAccountFormErrors(t *testing.T) {
	ts := newServer(t)
	donor := sqlitetest.Donor(t, ts.Store)
	a, _ := ts.Store.Account(t.Context(), donor)
	checkFormErrors(t, ts.client(), []formCase{
		{"signup bad e-mail", "/signup", url.Values{"email": {"not-an-address"}, "display_name": {"Li Wei"}, "password": {"long enough pw"}},
			422, "enter a valid e-mail address", "请输入有效的邮箱地址", "Li Wei"},
		{"signup short password", "/signup", url.Values{"email": {"li.wei@example.test"}, "password": {"short"}},
			422, "the password must be 10 to 200 characters", "密码须为 10 至 200 个字符", "li.wei@example.test"},
		{"signup taken e-mail", "/signup", url.Values{"email": {a.Email}, "password": {"long enough pw"}},
			409, "an account with this e-mail already exists", "该邮箱已注册", a.Email},
		{"signup control characters in name", "/signup", url.Values{"email": {"x@example.test"}, "display_name": {"a\x00b"}, "password": {"long enough pw"}},
			422, "the name must be at most 80 characters", "姓名最多 80 个字符", ""},
		{"login wrong password", "/login", url.Values{"email": {"nobody@example.test"}, "password": {"wrong password"}},
			401, "wrong e-mail or password", "邮箱或密码错误", "nobody@example.test"},
		{"login empty", "/login", url.Values{}, 401, "wrong e-mail or password", "邮箱或密码错误", ""},
	})
	checkFormErrors(t, ts.as(donor), []formCase{
		{"password wrong old", "/account/password", url.Values{"old": {"not my password"}, "new": {"a new password"}},
			422, "the current password is wrong", "当前密码错误", ""},
		{"password too short", "/account/password", url.Values{"old": {sqlitetest.Password}, "new": {"short"}},
			422, "the password must be 10 to 200 characters", "密码须为 10 至 200 个字符", ""},
	})
}

func TestSignupLoginLogoutFlow(t *testing.T) {
	ts := newServer(t)
	c := ts.client()
	res := c.postForm("/signup", url.Values{"email": {"Mei@Example.test"}, "display_name": {"Mei"}, "password": {"a long password"}})
	if res.Status != http.StatusSeeOther || res.Location() != "/account?n=welcome" {
		t.Fatalf("signup: %d %s", res.Status, res.Location())
	}
	res = c.get("/account?n=welcome")
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "mei@example.test") || !strings.Contains(res.Body, "Welcome") {
		t.Errorf("account page: %d", res.Status)
	}
	if res.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("account page Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	// The header of a public page shows the signed-in state but not who.
	home := c.get("/")
	if parseHTML(t, home.Body).form("/logout") == nil || strings.Contains(home.Body, "mei@example.test") || strings.Contains(home.Body, ">Mei<") {
		t.Error("public page header: wrong signed-in state, or shows the user")
	}
	c.postForm("/logout", nil)
	if res := c.get("/account"); res.Status != http.StatusUnauthorized || attr(named(parseHTML(t, res.Body).form("/login"), "return"), "value") != "/account" {
		t.Errorf("account after logout: %d", res.Status)
	}
	res = c.postForm("/login", url.Values{"email": {"mei@example.test"}, "password": {"a long password"}, "return": {"/account"}})
	if res.Status != http.StatusSeeOther || res.Location() != "/account" {
		t.Errorf("login with return: %d %q", res.Status, res.Location())
	}
	c.postForm("/logout", nil)
	res = c.postForm("/login", url.Values{"email": {"mei@example.test"}, "password": {"a long password"}, "return": {"//evil.example/"}})
	if res.Location() != "/" {
		t.Errorf("login return to another site: %q", res.Location())
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := newServer(t)
	for _, path := range []string{"/", "/login", "/signup", "/no-such-page"} {
		res := ts.client().get(path)
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "same-origin",
			"X-Frame-Options":        "DENY",
		} {
			if got := res.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q", path, h, got)
			}
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if !strings.Contains(res.Header.Get("Permissions-Policy"), "camera=(self)") {
			t.Errorf("%s: Permissions-Policy %q", path, res.Header.Get("Permissions-Policy"))
		}
	}
}

// Session keys live in the data directory: created once (0600), and a
// restarted server accepts the sessions it issued before.
func TestSessionKeysSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.key")
	k1, err := handlers.LoadOrCreateSessionKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi.Mode(), err)
	}
	k2, err := handlers.LoadOrCreateSessionKeys(path)
	if err != nil || !bytes.Equal(k1.Hash, k2.Hash) || !bytes.Equal(k1.Block, k2.Block) || bytes.Equal(k1.Hash[:32], k1.Hash[32:]) {
		t.Fatalf("reloaded keys differ: %v", err)
	}
	os.WriteFile(path, []byte("short"), 0o600)
	if _, err := handlers.LoadOrCreateSessionKeys(path); err == nil {
		t.Error("a truncated key file was accepted")
	}

	first := newServer(t, func(c *handlers.Config) { c.SessionKeys = k1 })
	donor := sqlitetest.Donor(t, first.Store)
	u, _ := url.Parse(first.URL)
	cookies := first.as(donor).hc.Jar.Cookies(u)
	restarted := newServerOn(t, first.Store, func(c *handlers.Config) { c.SessionKeys = k2 })
	c := restarted.client()
	u2, _ := url.Parse(restarted.URL)
	c.hc.Jar.SetCookies(u2, cookies)
	if res := c.get("/account"); res.Status != http.StatusOK {
		t.Errorf("session after restart: %d", res.Status)
	}
}
