package handlers

// Public pages are the same for every anonymous reader of one language
// until the log grows, so a wave of QR scans can be absorbed by browsers
// and any CDN or proxy in front: each carries an ETag from the checkpoint
// it shows and its language, and a short public max-age; a matching
// If-None-Match gets 304 without rendering. Signed-in members' pages stay
// private, no-store (withMember).

import (
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/aidtrail/aidtrail/views"
)

// cachePublic is how long a public page may be reused without asking.
const cachePublic = "public, max-age=10"

// cacheLive is for a live page's own refresh (htmx, after the event stream
// said the log grew): it must ask every time, or the browser would answer
// it from the page it cached a moment ago; an unchanged page is still a 304.
const cacheLive = "public, no-cache"

// cacheControl picks the Cache-Control of a public page for r.
func cacheControl(r *http.Request) string {
	if r.Header.Get("HX-Request") != "" {
		return cacheLive
	}
	return cachePublic
}

// publicPage adds the ETag and Cache-Control of a public page for
// anonymous GET and HEAD requests, answers a matching If-None-Match with
// 304 Not Modified, and serves the page from the page cache when it was
// rendered at the same checkpoint (pagecache.go).
func (s *Server) publicPage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || currentMember(r.Context()).SignedIn() {
			next.ServeHTTP(w, r)
			return
		}
		// The checkpoint the page frame shows (withPage read it before any
		// of the page): the page shows at least it.
		chrome := views.ChromeOf(r.Context())
		// The date too: what is overdue changes with the day, not the log.
		tag := `"` + strconv.FormatInt(chrome.LogSize, 10) + "-" + hex.EncodeToString(chrome.LogRoot[:min(8, len(chrome.LogRoot))]) + "-" +
			s.now().UTC().Format("20060102") + "-" + views.RequestLang(r).Code()
		if wantsJSON(r) {
			tag += "-json" // /ledger/{index} answers JSON too
		}
		if s.witnesses != nil {
			// What the witnesses cosigned and whether they answer (on /verify).
			tag += "-" + s.witnesses.Version()
		}
		tag += `"`
		h := w.Header()
		h.Add("Vary", "Accept, Accept-Language, Cookie, HX-Request")
		if etagMatches(r.Header.Get("If-None-Match"), tag) {
			h.Set("ETag", tag)
			h.Set("Cache-Control", cacheControl(r))
			w.WriteHeader(http.StatusNotModified)
			return
		}
		tagged := func(w http.ResponseWriter) http.ResponseWriter {
			return &cacheWriter{ResponseWriter: w, tag: tag, control: cacheControl(r)}
		}
		if s.pages == nil || h.Get("Set-Cookie") != "" {
			next.ServeHTTP(tagged(w), r)
			return
		}
		key := tag + " " + r.Header.Get("HX-Request") + " " + r.URL.RequestURI()
		for range 2 { // a second look after waiting for the request rendering it
			page, fill, wait := s.pages.lookup(chrome.LogSize, key)
			switch {
			case page != nil:
				page.serve(w)
				return
			case fill != nil && r.Method == http.MethodGet:
				rec := newPageRecorder(w, s.pages.pageMax())
				rendered := false
				defer func() { // also when the page panics: wake the waiting requests
					if rendered {
						fill(rec.page())
					} else {
						fill(nil)
					}
				}()
				next.ServeHTTP(tagged(rec), r)
				rendered = true
				return
			case fill != nil:
				fill(nil) // HEAD has no body to keep
			case wait != nil:
				select {
				case <-wait:
					continue
				case <-r.Context().Done():
				}
			}
			break
		}
		next.ServeHTTP(tagged(w), r)
	})
}

// etagMatches reports whether an If-None-Match header names tag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatches(header, tag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// cacheWriter marks a page cacheable once its status is known: a success
// or a not-found (which a new checkpoint may change), never an error.
type cacheWriter struct {
	http.ResponseWriter
	tag     string
	control string // Cache-Control
	wrote   bool
}

func (c *cacheWriter) WriteHeader(status int) {
	if !c.wrote {
		c.wrote = true
		h := c.Header()
		if (status == http.StatusOK || status == http.StatusNotFound) && h.Get("Set-Cookie") == "" {
			h.Set("ETag", c.tag)
			h.Set("Cache-Control", c.control)
		}
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *cacheWriter) Write(b []byte) (int, error) {
	if !c.wrote {
		c.WriteHeader(http.StatusOK)
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (c *cacheWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
