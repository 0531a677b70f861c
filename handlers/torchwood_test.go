package handlers_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// TestTorchwoodOldCheckpoint: torchwood's tlog client, which has no
// fallback from a partial tile to the full one, proves entries against
// checkpoints a client kept from when the log was small, after the log has
// grown past those tiles (the partial tiles it asks for are prefixes of
// full ones by then), and reads the whole log against the newest one.
func TestTorchwoodOldCheckpoint(t *testing.T) {
	ctx := context.Background()
	ts := newServer(t)
	_, vkey := get(t, ts.Server, "/verify/key")
	verifier, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		t.Fatal(err)
	}
	fetcher, err := torchwood.NewTileFetcher(ts.URL, torchwood.WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	client, err := torchwood.NewClient(fetcher)
	if err != nil {
		t.Fatal(err)
	}
	checkpoint := func() tlog.Tree {
		t.Helper()
		raw, err := fetcher.ReadEndpoint(ctx, "checkpoint")
		if err != nil {
			t.Fatal(err)
		}
		n, err := note.Open(raw, note.VerifierList(verifier))
		if err != nil {
			t.Fatal(err)
		}
		cp, err := torchwood.ParseCheckpoint(n.Text)
		if err != nil {
			t.Fatal(err)
		}
		return cp.Tree
	}
	var kept []tlog.Tree
	for _, size := range []uint64{37, 200, 255, 256 + 90} {
		growTo(t, ts.Store, size)
		kept = append(kept, checkpoint())
	}
	growTo(t, ts.Store, 3*256+5) // level 0 tiles 000..002 full; level 1 grown too
	latest := checkpoint()

	for _, tree := range kept {
		for _, idx := range []int64{0, tree.N / 2, tree.N - 1} {
			entry, _, err := client.Entry(ctx, tree, idx)
			if err != nil {
				t.Fatalf("entry %d against the old checkpoint of size %d: %v", idx, tree.N, err)
			}
			stored, err := ts.Store.Entry(ctx, idx)
			if err != nil || !bytes.Equal(entry, stored.Data) {
				t.Fatalf("entry %d from torchwood is not the stored entry (%v)", idx, err)
			}
		}
		// And the old tree is consistent with the new one, from tiles alone.
		p, err := tlog.ProveTree(latest.N, tree.N, torchwood.TileHashReaderWithContext(ctx, latest, fetcher))
		if err != nil {
			t.Fatal(err)
		}
		if err := tlog.CheckTree(p, latest.N, latest.Hash, tree.N, tree.Hash); err != nil {
			t.Fatalf("old checkpoint %d is not consistent with %d: %v", tree.N, latest.N, err)
		}
	}
	var n int64
	for i, entry := range client.Entries(ctx, latest, 0) {
		if i != n {
			t.Fatalf("entry %d came as %d", n, i)
		}
		stored, err := ts.Store.Entry(ctx, i)
		if err != nil || !bytes.Equal(entry, stored.Data) {
			t.Fatalf("entry %d from torchwood is not the stored entry (%v)", i, err)
		}
		n++
	}
	if err := client.Err(); err != nil {
		t.Fatal(err)
	}
	// Entries stops before a partial data tile it would have to fetch again later.
	if n < latest.N/256*256 {
		t.Errorf("torchwood read %d entries of %d", n, latest.N)
	}
	if res := request(t, ts.Server, http.MethodHead, "/tile/entries/000.p/37"); res.StatusCode != http.StatusOK {
		t.Errorf("HEAD of the old partial bundle: %d", res.StatusCode)
	}
}
