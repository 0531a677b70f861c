package browsertest

// The public's check of the ledger, done by hand in a browser: browse and
// filter entries, open one, and recompute from what the page shows (the
// exact bytes, the proof, the signed checkpoint) that it is in the log.

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/views"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func TestLedgerEntryProofHoldsAsShown(t *testing.T) {
	t.Parallel()
	a, _ := newDemoApp(t)
	inEach(t, twoLooks, func(t *testing.T, vp viewport, l views.Lang) {
		p := newTab(t, a, "public", vp, l)
		p.open("/")
		p.press(`nav a[href="/ledger"]`)
		if n := p.count("#ledger-entries tbody tr"); n == 0 {
			t.Fatal("the ledger page lists no entries")
		}

		// Filter by the type of the newest entry: only that type remains.
		// The type is named in words; its identifier is the filter's value.
		name, typ := p.text("#ledger-entries tbody tr .type"), p.attr("#ledger-entries tbody tr .type", "data-type")
		if name != views.EntryTypeIn(l, typ) {
			t.Errorf("the newest entry's type %s is shown as %q", typ, name)
		}
		p.fill(map[string]string{"#f-type": typ})
		p.press("#ledger-filter button[type=submit]")
		for _, got := range p.texts("#ledger-entries tbody tr .type") {
			if got != name {
				t.Errorf("filtered by type %q, the list shows a %q entry", name, got)
			}
		}

		p.press("#ledger-entries tbody tr a")
		p.checkEntryProof(a)
		if p.overflowsX() {
			t.Errorf("the entry page is wider than the %s screen", vp.name)
		}

		// The verify page shows the log's key, as the server holds it.
		p.open("/verify")
		if got := strings.TrimSpace(p.text("#verify-key")); got != a.Store.VerifierKey() {
			t.Errorf("verify page shows key %q, want %q", got, a.Store.VerifierKey())
		}
	})
}

// checkEntryProof recomputes, from the entry page as shown, the entry's
// leaf hash and its inclusion in the signed checkpoint, and fails if the
// page claims "verified" for anything that does not hold.
func (p *tab) checkEntryProof(a *app) {
	p.t.Helper()
	index, err := strconv.ParseInt(strings.TrimPrefix(p.path(), "/ledger/"), 10, 64)
	if err != nil {
		p.t.Fatalf("%s: not on an entry page: %s", p.name, p.path())
	}
	if p.count("#entry-verified") != 1 {
		p.t.Errorf("%s: entry %d is not marked verified", p.name, index)
	}
	exact := p.textContent("#entry-exact")
	leaf := tlog.RecordHash([]byte(exact))
	if got := strings.TrimSpace(p.text("#entry-leaf")); got != hex.EncodeToString(leaf[:]) {
		p.t.Errorf("%s: entry %d shows leaf hash %s, but its bytes hash to %x", p.name, index, got, leaf)
	}
	v, err := note.NewVerifier(a.Store.VerifierKey())
	if err != nil {
		p.t.Fatal(err)
	}
	n, err := note.Open([]byte(p.textContent("#entry-checkpoint")), note.VerifierList(v))
	if err != nil {
		p.t.Fatalf("%s: the checkpoint on entry %d does not verify: %v", p.name, index, err)
	}
	lines := strings.Split(n.Text, "\n")
	size, err1 := strconv.ParseInt(lines[1], 10, 64)
	rootBytes, err2 := base64.StdEncoding.DecodeString(lines[2])
	if err1 != nil || err2 != nil || len(rootBytes) != tlog.HashSize {
		p.t.Fatalf("%s: bad checkpoint body %q", p.name, n.Text)
	}
	var proof tlog.RecordProof
	for _, h := range p.texts("#entry-proof code") {
		b, err := hex.DecodeString(strings.TrimSpace(h))
		if err != nil || len(b) != tlog.HashSize {
			p.t.Fatalf("%s: bad proof hash %q", p.name, h)
		}
		proof = append(proof, tlog.Hash(b))
	}
	if err := tlog.CheckRecord(proof, size, tlog.Hash(rootBytes), index, leaf); err != nil {
		p.t.Errorf("%s: entry %d: the inclusion proof shown does not hold: %v", p.name, index, err)
	}
}
