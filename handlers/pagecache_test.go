package handlers

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/views"
)

// The page cache renders each anonymous page once per checkpoint, language
// and URL, even for many readers at once; it keeps within its bytes, drops
// every page when the log grows, and keeps nothing that sets a cookie or
// failed.
func TestPageCacheRendersOncePerCheckpoint(t *testing.T) {
	s := &Server{now: time.Now, pages: newPageCache(64 << 10)}
	var renders atomic.Int64
	page := s.publicPage(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		time.Sleep(5 * time.Millisecond) // long enough for readers to arrive meanwhile
		switch r.URL.Path {
		case "/cookie":
			http.SetCookie(w, &http.Cookie{Name: "lang", Value: "en"})
		case "/fails":
			w.WriteHeader(http.StatusInternalServerError)
		case "/big":
			w.Write([]byte(strings.Repeat("x", 9<<10)))
			return
		}
		w.Write([]byte("page " + r.URL.RequestURI() + " " + views.RequestLang(r).Code()))
	}))
	logSize := int64(10)
	get := func(path, lang string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		if lang != "" {
			r.Header.Set("Accept-Language", lang)
		}
		r = r.WithContext(views.WithChrome(r.Context(), views.Chrome{LogSize: logSize, LogRoot: []byte(strconv.FormatInt(logSize, 10))}))
		w := httptest.NewRecorder()
		page.ServeHTTP(w, r)
		return w
	}
	rendered := func(what string, want int64) {
		t.Helper()
		if n := renders.Swap(0); n != want {
			t.Errorf("%s: %d renders, want %d", what, n, want)
		}
	}

	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			if w := get("/t/A", ""); w.Body.String() != "page /t/A en" || w.Header().Get("ETag") == "" {
				t.Errorf("a reader got %d %q, ETag %q", w.Code, w.Body, w.Header().Get("ETag"))
			}
		})
	}
	wg.Wait()
	rendered("32 readers at once", 1)
	get("/t/A", "")
	get("/t/A?lang=en", "")
	get("/t/A", "zh-CN")
	get("/t/B", "")
	rendered("again, another query, another language, another code", 3)
	for _, p := range []string{"/cookie", "/cookie", "/fails", "/fails"} {
		get(p, "")
	}
	rendered("pages setting a cookie or failing, twice each", 4)
	get("/big", "")
	get("/big", "")
	rendered("a page over an eighth of the cache, twice", 2)

	logSize++
	if w := get("/t/A", ""); !strings.Contains(w.Header().Get("ETag"), "11-") {
		t.Errorf("ETag at the new checkpoint: %s", w.Header().Get("ETag"))
	}
	rendered("after the log grew", 1)
	if s.pages.lru.Len() != 1 || s.pages.size != s.pages.lru.Front().Value.(*cachedPage).cost() {
		t.Errorf("after the log grew the cache holds %d pages, %d bytes", s.pages.lru.Len(), s.pages.size)
	}

	// Bounded: 64 KB holds about a hundred of these small pages, the most
	// recently used.
	for i := range 1000 {
		get("/t/"+strconv.Itoa(i), "")
	}
	if s.pages.size > s.pages.max || s.pages.lru.Len() < 50 || s.pages.lru.Len() > 200 {
		t.Errorf("after 1000 pages: %d pages, %d bytes (max %d)", s.pages.lru.Len(), s.pages.size, s.pages.max)
	}
	renders.Store(0)
	get("/t/999", "")
	get("/t/0", "")
	rendered("the newest page and one evicted long ago", 1)
}

// TestPageCacheKeepsOnlyThePagesHeaders: a cached page keeps the headers
// the page set (served again from the cache), not those the middleware
// had set before it (set again on every response, so not kept).
func TestPageCacheKeepsOnlyThePagesHeaders(t *testing.T) {
	s := &Server{now: time.Now, pages: newPageCache(64 << 10)}
	var renders atomic.Int64
	page := s.publicPage(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		w.Header().Set("Content-Language", "en")
		w.Write([]byte("page"))
	}))
	get := func(before bool) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/t/A", nil)
		r = r.WithContext(views.WithChrome(r.Context(), views.Chrome{LogSize: 10, LogRoot: []byte("10")}))
		w := httptest.NewRecorder()
		if before {
			w.Header().Set("X-Frame-Options", "DENY") // as the middleware does
		}
		page.ServeHTTP(w, r)
		return w
	}
	get(true)
	w := get(false)
	if n := renders.Load(); n != 1 {
		t.Fatalf("%d renders of one page, want 1 (the second from the cache)", n)
	}
	if w.Body.String() != "page" || w.Header().Get("Content-Language") != "en" {
		t.Errorf("the cached page: %q, Content-Language %q; want the page's header", w.Body, w.Header().Get("Content-Language"))
	}
	if got := w.Header().Get("X-Frame-Options"); got != "" {
		t.Errorf("the cached page kept the middleware's X-Frame-Options %q", got)
	}
}
