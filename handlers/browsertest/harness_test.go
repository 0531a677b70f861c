package browsertest

// The harness: one Chromium per test binary (started on first use), a fresh
// browser context (own cookies) per tab, the real server on a localhost
// port per test, and a screenshot plus the page's HTML on any failure.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds one browser step, so a missing element fails the test
// in seconds with a screenshot instead of hanging until go test's timeout.
const stepTimeout = 10 * time.Second

func TestMain(m *testing.M) {
	code := m.Run()
	chrome.stop()
	if demoSeed.dir != "" {
		os.RemoveAll(demoSeed.dir)
	}
	os.Exit(code)
}

// browserProc is the one Chromium of this test binary.
type browserProc struct {
	once    sync.Once
	ctx     context.Context // a chromedp context whose browser is running
	cancel  context.CancelFunc
	dataDir string
	missing string // why there is no browser on this machine
	err     error  // why the browser did not start
	ua      string // the browser's User-Agent, as a person's browser sends it
}

var chrome browserProc

// browserPath finds Debian's chromium-headless-shell, or AIDTRAIL_CHROME.
func browserPath() (string, error) {
	if p := os.Getenv("AIDTRAIL_CHROME"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium-headless-shell not found (apt-get install chromium-headless-shell fonts-wqy-microhei, or set AIDTRAIL_CHROME)")
}

// start launches the browser once; later calls reuse it.
func (b *browserProc) start() {
	b.once.Do(func() {
		path, err := browserPath()
		if err != nil {
			b.missing = err.Error()
			return
		}
		if b.dataDir, b.err = os.MkdirTemp("", "aidtrail-chrome-"); b.err != nil {
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.UserDataDir(b.dataDir),
			chromedp.DisableGPU,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.WindowSize(int(desktop.w), int(desktop.h)),
		)
		if os.Geteuid() == 0 {
			opts = append(opts, chromedp.NoSandbox)
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		b.ctx, b.cancel = ctx, func() { cancelCtx(); cancelAlloc() }
		if b.err = chromedp.Do(ctx); b.err != nil {
			return
		}
		v, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
		if err != nil {
			b.err = err
			return
		}
		b.ua = strings.ReplaceAll(v.UserAgent, "HeadlessChrome", "Chrome")
	})
}

func (b *browserProc) stop() {
	if b.cancel != nil {
		b.cancel()
	}
	if b.dataDir != "" {
		os.RemoveAll(b.dataDir)
	}
}

// needBrowser skips the test on a laptop without Chromium, and fails it in
// CI, where a skipped browser test would hide a broken flow.
func needBrowser(t testing.TB) {
	t.Helper()
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("browser tests are skipped with -short")
	}
	chrome.start()
	switch {
	case chrome.missing != "" && os.Getenv("CI") != "":
		t.Fatalf("CI is set but there is no browser: %s", chrome.missing)
	case chrome.missing != "":
		t.Skip(chrome.missing)
	case chrome.err != nil:
		t.Fatalf("starting the browser: %v", chrome.err)
	}
}

// app is the real server over a real store, on http://localhost:PORT.
type app struct {
	URL   string
	Store *sqlite.Store
}

// newApp starts the server on a fresh store (catalogue only). The base URL
// uses the name localhost, as a person types it and QR codes print it.
func newApp(t testing.TB) *app {
	t.Helper()
	return serve(t, sqlitetest.Open(t))
}

// serve runs handlers.New over store on a localhost port until the test ends.
func serve(t testing.TB, store *sqlite.Store) *app {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	ts := httptest.NewUnstartedServer(handlers.New(handlers.Config{Store: store, Logger: sqlitetest.Logger(t), BaseURL: base}))
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)
	return &app{URL: base, Store: store}
}

// viewport is a screen size the pages must work at.
type viewport struct {
	name   string
	w, h   int64
	mobile bool
}

// scale is the device pixel ratio: a phone's screen is sharper.
func (v viewport) scale() int64 {
	if v.mobile {
		return 2
	}
	return 1
}

var (
	phone   = viewport{name: "phone", w: 390, h: 844, mobile: true}
	desktop = viewport{name: "desktop", w: 1280, h: 900}
)

// tab is one person's browser tab: its own cookies, screen and language.
type tab struct {
	t    testing.TB
	ctx  context.Context
	name string
	base string
	lang views.Lang
	vp   viewport
	app  *app

	mu       sync.Mutex
	problems []string // console errors and uncaught exceptions seen so far
}

// tabOption changes how a tab is set up.
type tabOption func(*tabSetup)

type tabSetup struct{ noScript bool }

// withoutJS disables JavaScript, to prove a page works without it.
func withoutJS(s *tabSetup) { s.noScript = true }

// newTab opens a tab for one person (name shows in failure files) at the
// given size, whose browser asks for lang (Accept-Language).
func newTab(t testing.TB, a *app, name string, vp viewport, lang views.Lang, opts ...tabOption) *tab {
	t.Helper()
	needBrowser(t)
	var setup tabSetup
	for _, o := range opts {
		o(&setup)
	}
	ctx, cancel := chromedp.NewContext(chrome.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &tab{t: t, ctx: ctx, name: name + "-" + vp.name + "-" + lang.Code(), base: a.URL, lang: lang, vp: vp, app: a}
	accept := "en-GB,en"
	if lang == views.ZH {
		accept = "zh-CN,zh"
	}
	vpOpts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
	if vp.mobile {
		vpOpts = append(vpOpts, chromedp.EmulateScale(float64(vp.scale())), chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	setupSteps := []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(vp.w, vp.h, vpOpts...),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: chrome.ua, AcceptLanguage: accept})
			return err
		}),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
			return err
		}),
	}
	if setup.noScript {
		setupSteps = append(setupSteps, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}))
	}
	// The first Do opens the tab and binds it to ctx, so it runs without a timeout.
	if err := chromedp.Do(ctx, setupSteps...); err != nil {
		t.Fatalf("opening tab %s: %v", p.name, err)
	}
	p.watch()
	t.Cleanup(p.afterTest) // runs before cancel: the tab is still open
	return p
}

// watch records console errors (a CSP violation), failed assets and
// uncaught exceptions; a page with one is broken even if it looks fine. A
// page's own 4xx (a form with bad input) is the test's to judge, not this.
func (p *tab) watch() {
	entries := chromedp.Events(p.ctx, cdplog.EntryAdded)
	responses := chromedp.Events(p.ctx, network.ResponseReceived)
	exceptions := chromedp.Events(p.ctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range entries {
			if err != nil {
				return
			}
			if ev.Entry.Level == cdplog.EntryLevelError && ev.Entry.Source != cdplog.EntrySourceNetwork {
				p.problem(fmt.Sprintf("console error: %s %s", ev.Entry.Text, ev.Entry.URL))
			}
		}
	}()
	go func() {
		for ev, err := range responses {
			if err != nil {
				return
			}
			if ev.Type != network.ResourceTypeDocument && ev.Response.Status >= 400 && !strings.HasSuffix(ev.Response.URL, "/favicon.ico") {
				p.problem(fmt.Sprintf("%s %s: status %d", ev.Type, ev.Response.URL, ev.Response.Status))
			}
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			p.problem("uncaught exception: " + ev.ExceptionDetails.Text)
		}
	}()
}

func (p *tab) problem(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.problems = append(p.problems, s)
}

// afterTest fails the test on console errors, and on any failure saves what
// the tab shows.
func (p *tab) afterTest() {
	p.mu.Lock()
	problems := p.problems
	p.mu.Unlock()
	for _, s := range problems {
		p.t.Errorf("%s: %s", p.name, s)
	}
	if p.t.Failed() {
		p.saveFailure()
	}
}

// failureDir is where failed tests leave a screenshot and the HTML.
func failureDir() string {
	if d := os.Getenv("AIDTRAIL_BROWSER_FAILURES"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "aidtrail-browser-failures")
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// saveFailure writes the tab's screenshot (PNG) and HTML and prints where.
func (p *tab) saveFailure() {
	dir := failureDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Logf("cannot save failure files: %v", err)
		return
	}
	stem := filepath.Join(dir, unsafeName.ReplaceAllString(p.t.Name()+"-"+p.name, "_"))
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		os.WriteFile(stem+".png", png, 0o644)
	}
	url, _ := chromedp.Run(ctx, chromedp.Location())
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html"), chromedp.NodeReady))
	if err == nil {
		os.WriteFile(stem+".html", []byte("<!-- "+url+" -->\n"+html), 0o644)
	}
	p.t.Logf("%s was at %s; screenshot and HTML saved as %s.{png,html}", p.name, url, stem)
}

// do runs steps with a timeout, failing the test with what was being done.
func (p *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s: %s: %v", p.name, what, err)
	}
}

// run runs one action that returns a value, with a timeout.
func run[T any](p *tab, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("%s: %s: %v", p.name, what, err)
	}
	return v
}

// load runs steps that make the browser load a page (navigate, submit) and
// returns the final response's HTTP status, after redirects; unless want
// is 0, any other status fails the test.
func (p *tab) load(what string, want int64, steps ...chromedp.Action[chromedp.Void]) int64 {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	switch {
	case err != nil:
		p.t.Fatalf("%s: %s: %v", p.name, what, err)
	case resp == nil:
		p.t.Fatalf("%s: %s: no response", p.name, what)
	case want != 0 && resp.Status != want:
		p.t.Fatalf("%s: %s: status %d, want %d", p.name, what, resp.Status, want)
	}
	return resp.Status
}

// open loads a path of the app and fails unless it answers 200.
func (p *tab) open(path string) { p.t.Helper(); p.load("GET "+path, 200, p.navigate(path)) }

// openStatus loads a path of the app and returns its status.
func (p *tab) openStatus(path string) int64 {
	p.t.Helper()
	return p.load("GET "+path, 0, p.navigate(path))
}

func (p *tab) navigate(path string) chromedp.Action[chromedp.Void] {
	return chromedp.Navigate(p.base + path)
}

// press clicks what sel matches (a link or a submit button), waits for the
// page it loads and fails unless that page answers 200.
// A link in the header's folded menu is pressed as a person does: the
// menu is opened first.
func (p *tab) press(sel string) {
	p.t.Helper()
	p.openMenu(sel)
	p.load("pressing "+sel, 200, p.click(sel))
}

// pressStatus is press for a page that may answer an error (bad input).
func (p *tab) pressStatus(sel string) int64 {
	p.t.Helper()
	p.openMenu(sel)
	return p.load("pressing "+sel, 0, p.click(sel))
}

func (p *tab) click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel))
}

// fill sets form fields: CSS selector -> value (text, select, textarea);
// an empty value leaves the field as it is.
func (p *tab) fill(fields map[string]string) {
	p.t.Helper()
	for sel, v := range fields {
		if v != "" {
			p.do("filling "+sel, chromedp.SetValue(chromedp.CSS(sel), v))
		}
	}
}

// text returns the visible text of the first element sel matches.
func (p *tab) text(sel string) string {
	p.t.Helper()
	return run(p, "reading "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// textContent returns the exact text of the first element sel matches
// (a <pre> of bytes to hash), whether or not it is on screen.
func (p *tab) textContent(sel string) string {
	p.t.Helper()
	return run(p, "reading "+sel, chromedp.TextContent(chromedp.CSS(sel), chromedp.NodeReady))
}

// texts returns the visible text of every element sel matches (none: empty).
func (p *tab) texts(sel string) []string {
	p.t.Helper()
	return run(p, "reading all "+sel, chromedp.Evaluate[[]string](fmt.Sprintf(
		`Array.from(document.querySelectorAll(%q), e => e.innerText)`, sel)))
}

// count returns how many elements sel matches now, without waiting.
func (p *tab) count(sel string) int {
	p.t.Helper()
	return run(p, "counting "+sel, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
}

// attr returns an attribute of the first element sel matches.
func (p *tab) attr(sel, name string) string {
	p.t.Helper()
	return run(p, "reading "+sel+"@"+name, chromedp.AttributeValue(chromedp.CSS(sel), name, chromedp.NodeReady)).Value
}

// url returns the tab's current address.
func (p *tab) url() string {
	p.t.Helper()
	return run(p, "reading the location", chromedp.Location())
}

// path returns the current address without the app's base.
func (p *tab) path() string {
	p.t.Helper()
	return strings.TrimPrefix(p.url(), p.base)
}

// shotTimeout bounds a whole-page screenshot: encoding a tall page as a PNG
// is the browser's slowest step (13 s for the desktop transparency page
// with load 25 on two cores), and nothing is missing when it is slow.
const shotTimeout = 60 * time.Second

// screenshot returns a PNG of the whole page.
func (p *tab) screenshot() []byte {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, shotTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("%s: taking a screenshot: %v", p.name, err)
	}
	return v
}

// contains fails unless the page's visible text contains every want.
func (p *tab) contains(wants ...string) {
	p.t.Helper()
	p.checkShows(true, wants)
}

// lacks fails if the page's visible text contains any of the given texts.
func (p *tab) lacks(unwanted ...string) {
	p.t.Helper()
	p.checkShows(false, unwanted)
}

func (p *tab) checkShows(want bool, texts []string) {
	p.t.Helper()
	body := p.text("body")
	for _, s := range texts {
		if strings.Contains(body, s) != want {
			verb := map[bool]string{true: "does not show", false: "shows"}[want]
			p.t.Errorf("%s: %s %s %q", p.name, p.path(), verb, s)
		}
	}
}

// inLang fails unless the page is in language l (<html lang>).
func (p *tab) inLang(l views.Lang, when string) {
	p.t.Helper()
	if got := p.attr("html", "lang"); got != l.Code() {
		p.t.Errorf("%s: %s <html lang> = %q, want %q", p.name, when, got, l.Code())
	}
}

// overflowsX reports whether the page is wider than the screen (a phone
// user would have to scroll sideways).
func (p *tab) overflowsX() bool {
	p.t.Helper()
	return run(p, "measuring the page width", chromedp.Evaluate[bool](
		`document.documentElement.scrollWidth > window.innerWidth + 1`))
}

// text of the catalog in lang, so tests follow the catalogs, not copies of them.
func catalog(l views.Lang) *views.Text {
	return views.T(views.WithLang(context.Background(), l))
}

// langs are both languages, for tests that run in each.
var langs = []views.Lang{views.EN, views.ZH}

// look is a screen size and a language a page is tried in.
type look struct {
	vp viewport
	l  views.Lang
}

// twoLooks tries each size and each language once: a phone in Chinese and a
// desktop in English. everyLook is all four.
var (
	twoLooks  = []look{{phone, views.ZH}, {desktop, views.EN}}
	everyLook = []look{{phone, views.EN}, {phone, views.ZH}, {desktop, views.EN}, {desktop, views.ZH}}
)

// inEach runs f as a parallel subtest per look, named like "phone/zh-CN".
func inEach(t *testing.T, looks []look, f func(t *testing.T, vp viewport, l views.Lang)) {
	t.Helper()
	for _, lk := range looks {
		t.Run(lk.vp.name+"/"+lk.l.Code(), func(t *testing.T) {
			t.Parallel()
			f(t, lk.vp, lk.l)
		})
	}
}
