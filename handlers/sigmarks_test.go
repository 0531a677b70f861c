package handlers_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"golang.org/x/net/html"
)

// TestSignedCorrectionMarks: in the demo, Jinyintan Hospital (which
// requires signatures) corrects a use with one signature; its corrective
// use is marked signed with that correction on the lot's trace and on its
// entry page, not "recorded by the platform"; the declaration is marked
// signed as any other entry.
func TestSignedCorrectionMarks(t *testing.T) {
	ts := newServer(t)
	_, c := seedDemoCustody(t, ts.Store)
	decl, use := c.CorrectedSigned+1, c.CorrectedSigned+2
	with := fmt.Sprintf("with the correction in entry #%d", decl)
	// marks returns the signature marks of the page's rows that link to entry index.
	marks := func(path string, index int64) []string {
		t.Helper()
		_, body := get(t, ts.Server, path, "Accept-Language", "en")
		var out []string
		for _, n := range parseHTML(t, body).all(func(n *html.Node) bool { return n.Data == "span" && hasClass(n, "sig") }) {
			out = append(out, text(n))
		}
		if path == "/ledger/"+strconv.FormatInt(index, 10) {
			return out[:1]
		}
		return out
	}
	if m := marks(fmt.Sprintf("/ledger/%d", use), use); !strings.Contains(m[0], "Jinyintan Hospital") || !strings.Contains(m[0], with) {
		t.Errorf("entry page of the corrective use: %q, want signed by Jinyintan %s", m, with)
	}
	if m := marks(fmt.Sprintf("/ledger/%d", decl), decl); strings.Contains(m[0], "correction in entry") || !strings.Contains(m[0], "signed by a key of") || !strings.Contains(m[0], "Jinyintan Hospital") {
		t.Errorf("entry page of the declaration: %q", m)
	}
	trace := strings.Join(marks("/t/"+c.Lots["n95-jinyintan"], use), "\n")
	if !strings.Contains(trace, with) {
		t.Errorf("trace of the lot:\n%s", trace)
	}
}

// seedDemoCustody seeds the demo's world, needs and custody story.
func seedDemoCustody(t *testing.T, s *sqlite.Store) (*demo.World, *demo.CustodyScenario) {
	t.Helper()
	ctx := context.Background()
	w, err := demo.SeedWorld(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedNeeds(ctx, s, w); err != nil {
		t.Fatal(err)
	}
	c, err := demo.SeedCustody(ctx, s, w)
	if err != nil {
		t.Fatal(err)
	}
	return w, c
}
