package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/transparency-dev/tessera/api/layout"
	"github.com/transparency-dev/tessera/client"
)

// httpSource reads a log from its server: the checkpoint through tessera's
// client, tiles and entry bundles itself, since they are most of what a
// verification reads: it asks for gzip and reads a body into one buffer of
// its announced length, then inflates it into one buffer of the length the
// gzip trailer gives, where the standard client grew a buffer from 512
// bytes for every response and inflated it through another (about a tenth
// of the verifier's CPU at 1M entries).
type httpSource struct {
	*client.HTTPFetcher
	base   *url.URL
	client *http.Client
}

var _ source = httpSource{}

func newHTTPSource(base *url.URL, hc *http.Client) (httpSource, error) {
	f, err := client.NewHTTPFetcher(base, hc)
	if err != nil {
		return httpSource{}, err
	}
	return httpSource{HTTPFetcher: f, base: base, client: hc}, nil
}

// maxResource bounds a tile or bundle, compressed or not: 256 entries of
// at most 65,535 bytes, each after its length.
const maxResource = 256 * (2 + 65535)

func (h httpSource) ReadTile(ctx context.Context, l, i uint64, p uint8) ([]byte, error) {
	return partialOrFull(ctx, p, func(p uint8) ([]byte, error) { return h.get(ctx, layout.TilePath(l, i, p), nil) })
}

func (h httpSource) ReadEntryBundle(ctx context.Context, i uint64, p uint8) ([]byte, error) {
	return partialOrFull(ctx, p, func(p uint8) ([]byte, error) { return h.get(ctx, layout.EntriesPath(i, p), &bundleBufs) })
}

// partialOrFull reads a partial resource, or the full one if the partial
// one is gone (the tree grew since the checkpoint: C2SP tlog-tiles).
func partialOrFull(ctx context.Context, p uint8, get func(uint8) ([]byte, error)) ([]byte, error) {
	b, err := get(p)
	if errors.Is(err, os.ErrNotExist) && p > 0 {
		return get(0)
	}
	return b, err
}

// get reads path below the log's URL, into a buffer of pool if not nil; a
// 404 is os.ErrNotExist.
func (h httpSource) get(ctx context.Context, path string, pool *bufPool) ([]byte, error) {
	u := h.base.JoinPath(path)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	// Asked for explicitly, the client leaves the body compressed.
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := h.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	switch res.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, fmt.Errorf("GET %s: %s: %w", u, res.Status, os.ErrNotExist)
	default:
		return nil, fmt.Errorf("GET %s: %s", u, res.Status)
	}
	gzipped := res.Header.Get("Content-Encoding") == "gzip"
	bodyPool := pool
	if gzipped {
		bodyPool = &gzipBufs
	}
	body, err := readBody(res.Body, res.ContentLength, bodyPool)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	if !gzipped {
		return body, nil
	}
	raw, err := gunzip(body, pool)
	gzipBufs.put(body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	return raw, nil
}

// releaseBundle takes back a bundle ReadEntryBundle returned, once nothing
// refers to its bytes any more, for the next bundle's bytes.
func (h httpSource) releaseBundle(b []byte) { bundleBufs.put(b) }

// Buffers of bundles as served (gzipped) and inflated: a verification
// reads hundreds of megabytes of them at 1M entries, one bundle after
// another.
var gzipBufs, bundleBufs bufPool

// bufPool keeps byte buffers for reuse.
type bufPool struct{ p sync.Pool }

// get returns a buffer of length n; a new one from a nil pool.
func (bp *bufPool) get(n int) []byte {
	if bp == nil {
		return make([]byte, n)
	}
	if b, ok := bp.p.Get().(*[]byte); ok && cap(*b) >= n {
		return (*b)[:n]
	}
	return make([]byte, n, n+n/4) // room for a slightly longer one next time
}

func (bp *bufPool) put(b []byte) { bp.p.Put(&b) }

// readBody reads a body of announced length n (-1 if unknown), at most
// maxResource bytes, into a buffer of pool.
func readBody(r io.Reader, n int64, pool *bufPool) ([]byte, error) {
	if n > maxResource {
		return nil, fmt.Errorf("the response is %d bytes, more than a tile or bundle can be", n)
	}
	if n >= 0 {
		b := pool.get(int(n))
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, err
		}
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, maxResource+1))
	if err == nil && len(b) > maxResource {
		err = errors.New("the response is longer than a tile or bundle can be")
	}
	return b, err
}

// gzipReaders keeps inflaters (each holds its decompressor's state).
var gzipReaders sync.Pool

// gunzip inflates gz into one buffer (of pool) of the size its trailer
// states, if that is plausible, at most maxResource bytes.
func gunzip(gz []byte, pool *bufPool) ([]byte, error) {
	zr, _ := gzipReaders.Get().(*gzip.Reader)
	var err error
	if zr == nil {
		zr, err = gzip.NewReader(bytes.NewReader(gz))
	} else {
		err = zr.Reset(bytes.NewReader(gz))
	}
	if err != nil {
		return nil, fmt.Errorf("bad gzip body: %w", err)
	}
	defer gzipReaders.Put(zr)
	size := 0
	if len(gz) >= 4 {
		size = int(binary.LittleEndian.Uint32(gz[len(gz)-4:])) // the input's size mod 2^32
	}
	out := pool.get(min(size, maxResource) + 1)[:0] // +1: room to see the end
	for {
		if len(out) == cap(out) {
			if len(out) > maxResource {
				return nil, errors.New("the inflated response is longer than a tile or bundle can be")
			}
			out = append(out, 0)[:len(out)]
		}
		n, err := zr.Read(out[len(out):cap(out)])
		out = out[:len(out)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bad gzip body: %w", err)
		}
	}
	if len(out) > maxResource {
		return nil, errors.New("the inflated response is longer than a tile or bundle can be")
	}
	return out, nil
}
