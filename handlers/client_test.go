package handlers_test

import (
	"context"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"net/http/httptest"
)

// testServer is the real application over a fresh store, for tests of
// every area: start one with newServer, then make clients with client().
type testServer struct {
	*httptest.Server
	t     testing.TB
	Store *sqlite.Store
	// Skew is added to the server's clock (session expiry), in nanoseconds.
	Skew atomic.Int64
}

// newServer starts the application over sqlitetest.Open; opts adjust the
// configuration (base URL, limits) before it starts.
func newServer(t testing.TB, opts ...func(*handlers.Config)) *testServer {
	t.Helper()
	return newServerOn(t, sqlitetest.Open(t), opts...)
}

// newServerOn starts the application over an open store.
func newServerOn(t testing.TB, s *sqlite.Store, opts ...func(*handlers.Config)) *testServer {
	t.Helper()
	ts := &testServer{t: t, Store: s}
	cfg := handlers.Config{Store: ts.Store, Logger: sqlitetest.Logger(t),
		Now: func() time.Time { return time.Now().Add(time.Duration(ts.Skew.Load())) }}
	for _, o := range opts {
		o(&cfg)
	}
	ts.Server = httptest.NewServer(handlers.New(cfg))
	t.Cleanup(ts.Close)
	return ts
}

// client is a browser: a cookie jar, no automatic redirects, and
// same-origin headers on every POST.
type client struct {
	t  testing.TB
	ts *testServer
	hc *http.Client
	// Lang, if set, is sent as Accept-Language.
	Lang string
}

func (ts *testServer) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: ts.t, ts: ts, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// clientFrom is a browser at another loopback address (127.0.0.2, ...),
// so the server sees a different client IP.
func (ts *testServer) clientFrom(ip string) *client {
	c := ts.client()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.hc.Transport = &http.Transport{DialContext: d.DialContext}
	return c
}

// response is what came back, read whole.
type response struct {
	Status int
	Header http.Header
	Body   string
	Via    string // the redirect submit followed to get here, if any
}

// Location is the redirect target, if any.
func (r *response) Location() string { return r.Header.Get("Location") }

func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	if c.Lang != "" {
		req.Header.Set("Accept-Language", c.Lang)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		c.t.Errorf("%s %s: status %d: %s", req.Method, req.URL.Path, res.StatusCode, body)
	}
	return &response{Status: res.StatusCode, Header: res.Header, Body: string(body)}
}

// get fetches path.
func (c *client) get(path string) *response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.ts.URL+path, nil)
	return c.do(req)
}

// postForm posts a form as a browser would from one of the site's pages,
// whose every form that changes something carries a fresh one-time key: a
// form given without one gets one (TestFormsCarryKeys checks the pages do,
// and that the server refuses a form without).
func (c *client) postForm(path string, form url.Values) *response {
	c.t.Helper()
	if form == nil || form.Get("nonce") == "" {
		form = maps.Clone(form)
		if form == nil {
			form = url.Values{}
		}
		form.Set("nonce", ledger.NewFormKey())
	}
	return c.postRaw(path, form)
}

// postRaw posts the form as given, without adding a key.
func (c *client) postRaw(path string, form url.Values) *response {
	c.t.Helper()
	return c.post(path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// submit posts a form and, as a browser does, follows the redirect that
// answers a form that made something (POST/redirect/GET).
func (c *client) submit(path string, form url.Values) *response {
	c.t.Helper()
	res := c.postForm(path, form)
	if res.Status == http.StatusSeeOther {
		page := c.get(res.Location())
		page.Via = res.Location()
		return page
	}
	return res
}

// post posts a body of the given content type from one of the site's pages.
func (c *client) post(path, contentType string, body io.Reader) *response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.ts.URL+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", c.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// login signs in with an e-mail and password and fails the test unless
// it worked.
func (c *client) login(email, password string) {
	c.t.Helper()
	res := c.postForm("/login", url.Values{"email": {email}, "password": {password}})
	if res.Status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d: %s", email, res.Status, res.Body)
	}
}

// loginAs signs in as a member made by sqlitetest (whose password is
// sqlitetest.Password).
func (c *client) loginAs(m ledger.Member) {
	c.t.Helper()
	a, err := c.ts.Store.Account(context.Background(), m)
	if err != nil {
		c.t.Fatal(err)
	}
	c.login(a.Email, sqlitetest.Password)
}

// as returns a new client signed in as m (anonymous for the zero Member).
func (ts *testServer) as(m ledger.Member) *client {
	ts.t.Helper()
	c := ts.client()
	if m.SignedIn() {
		c.loginAs(m)
	}
	return c
}

// cookie returns the Set-Cookie of the given name in res, or nil.
func (r *response) cookie(name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
