package handlers_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/transparency-dev/formats/log"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"github.com/transparency-dev/tessera/api"
	tclient "github.com/transparency-dev/tessera/client"
	"golang.org/x/mod/sumdb/note"
)

// TestTlogTilesInterop: a standard C2SP client, knowing only the server's
// URL and its verifier key, follows the log as it grows past 1,000 entries:
// it checks each checkpoint's signature, proves every entry (hashed from the
// entry bundles) included in every checkpoint it saw, and every pair of
// those checkpoints consistent; then every pair of all the checkpoints the
// log signed (one per commit) is proved consistent from the tiles too.
func TestTlogTilesInterop(t *testing.T) {
	ctx := context.Background()
	ts := newServer(t)
	u, err := url.Parse(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	f, err := tclient.NewHTTPFetcher(u, ts.Client())
	if err != nil {
		t.Fatal(err)
	}
	res, vkey := get(t, ts.Server, "/verify/key")
	if ct := res.Header.Get("Content-Type"); res.StatusCode != http.StatusOK || ct != "text/plain; charset=utf-8" {
		t.Fatalf("GET /verify/key: %d, %q", res.StatusCode, ct)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		t.Fatalf("GET /verify/key: %v", err)
	}
	origin := verifier.Name()
	if origin != ts.Store.Origin() {
		t.Fatalf("verifier key names %q, the log is %q", origin, ts.Store.Origin())
	}

	var cps []*log.Checkpoint
	capture := func() {
		t.Helper()
		cp, raw, _, err := tclient.FetchCheckpoint(ctx, f.ReadCheckpoint, verifier, origin)
		if err != nil {
			t.Fatalf("checkpoint: %v", err)
		}
		if !bytes.Equal(raw, ts.Store.Latest().Note) {
			t.Fatalf("GET /checkpoint is not the latest checkpoint")
		}
		cps = append(cps, cp)
	}
	capture()
	var added []string
	for _, size := range []uint64{100, 255, 256, 257, 511, 512, 513, 700, 1024, 1100, 1300} {
		added = append(added, growTo(t, ts.Store, size)...)
		capture()
		if got := cps[len(cps)-1].Size; got != size {
			t.Fatalf("checkpoint after growing to %d has size %d", size, got)
		}
	}
	if _, _, _, err := log.ParseCheckpoint(ts.Store.Latest().Note, origin, otherVerifier(t, origin)); err == nil {
		t.Fatal("the checkpoint verifies under another key")
	}

	final := cps[len(cps)-1]
	leaves := fetchLeaves(t, f, final.Size)
	ids := map[string]bool{}
	for i, data := range leaves.entries {
		e, err := ledger.Decode(data)
		if err != nil {
			t.Fatalf("entry %d from its bundle does not decode: %v", i, err)
		}
		if b, err := e.DecodeBody(); err == nil {
			if ia, ok := b.(*ledger.ItemAdded); ok {
				ids[ia.ID] = true
			}
		}
	}
	for _, id := range added {
		if !ids[id] {
			t.Errorf("item %s added but not in the entry bundles", id)
		}
	}

	h := rfc6962.DefaultHasher
	var proofs int
	for i, cp := range cps {
		// The bundles as they were at this size: narrower partial bundles
		// or full ones, with the same entries as now.
		old := fetchLeaves(t, f, cp.Size)
		for j := range old.entries {
			if !bytes.Equal(old.entries[j], leaves.entries[j]) {
				t.Fatalf("entry %d differs between bundles for size %d and %d", j, cp.Size, final.Size)
			}
		}
		pb, err := tclient.NewProofBuilder(ctx, cp.Size, f.ReadTile)
		if err != nil {
			t.Fatal(err)
		}
		for idx := range cp.Size {
			p, err := pb.InclusionProof(ctx, idx)
			if err != nil {
				t.Fatalf("inclusion proof of %d in %d: %v", idx, cp.Size, err)
			}
			if err := proof.VerifyInclusion(h, idx, cp.Size, leaves.hashes[idx], p, cp.Hash); err != nil {
				t.Fatalf("entry %d is not included in checkpoint %d: %v", idx, cp.Size, err)
			}
			proofs++
		}
		for _, older := range cps[:i] {
			p, err := pb.ConsistencyProof(ctx, older.Size, cp.Size)
			if err != nil {
				t.Fatalf("consistency proof %d -> %d: %v", older.Size, cp.Size, err)
			}
			if err := proof.VerifyConsistency(h, older.Size, cp.Size, p, older.Hash, cp.Hash); err != nil {
				t.Fatalf("checkpoints %d and %d are not consistent: %v", older.Size, cp.Size, err)
			}
			proofs++
		}
	}
	t.Logf("%d checkpoints, %d entries, %d proofs verified", len(cps), final.Size, proofs)

	// Every checkpoint the log ever signed (one per commit, most never
	// fetched by anyone) is consistent with every later one.
	signed, err := ts.Store.Checkpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all := make([]*log.Checkpoint, len(signed))
	for i, c := range signed {
		if all[i], _, _, err = log.ParseCheckpoint(c.Note, origin, verifier); err != nil {
			t.Fatalf("stored checkpoint %d: %v", c.Size, err)
		}
	}
	proofs = 0
	for j, cp := range all {
		pb, err := tclient.NewProofBuilder(ctx, cp.Size, f.ReadTile)
		if err != nil {
			t.Fatal(err)
		}
		for _, older := range all[:j] {
			p, err := pb.ConsistencyProof(ctx, older.Size, cp.Size)
			if err != nil {
				t.Fatalf("consistency proof %d -> %d: %v", older.Size, cp.Size, err)
			}
			if err := proof.VerifyConsistency(h, older.Size, cp.Size, p, older.Hash, cp.Hash); err != nil {
				t.Fatalf("signed checkpoints %d and %d are not consistent: %v", older.Size, cp.Size, err)
			}
			proofs++
		}
	}
	t.Logf("%d signed checkpoints, %d consistency proofs verified", len(all), proofs)
}

// TestTileResponses: content types, every tile immutable (a .p/W path
// names the same bytes for ever), prefixes of full tiles served for
// clients that hold older checkpoints, entry bundles gzipped for clients
// that accept it, HEAD answered, and 404 for anything beyond the
// checkpoint or not spelled canonically.
func TestTileResponses(t *testing.T) {
	ts := newServer(t)
	growTo(t, ts.Store, 2*256+20) // level 0: 000, 001 full, 002.p/20; level 1: 000.p/2
	bodies := map[string]string{}
	for _, path := range []string{
		"/tile/0/000", "/tile/0/001", "/tile/0/002.p/20",
		"/tile/0/002.p/3", // narrower: a client proving an older checkpoint
		"/tile/0/000.p/8", "/tile/0/001.p/255", "/tile/1/000.p/2", "/tile/1/000.p/1",
		"/tile/entries/000", "/tile/entries/001", "/tile/entries/002.p/20", "/tile/entries/001.p/8", "/tile/entries/000.p/1",
	} {
		res, body := get(t, ts.Server, path)
		bodies[path] = body
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, res.StatusCode)
			continue
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/octet-stream" {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("GET %s: Cache-Control %q, want immutable with a long max-age", path, cc)
		}
		head := request(t, ts.Server, http.MethodHead, path)
		if head.StatusCode != http.StatusOK || head.Header.Get("Content-Length") != strconv.Itoa(len(body)) || head.Header.Get("Cache-Control") != res.Header.Get("Cache-Control") {
			t.Errorf("HEAD %s: %d, Content-Length %q (GET sent %d bytes)", path, head.StatusCode, head.Header.Get("Content-Length"), len(body))
		}
	}
	// A prefix is the start of the full tile, entry for entry.
	for prefix, full := range map[string]string{"/tile/0/000.p/8": "/tile/0/000", "/tile/0/001.p/255": "/tile/0/001", "/tile/0/002.p/3": "/tile/0/002.p/20"} {
		if !strings.HasPrefix(bodies[full], bodies[prefix]) || len(bodies[prefix]) == 0 {
			t.Errorf("%s is not a prefix of %s", prefix, full)
		}
	}
	var full, part api.EntryBundle
	if err := full.UnmarshalText([]byte(bodies["/tile/entries/001"])); err != nil {
		t.Fatal(err)
	}
	if err := part.UnmarshalText([]byte(bodies["/tile/entries/001.p/8"])); err != nil || len(part.Entries) != 8 {
		t.Fatalf("entry bundle 001.p/8: %d entries, %v", len(part.Entries), err)
	}
	for i := range part.Entries {
		if !bytes.Equal(part.Entries[i], full.Entries[i]) {
			t.Errorf("entry %d of bundle 001.p/8 differs from the full bundle", i)
		}
	}
	// Entry bundles are compressed for clients that accept gzip, and only for them.
	for _, path := range []string{"/tile/entries/001", "/tile/entries/002.p/20"} {
		res, body := get(t, ts.Server, path, "Accept-Encoding", "br;q=1.0, gzip;q=0.8")
		if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("GET %s accepting gzip: Content-Encoding %q, Vary %q", path, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
			continue
		}
		zr, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || string(plain) != bodies[path] {
			t.Errorf("GET %s: the gzipped bundle is not the bundle (%v)", path, err)
		}
		t.Logf("%s: %d bytes, %d gzipped", path, len(plain), len(body))
		if res, _ := get(t, ts.Server, path, "Accept-Encoding", "gzip;q=0, identity"); res.Header.Get("Content-Encoding") != "" {
			t.Errorf("GET %s refusing gzip: Content-Encoding %q", path, res.Header.Get("Content-Encoding"))
		}
	}
	res, body := get(t, ts.Server, "/checkpoint")
	if ct, cc := res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"); ct != "text/plain; charset=utf-8" || strings.Contains(cc, "immutable") || strings.Contains(cc, "max-age=3") {
		t.Errorf("GET /checkpoint: Content-Type %q, Cache-Control %q", ct, cc)
	}
	if head := request(t, ts.Server, http.MethodHead, "/checkpoint"); head.StatusCode != http.StatusOK || head.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Errorf("HEAD /checkpoint: %d, Content-Length %q", head.StatusCode, head.Header.Get("Content-Length"))
	}
	for _, path := range []string{
		// beyond the checkpoint
		"/tile/1/001.p/1", "/tile/entries/003.p/255",
		"/tile/0/003", "/tile/0/002", "/tile/0/002.p/21", "/tile/0/003.p/1", "/tile/1/000", "/tile/1/000.p/3",
		"/tile/2/000.p/1", "/tile/entries/002", "/tile/entries/003.p/1", "/tile/entries/002.p/21",
		"/tile/0/x072/x057/x594/x037/x927/936", "/tile/entries/x072/x057/x594/x037/x927/936",
		// malformed
		"/tile/0/x000", "/tile/0/x001/x002", "/tile/0/00", "/tile/0/0000", "/tile/0/1", "/tile/0/-01",
		"/tile/0/000.p/0", "/tile/0/002.p/256", "/tile/0/002.p/", "/tile/0/002.p/x", "/tile/0/000.p",
		"/tile/64/000", "/tile/-1/000", "/tile/x/000", "/tile/0/", "/tile/0", "/tile/entries/",
		"/tile/0/000/", "/tile/0/x/000", "/tile/0/000.q/1",
		// not the one canonical spelling
		"/tile/00/000", "/tile/+0/000", "/tile/0/x000/001", "/tile/0/002.p/020", "/tile/0/002.p/+20",
		"/tile/entries/x000/001", "/tile/entries/002.p/020", "/tile/0/%30%30%30", "/tile//0/000",
	} {
		if res, _ := get(t, ts.Server, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
		if res := request(t, ts.Server, http.MethodHead, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("HEAD %s: %d, want 404", path, res.StatusCode)
		}
	}
}

// growTo adds catalogue items, many writers at once (so several share a
// commit), until the log has size entries; it returns the items' ids.
func growTo(t testing.TB, s *sqlite.Store, size uint64) []string {
	t.Helper()
	have := uint64(s.Latest().Size)
	if have > size {
		t.Fatalf("the log already has %d entries, more than %d", have, size)
	}
	ids := make(chan string)
	var added []string
	for i := have; i < size; i++ {
		added = append(added, fmt.Sprintf("interop-%d", i))
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(added))
	for range 16 {
		wg.Go(func() {
			for id := range ids {
				err := s.AddItem(context.Background(), sqlite.PlatformActor,
					ledger.Item{ID: id, NameEN: "Interop item " + id, NameZH: "互通测试物品", Unit: "pcs"})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	for _, id := range added {
		ids <- id
	}
	close(ids)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := uint64(s.Latest().Size); got != size {
		t.Fatalf("log has %d entries, want %d", got, size)
	}
	return added
}

type leafSet struct {
	entries [][]byte
	hashes  [][]byte
}

// fetchLeaves reads the entries of a tree of the given size from the entry
// bundles, as the client library does, and hashes them as RFC 6962 leaves.
func fetchLeaves(t *testing.T, f *tclient.HTTPFetcher, size uint64) leafSet {
	t.Helper()
	var ls leafSet
	for i := uint64(0); i*256 < size; i++ {
		b, err := tclient.GetEntryBundle(context.Background(), f.ReadEntryBundle, i, size)
		if err != nil {
			t.Fatalf("entry bundle %d of size %d: %v", i, size, err)
		}
		for _, e := range b.Entries {
			if uint64(len(ls.entries)) == size {
				break // a full bundle fetched for a partial one
			}
			ls.entries = append(ls.entries, e)
			ls.hashes = append(ls.hashes, rfc6962.DefaultHasher.HashLeaf(e))
		}
	}
	if uint64(len(ls.entries)) != size {
		t.Fatalf("bundles for size %d hold %d entries", size, len(ls.entries))
	}
	return ls
}

func otherVerifier(t *testing.T, origin string) note.Verifier {
	t.Helper()
	_, vkey, err := note.GenerateKey(nil, origin)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// request sends a request without a body and returns the response, its body read.
func request(t *testing.T, srv *httptest.Server, method, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}
