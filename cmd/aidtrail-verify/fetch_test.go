package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestFetchBounds: bundles read with the buffers sized from the response
// are the bytes served, with or without a Content-Length; a partial bundle
// that is gone is read full; a gzip trailer that lies about the length is
// refused (after at most a bundle's buffer), and so are responses longer
// than a bundle can be, inflated or not.
func TestFetchBounds(t *testing.T) {
	bundle := bytes.Repeat([]byte("\x00\x05hello"), 256)
	gz := func(b []byte, size uint32) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		out := buf.Bytes()
		if size != 0 {
			binary.LittleEndian.PutUint32(out[len(out)-4:], size) // a trailer that lies
		}
		return out
	}
	huge := make([]byte, maxResource+1)
	responses := map[string]struct {
		body    []byte
		gzipped bool
		chunked bool
	}{
		"/log/tile/entries/000": {body: gz(bundle, 0), gzipped: true},
		"/log/tile/entries/001": {body: gz(bundle, 1), gzipped: true},
		"/log/tile/entries/002": {body: gz(bundle, 1<<32-1), gzipped: true, chunked: true},
		"/log/tile/entries/003": {body: bundle, chunked: true},
		"/log/tile/entries/004": {body: bundle},
		"/log/tile/entries/005": {body: huge},
		"/log/tile/entries/006": {body: huge, chunked: true},
		"/log/tile/entries/007": {body: gz(huge, 0), gzipped: true},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, ok := responses[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if res.gzipped {
			w.Header().Set("Content-Encoding", "gzip")
		}
		if res.chunked {
			w.Write(res.body[:1])
			w.(http.Flusher).Flush()
			w.Write(res.body[1:])
			return
		}
		w.Write(res.body)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL + "/log/")
	src, err := newHTTPSource(u, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, i := range []uint64{0, 3, 4} {
		got, err := src.ReadEntryBundle(ctx, i, 0)
		if err != nil || !bytes.Equal(got, bundle) {
			t.Errorf("bundle %d: %d bytes, err %v; want the %d served", i, len(got), err, len(bundle))
		}
	}
	for _, i := range []uint64{1, 2} {
		if got, err := src.ReadEntryBundle(ctx, i, 0); err == nil || !strings.Contains(err.Error(), "bad gzip body") {
			t.Errorf("bundle %d with a lying gzip trailer: %d bytes, err %v; want refused", i, len(got), err)
		}
	}
	if got, err := src.ReadEntryBundle(ctx, 4, 7); err != nil || !bytes.Equal(got, bundle) {
		t.Errorf("bundle 4.p/7 (gone, the full one served): %d bytes, err %v", len(got), err)
	}
	for i := range uint64(3) {
		if got, err := src.ReadEntryBundle(ctx, 5+i, 0); err == nil || !strings.Contains(err.Error(), "than a tile or bundle can be") {
			t.Errorf("bundle %d of %d bytes: read %d, err %v; want refused", 5+i, len(huge), len(got), err)
		}
	}
	if _, err := src.ReadEntryBundle(ctx, 8, 0); err == nil {
		t.Errorf("bundle 8 (none): no error")
	}
}
