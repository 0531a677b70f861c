package handlers

// A wave of QR scans asks for the same public pages again and again while
// the log stands still. Each anonymous page is rendered once per checkpoint,
// language and URL and kept in a bounded in-memory cache: the page a
// browser holding its ETag would reuse, served without reading the store.
// A newer checkpoint empties the cache, so no page older than the
// checkpoint it is tagged with is ever served; members' pages never enter.

import (
	"bytes"
	"container/list"
	"net/http"
	"slices"
	"sync"
)

// DefaultPageCacheBytes bounds the rendered public pages kept in memory.
const DefaultPageCacheBytes = 16 << 20

// pageOverhead is what a cached page costs beyond its body and key (the
// headers the page set, list element and map slot), roughly.
const pageOverhead = 512

// pageCache is a least-recently-used cache of rendered pages of one
// checkpoint, bounded in bytes.
type pageCache struct {
	mu      sync.Mutex
	max     int64
	size    int64
	logSize int64 // the checkpoint the cached pages were rendered at
	pages   map[string]*list.Element
	lru     list.List                // *cachedPage, most recently used first
	filling map[string]chan struct{} // keys being rendered; closed when done
}

// cachedPage is one rendered response.
type cachedPage struct {
	key    string
	status int
	header http.Header
	body   []byte
}

func (p *cachedPage) cost() int64 { return int64(len(p.key)+len(p.body)) + pageOverhead }

// pageMax is the most one page may cost: an eighth of the cache, so that
// one large page cannot push out the many small ones of a wave. The
// recorder stops keeping a body past it (publicPage) and put refuses a
// page over it.
func (c *pageCache) pageMax() int64 { return c.max / 8 }

func newPageCache(max int64) *pageCache {
	return &pageCache{max: max, pages: map[string]*list.Element{}, filling: map[string]chan struct{}{}}
}

// at moves the cache to checkpoint size logSize, dropping every page of an
// older one; it reports false for a request that read an older checkpoint
// than the cache holds (it must neither read nor fill it). Called with mu held.
func (c *pageCache) at(logSize int64) bool {
	if logSize < c.logSize {
		return false
	}
	if logSize > c.logSize {
		c.logSize, c.size = logSize, 0
		clear(c.pages)
		c.lru.Init()
	}
	return true
}

// lookup returns the page cached under key at checkpoint size logSize.
// Otherwise, if no other request is rendering it, it returns fill, which
// the caller must call once with the page it rendered (nil if the page may
// not be cached); if another request is rendering it, it returns a channel
// closed when that one is done (then look again). It returns nothing for a
// request that read an older checkpoint than the cache is at.
func (c *pageCache) lookup(logSize int64, key string) (page *cachedPage, fill func(*cachedPage), wait <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at(logSize) {
		return nil, nil, nil
	}
	if e, ok := c.pages[key]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*cachedPage), nil, nil
	}
	if ch, ok := c.filling[key]; ok {
		return nil, nil, ch
	}
	ch := make(chan struct{})
	c.filling[key] = ch
	return nil, func(p *cachedPage) { c.put(logSize, key, ch, p) }, nil
}

// put stores p (if any) and wakes the requests waiting for key.
func (c *pageCache) put(logSize int64, key string, done chan struct{}, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.filling[key] == done {
		delete(c.filling, key)
	}
	close(done)
	if p == nil || p.cost() > c.pageMax() || !c.at(logSize) {
		return
	}
	if _, ok := c.pages[key]; ok {
		return
	}
	p.key = key
	c.pages[key] = c.lru.PushFront(p)
	c.size += p.cost()
	for c.size > c.max {
		old := c.lru.Remove(c.lru.Back()).(*cachedPage)
		delete(c.pages, old.key)
		c.size -= old.cost()
	}
}

// serve writes a cached page.
func (p *cachedPage) serve(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	w.WriteHeader(p.status)
	w.Write(p.body)
}

// pageRecorder passes a response through and keeps a copy of it, up to
// limit bytes of body, with the headers set after it was made (the
// middleware before it sets the same ones on every response).
type pageRecorder struct {
	http.ResponseWriter
	limit  int64
	before http.Header
	status int
	header http.Header
	body   bytes.Buffer
	over   bool
}

func newPageRecorder(w http.ResponseWriter, limit int64) *pageRecorder {
	return &pageRecorder{ResponseWriter: w, limit: limit, before: w.Header().Clone()}
}

func (p *pageRecorder) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
		p.header = http.Header{}
		for k, v := range p.Header() {
			if !slices.Equal(v, p.before[k]) {
				p.header[k] = slices.Clone(v)
			}
		}
	}
	p.ResponseWriter.WriteHeader(status)
}

func (p *pageRecorder) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.WriteHeader(http.StatusOK)
	}
	if !p.over && int64(p.body.Len()+len(b)) <= p.limit {
		p.body.Write(b)
	} else {
		p.over = true
	}
	return p.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (p *pageRecorder) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// page returns the recorded response if it may be served to every
// anonymous reader of its key: a whole success or not-found page that
// publicPage tagged (so no cookie was set) and was not cut short.
func (p *pageRecorder) page() *cachedPage {
	if p.over || (p.status != http.StatusOK && p.status != http.StatusNotFound) ||
		p.header.Get("ETag") == "" || p.header.Get("Set-Cookie") != "" {
		return nil
	}
	return &cachedPage{status: p.status, header: p.header, body: bytes.Clone(p.body.Bytes())}
}
