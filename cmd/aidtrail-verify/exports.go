package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/aidtrail/aidtrail/ledger"
	"golang.org/x/mod/sumdb/tlog"
)

// derived is what a full run re-derived from the log alone, for comparing
// with what the server publishes as open data.
type derived struct {
	size   int64
	tree   *memTree
	state  *ledger.State
	origin string    // the log's, from its checkpoint
	open   *openData // the open data in the field's standards, derived while reading
	// fetch reads a further page of a paged export (its Link rel="next",
	// nextPage, as the last response gave it).
	fetch    func(link string) (*http.Response, error)
	nextPage string
}

func (d *derived) leaf(index int64) tlog.Hash { return (*d.tree)[tlog.StoredHashIndex(0, index)] }

// exportCheck compares one /data/ export with the re-derived log. Each area
// that publishes figures under /data/ adds its check here, comparing them
// with its part of d.state.
type exportCheck struct {
	path    string // relative to the base URL
	compare func(body io.Reader, d *derived, rep *report) error
}

var exportChecks = []exportCheck{
	{"data/entries.jsonl", compareEntriesExport},
}

// exports is where a server publishes its open data.
type exports struct {
	base   *url.URL
	client *http.Client
}

// compareExports fetches every export and reports each difference.
func compareExports(ctx context.Context, x *exports, d *derived, rep *report) {
	for _, c := range exportChecks {
		u := x.base.JoinPath(c.path)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			rep.add(kindFetch, "%v", err)
			continue
		}
		resp, err := x.client.Do(req)
		if err != nil {
			rep.add(kindFetch, "cannot read /%s: %v", c.path, err)
			continue
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			rep.add(kindExport, "/%s: the server answers %s", c.path, resp.Status)
			continue
		}
		d.fetch, d.nextPage = pageFetcher(ctx, x, d), nextLink(resp.Header.Get("Link"))
		err = c.compare(resp.Body, d, rep)
		resp.Body.Close()
		if err != nil {
			rep.add(kindExport, "/%s: %v", c.path, err)
		}
		rep.Exports++
	}
}

// compareEntriesExport checks /data/entries.jsonl line by line: each entry
// in log order, with its leaf hash, and bytes that hash to the leaf of the
// verified log. Lines past the checkpoint (the log grew since) are ignored.
func compareEntriesExport(body io.Reader, d *derived, rep *report) error {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 64<<10), 4*ledger.MaxEntrySize)
	var n int64
	for ; n < d.size && sc.Scan(); n++ {
		var line struct {
			Index    int64           `json:"index"`
			LeafHash string          `json:"leaf_hash"`
			Entry    json.RawMessage `json:"entry"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return fmt.Errorf("line %d is malformed: %v", n+1, err)
		}
		if line.Index != n {
			return fmt.Errorf("line %d is entry %d, want %d", n+1, line.Index, n)
		}
		want := d.leaf(n)
		if got := tlog.RecordHash(line.Entry); got != want {
			rep.addAt(n, kindExport, "/data/entries.jsonl gives the entry with bytes that hash to %s, but in the log it hashes to %s", b64(got[:]), b64(want[:]))
		} else if h, err := hex.DecodeString(line.LeafHash); err != nil || !bytes.Equal(h, want[:]) {
			rep.addAt(n, kindExport, "/data/entries.jsonl gives leaf hash %q, but the entry's is %s", line.LeafHash, hex.EncodeToString(want[:]))
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if n < d.size {
		return fmt.Errorf("lists %d entries, but the verified log has %d", n, d.size)
	}
	return nil
}
