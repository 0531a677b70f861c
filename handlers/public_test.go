package handlers_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/mod/sumdb/tlog"
)

// publicServer is a real server over a store with the catalogue and two
// verified organisations.
func publicServer(t *testing.T) (*sqlite.Store, *httptest.Server) {
	t.Helper()
	s := sqlitetest.Open(t)
	sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital")
	sqlitetest.Org(t, s, ledger.OrgWarehouse, "Hankou Relief Warehouse")
	return s, serverFor(t, s)
}

// serverFor is the real server over s.
func serverFor(t *testing.T, s *sqlite.Store) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(handlers.New(handlers.Config{Store: s, Logger: sqlitetest.Logger(t), BaseURL: "https://aidtrail.test"}))
	t.Cleanup(srv.Close)
	return srv
}

// mustNames returns the catalogue as names.
func mustNames(t *testing.T, s *sqlite.Store) ledger.Names {
	t.Helper()
	items, err := s.Items(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := ledger.Names{Items: map[string]ledger.Item{}}
	for _, it := range items {
		n.Items[it.ID] = it
	}
	return n
}

// get fetches path and returns the status and body.
func get(t *testing.T, srv *httptest.Server, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestLedgerBrowser(t *testing.T) {
	s, srv := publicServer(t)
	resp, body := get(t, srv, "/ledger")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	mustHave(t, "/ledger", body, "ledger-entries")
	for _, want := range []string{
		"Jinyintan Hospital registered as a recipient",
		"An auditor approved Hankou Relief Warehouse (review)",
		"Catalogue item added: Infrared thermometer, counted in pcs (standard GB/T 21417.1)",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/ledger lacks %q", want)
		}
	}
	_, zh := get(t, srv, "/ledger?lang=zh-CN")
	if !strings.Contains(zh, "Jinyintan Hospital 注册为受助机构") || !strings.Contains(zh, "审核员通过了Hankou Relief Warehouse（初审）") {
		t.Errorf("zh ledger lacks the Chinese sentences")
	}
	// Filters: by type, organisation, item, date.
	_, body = get(t, srv, "/ledger?type=review.decided")
	if n := entryRows(t, body); n != 2 || strings.Contains(body, "Catalogue item added") {
		t.Errorf("type filter: %d rows", n)
	}
	page, err := s.LedgerEntries(context.Background(), sqlite.EntryFilter{Type: ledger.TypeOrgRegistered})
	if err != nil || len(page.Entries) != 2 {
		t.Fatalf("org.registered entries: %v, %v", page, err)
	}
	hospital := page.Entries[1].Entry.Actor.Org
	_, body = get(t, srv, fmt.Sprintf("/ledger?org=%d", hospital))
	if n := entryRows(t, body); n != 2 || strings.Contains(body, "Hankou Relief Warehouse registered") {
		t.Errorf("org filter: %d rows, want the hospital's registration and review", n)
	}
	_, body = get(t, srv, "/ledger?item=mask-kn95")
	if n := entryRows(t, body); n != 1 || !strings.Contains(body, "KN95 respirator") {
		t.Errorf("item filter: %d rows", n)
	}
	_, body = get(t, srv, "/ledger?from=2000-01-01&to=2000-12-31")
	if !strings.Contains(body, "No entries match") {
		t.Error("date filter in the past shows entries")
	}
	if resp, _ := get(t, srv, "/ledger?from=yesterday"); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad date: status %d", resp.StatusCode)
	}
	if resp, _ := get(t, srv, "/ledger?type=nope"); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad type: status %d", resp.StatusCode)
	}
}

// Keyset paging walks every entry exactly once in both directions.
func TestLedgerPaging(t *testing.T) {
	s, _ := publicServer(t)
	ctx := context.Background()
	size := s.Latest().Size
	var seen []int64
	f := sqlite.EntryFilter{Limit: 3}
	var pages []*ledger.EntryPage
	for {
		p, err := s.LedgerEntries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
		for _, e := range p.Entries {
			seen = append(seen, e.Index)
		}
		if p.Older == 0 {
			break
		}
		f.Before = p.Older
	}
	if int64(len(seen)) != size {
		t.Fatalf("walked %d entries, log has %d", len(seen), size)
	}
	for i, idx := range seen {
		if idx != size-1-int64(i) {
			t.Fatalf("entry %d at position %d", idx, i)
		}
	}
	if pages[0].Newer != 0 {
		t.Errorf("first page has a newer link")
	}
	// Back up from the last page with the Newer cursors.
	last := pages[len(pages)-1]
	for i := len(pages) - 2; i >= 0; i-- {
		p, err := s.LedgerEntries(ctx, sqlite.EntryFilter{Limit: 3, After: last.Newer})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(indexes(p)) != fmt.Sprint(indexes(pages[i])) {
			t.Fatalf("newer page %v, want %v", indexes(p), indexes(pages[i]))
		}
		last = p
	}
	if last.Newer != 0 {
		t.Errorf("newest page reached by paging back has a newer link")
	}
}

func indexes(p *ledger.EntryPage) []int64 {
	var out []int64
	for _, e := range p.Entries {
		out = append(out, e.Index)
	}
	return out
}

func TestEntryPageAndProof(t *testing.T) {
	s, srv := publicServer(t)
	ctx := context.Background()
	page, err := s.LedgerEntries(ctx, sqlite.EntryFilter{Type: ledger.TypeReviewDecided, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	review := page.Entries[0]
	resp, body := get(t, srv, fmt.Sprintf("/ledger/%d", review.Index))
	if resp.StatusCode != 200 || !parseHTML(t, body).has("entry-verified") {
		t.Fatalf("entry page: status %d, verified mark missing", resp.StatusCode)
	}
	leaf := tlog.RecordHash(review.Data)
	if !strings.Contains(body, hex.EncodeToString(leaf[:])) {
		t.Error("entry page lacks the leaf hash")
	}
	prev := review.Entry.Prev[0]
	if d := parseHTML(t, body); !d.linksTo(nil, fmt.Sprintf("/ledger/%d", prev.Index)) || !d.linksTo(nil, "/orgs/"+strings.TrimPrefix(prev.Subject, "org:")) {
		t.Error("entry page lacks its prev link or its subject's page")
	}
	// The registration it points to links forward to it.
	_, body = get(t, srv, fmt.Sprintf("/ledger/%d", prev.Index))
	if !parseHTML(t, body).linksTo(nil, fmt.Sprintf("/ledger/%d", review.Index)) {
		t.Error("previous entry does not link to the next one")
	}
	// JSON: the proof checks against the signed checkpoint.
	for _, path := range []string{fmt.Sprintf("/ledger/%d.json", review.Index), fmt.Sprintf("/ledger/%d", review.Index)} {
		resp, body := get(t, srv, path, "Accept", "application/json")
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("%s: content type %q", path, ct)
		}
		var j struct {
			Index          int64           `json:"index"`
			LeafHash       string          `json:"leaf_hash"`
			Entry          json.RawMessage `json:"entry"`
			Verified       bool            `json:"verified"`
			CheckpointSize int64           `json:"checkpoint_size"`
			CheckpointRoot string          `json:"checkpoint_root"`
			Proof          []string        `json:"inclusion_proof"`
		}
		if err := json.Unmarshal([]byte(body), &j); err != nil {
			t.Fatal(err)
		}
		if string(j.Entry) != string(review.Data) || !j.Verified {
			t.Errorf("%s: entry %s verified=%v", path, j.Entry, j.Verified)
		}
		var proof tlog.RecordProof
		for _, h := range j.Proof {
			var x tlog.Hash
			hex.Decode(x[:], []byte(h))
			proof = append(proof, x)
		}
		var root tlog.Hash
		r, _ := base64.StdEncoding.DecodeString(j.CheckpointRoot)
		copy(root[:], r)
		if err := tlog.CheckRecord(proof, j.CheckpointSize, root, j.Index, tlog.RecordHash(j.Entry)); err != nil {
			t.Errorf("%s: proof does not check: %v", path, err)
		}
	}
	if resp, _ := get(t, srv, "/ledger/99999"); resp.StatusCode != 404 {
		t.Errorf("missing entry: %d", resp.StatusCode)
	}
	if resp, _ := get(t, srv, "/ledger/99999.json"); resp.StatusCode != 404 {
		t.Errorf("missing entry as JSON: %d", resp.StatusCode)
	}
	if resp, _ := get(t, srv, "/ledger/01"); resp.StatusCode != 404 {
		t.Errorf("non-canonical index: %d", resp.StatusCode)
	}
}

// A tampered entry (one byte changed behind the store's back) loses its
// verified mark; its neighbours keep theirs.
func TestTamperedEntryLosesVerifiedMark(t *testing.T) {
	s, srv := publicServer(t)
	const idx = 5
	db := s.DB()
	if _, err := db.Exec(`DROP TRIGGER entries_append_only_u`); err != nil {
		t.Fatal(err)
	}
	// Change one byte of the time's seconds, keeping the JSON well-formed.
	if _, err := db.Exec(`UPDATE entries SET data = CAST(replace(CAST(data AS TEXT), '.', ',') AS BLOB) WHERE idx = ?`, idx); err != nil {
		t.Fatal(err)
	}
	_, body := get(t, srv, fmt.Sprintf("/ledger/%d", idx))
	if d := parseHTML(t, body); d.has("entry-verified") || !d.has("entry-unverified") {
		t.Error("tampered entry still shows as verified")
	}
	_, body = get(t, srv, fmt.Sprintf("/ledger/%d", idx+1))
	if !parseHTML(t, body).has("entry-verified") {
		t.Error("untouched entry lost its verified mark")
	}
}

func TestEntriesExport(t *testing.T) {
	s, srv := publicServer(t)
	resp, body := get(t, srv, "/data/entries.jsonl")
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/jsonl") {
		t.Errorf("content type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="aidtrail-entries.jsonl"`) {
		t.Errorf("content disposition %q", cd)
	}
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(nil, 1<<20)
	var n int64
	for sc.Scan() {
		var line struct {
			Index    int64           `json:"index"`
			LeafHash string          `json:"leaf_hash"`
			Entry    json.RawMessage `json:"entry"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		stored, err := s.Entry(context.Background(), n)
		if err != nil {
			t.Fatal(err)
		}
		leaf := tlog.RecordHash(line.Entry)
		if line.Index != n || string(line.Entry) != string(stored.Data) || line.LeafHash != hex.EncodeToString(leaf[:]) {
			t.Fatalf("line %d: index %d, leaf %s, entry %s", n, line.Index, line.LeafHash, line.Entry)
		}
		n++
	}
	if n != s.Latest().Size {
		t.Errorf("%d lines, log has %d entries", n, s.Latest().Size)
	}
	_, readme := get(t, srv, "/data/")
	if !parseHTML(t, readme).linksTo(nil, "/data/entries.jsonl") {
		t.Error("/data/ does not link to entries.jsonl")
	}
	for _, col := range []string{"leaf_hash", "entries.jsonl"} {
		if !strings.Contains(readme, col) {
			t.Errorf("/data/ lacks %q", col)
		}
	}
}

func TestVerifyPage(t *testing.T) {
	s, srv := publicServer(t)
	_, body := get(t, srv, "/verify")
	note := strings.SplitN(string(s.Latest().Note), "\n", 2)[0]
	for _, want := range []string{s.VerifierKey(), note, "aidtrail-verify -url https://aidtrail.test -key @aidtrail.vkey", "/tile/entries/", fmt.Sprintf("<td>%d</td>", s.Latest().Size)} {
		if !strings.Contains(body, want) {
			t.Errorf("/verify lacks %q", want)
		}
	}
}
