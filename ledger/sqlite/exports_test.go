package sqlite_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger/opendata"
	"github.com/aidtrail/aidtrail/ledger/opendata/opendatatest"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// The CSV exports, streamed a chunk at a time from the read models, equal
// byte for byte what a full replay of the log derives (the reference), for
// a simulated operation (every entry type) and the demo, at chunk sizes
// that cut every table many times and at the server's; a read model that
// drifts from the log is caught.
func TestExportsEqualReplay(t *testing.T) {
	ctx := context.Background()
	sim, stores := openDataStores(t)
	names := slices.Sorted(maps.Keys(opendata.ExportTables))
	defer func(n int) { sqlite.ExportChunk = n }(sqlite.ExportChunk)
	for _, store := range stores {
		for _, chunk := range []int{1, 7, 1000} {
			sqlite.ExportChunk = chunk
			for _, name := range names {
				want := replayedCSV(t, store.s, name)
				got := streamedCSV(t, store.s, name)
				if got != want {
					t.Errorf("%s, chunks of %d: %s differs from the replay:\n%s", store.name, chunk, name, firstDiff(got, want))
				}
				if rows := strings.Count(want, "\n"); store.name == "simulated" && rows < 3 {
					t.Errorf("%s: only %d rows", name, rows)
				}
			}
		}
	}
	// A read model that says other than the log is caught.
	sqlite.ExportChunk = 1000
	for _, tamper := range []struct{ table, sql string }{
		{"lots.csv", `UPDATE lots SET batch = batch || 'x' WHERE code = (SELECT min(code) FROM lots)`},
		{"handoffs.csv", `UPDATE handoff_lines SET note = note || 'x' WHERE handoff_id = (SELECT min(id) FROM handoffs)`},
		{"pledges.csv", `UPDATE pledges SET due = '2000-01-01' WHERE id = (SELECT min(id) FROM pledges)`},
		{"needs.csv", `UPDATE needs SET title = title || 'x' WHERE id = (SELECT min(id) FROM needs WHERE status != 'draft')`},
		{"funds.csv", `UPDATE fig_orgs SET name = name || 'x' WHERE id IN (SELECT org FROM money_receipts)`},
	} {
		if _, err := sim.DB().ExecContext(ctx, tamper.sql); err != nil {
			t.Fatal(err)
		}
		if streamedCSV(t, sim, tamper.table) == replayedCSV(t, sim, tamper.table) {
			t.Errorf("%s: a changed read model (%s) went unnoticed", tamper.table, tamper.sql)
		}
	}
}

// The EPCIS export, mapped a bundle of entries at a time with only the lots
// and shipments the bundle names read from the read models, equals byte for
// byte the events mapped with the custody of a full replay (the reference),
// for a simulated operation and the demo, whole and in pages that cut the
// bundles; lots or shipments that drift from the log are caught.
func TestEPCISEqualsReplay(t *testing.T) {
	ctx := context.Background()
	sim, stores := openDataStores(t)
	for _, store := range stores {
		size := store.s.Latest().Size
		for _, page := range []int64{size, 97} {
			var got, want strings.Builder
			for from := int64(0); from < size; from += page {
				got.WriteString(epcisEvents(t, store.s.ExportEPCIS, from, from+page))
				want.WriteString(epcisEvents(t, store.s.ReplayedEPCIS, from, from+page))
			}
			if got.String() != want.String() {
				t.Errorf("%s, pages of %d: the EPCIS export differs from the replay:\n%s", store.name, page, firstDiff(got.String(), want.String()))
			}
			types := map[string]bool{}
			for line := range strings.Lines(want.String()) {
				if i := strings.Index(line, `"type":"`); i >= 0 {
					types[strings.SplitN(line[i+8:], `"`, 2)[0]] = true
				}
			}
			if n := strings.Count(want.String(), "\n"); store.name == "simulated" && (n < 100 || len(types) < 3) {
				t.Errorf("%s: only %d events of %d types", store.name, n, len(types))
			}
		}
	}
	// Lots or shipments that say other than the log are caught (each
	// change undone before the next).
	size := sim.Latest().Size
	want := epcisEvents(t, sim.ReplayedEPCIS, 0, size)
	for _, tamper := range []struct{ do, undo string }{
		{`UPDATE lots SET unit = unit || 'x'`, `UPDATE lots SET unit = substr(unit, 1, length(unit) - 1)`},
		{`UPDATE handoffs SET from_org = to_org, to_org = from_org`, `UPDATE handoffs SET from_org = to_org, to_org = from_org`},
		{`UPDATE handoff_lines SET quantity = quantity + 1`, `UPDATE handoff_lines SET quantity = quantity - 1`},
	} {
		if _, err := sim.DB().ExecContext(ctx, tamper.do); err != nil {
			t.Fatal(err)
		}
		if epcisEvents(t, sim.ExportEPCIS, 0, size) == want {
			t.Errorf("a changed read model (%s) went unnoticed", tamper.do)
		}
		if _, err := sim.DB().ExecContext(ctx, tamper.undo); err != nil {
			t.Fatal(err)
		}
		if got := epcisEvents(t, sim.ExportEPCIS, 0, size); got != want {
			t.Fatalf("undoing %s: %s", tamper.do, firstDiff(got, want))
		}
	}
}

// The IATI document, read an organisation and a chunk of its money entries
// at a time from the read models, equals byte for byte the document a full
// replay of the log derives (the reference), for a simulated operation and
// the demo, at chunk sizes that cut every activity and at the server's,
// and the IATI 2.03 schemas accept it; names, shipments or lots that drift
// from the log are caught.
func TestIATIEqualsReplay(t *testing.T) {
	ctx := context.Background()
	sim, stores := openDataStores(t)
	defer func(n int) { sqlite.ExportChunk = n }(sqlite.ExportChunk)
	for _, store := range stores {
		want := replayedIATI(t, store.s)
		for _, chunk := range []int{1, 7, 1000} {
			sqlite.ExportChunk = chunk
			if got := streamedIATI(t, store.s); got != want {
				t.Errorf("%s, chunks of %d: iati.xml differs from the replay:\n%s", store.name, chunk, firstDiff(got, want))
			}
		}
		if err := opendatatest.ValidateIATI([]byte(want)); err != nil {
			t.Errorf("%s: the IATI 2.03 schema refuses the document: %v", store.name, err)
		}
		types := map[string]int{}
		for line := range strings.Lines(want) {
			if i := strings.Index(line, `<transaction-type code="`); i >= 0 {
				types[line[i+24:i+25]]++
			}
		}
		if acts := strings.Count(want, "<iati-activity "); len(types) < 3 || acts < 3 {
			t.Errorf("%s: only %d activities, transactions by type %v", store.name, acts, types)
		}
	}
	// Names, shipments or lots that say other than the log are caught
	// (each change undone before the next; the last is not).
	sqlite.ExportChunk = 7
	want := replayedIATI(t, sim)
	for _, tamper := range []struct{ do, undo string }{
		{`UPDATE fig_orgs SET name = name || 'x'`, `UPDATE fig_orgs SET name = substr(name, 1, length(name) - 1)`},
		{`UPDATE pledges SET display_name = display_name || 'x' WHERE code IN (SELECT pledge FROM money_receipts)`,
			`UPDATE pledges SET display_name = substr(display_name, 1, length(display_name) - 1) WHERE code IN (SELECT pledge FROM money_receipts)`},
		{`UPDATE handoffs SET from_org = to_org, to_org = from_org`, `UPDATE handoffs SET from_org = to_org, to_org = from_org`},
		{`UPDATE lots SET unit = unit || 'x' WHERE item = 'money'`, `UPDATE lots SET unit = substr(unit, 1, length(unit) - 1) WHERE item = 'money'`},
		{`UPDATE handoffs SET status = 'delivered' WHERE status = 'received'`, ``},
	} {
		if _, err := sim.DB().ExecContext(ctx, tamper.do); err != nil {
			t.Fatal(err)
		}
		if streamedIATI(t, sim) == want {
			t.Errorf("a changed read model (%s) went unnoticed", tamper.do)
		}
		if tamper.undo == "" {
			continue
		}
		if _, err := sim.DB().ExecContext(ctx, tamper.undo); err != nil {
			t.Fatal(err)
		}
		if got := streamedIATI(t, sim); got != want {
			t.Fatalf("undoing %s: %s", tamper.do, firstDiff(got, want))
		}
	}
}

// iatiNow is when the documents of TestIATIEqualsReplay are generated.
var iatiNow = time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)

func replayedIATI(t *testing.T, s *sqlite.Store) string {
	t.Helper()
	doc, err := s.ReplayedIATI(context.Background(), "https://aidtrail.example", iatiNow)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := opendata.WriteIATI(&b, doc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func streamedIATI(t *testing.T, s *sqlite.Store) string {
	t.Helper()
	var b strings.Builder
	if err := opendata.WriteIATI(&b, s.ExportIATI(context.Background(), "https://aidtrail.example", iatiNow)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// namedStore is a store the open-data tests export, by what it holds.
type namedStore struct {
	name string
	s    *sqlite.Store
}

// openDataStores returns a simulated operation (every entry type, 1,200
// entries) and the demo, the simulated one also alone.
func openDataStores(t *testing.T) (*sqlite.Store, []namedStore) {
	t.Helper()
	ctx := context.Background()
	sim := sqlitetest.Open(t)
	if _, err := simulate.Run(ctx, sim, simulate.Options{Entries: 1200, Actors: 8, Seed: 5, Cast: simulate.SmallCast}); err != nil {
		t.Fatal(err)
	}
	dem := sqlitetest.Open(t)
	if _, err := demo.Seed(ctx, dem); err != nil {
		t.Fatal(err)
	}
	return sim, []namedStore{{"simulated", sim}, {"demo", dem}}
}

// epcisEvents is the events one export function writes for [from, end), a
// JSON line each.
func epcisEvents(t *testing.T, export func(context.Context, string, int64, int64, func(*opendata.Event) error) error, from, end int64) string {
	t.Helper()
	var b strings.Builder
	err := export(context.Background(), "https://aidtrail.example", from, end, func(ev *opendata.Event) error {
		j, err := json.Marshal(ev)
		b.Write(j)
		b.WriteByte('\n')
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func replayedCSV(t *testing.T, s *sqlite.Store, name string) string {
	t.Helper()
	rows, err := s.ReplayedExportTable(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.WriteAll(rows)
	return b.String()
}

func streamedCSV(t *testing.T, s *sqlite.Store, name string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := s.ExportTable(context.Background(), name, w.Write); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return b.String()
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + "\n got:  " + a + "\n want: " + b
		}
	}
	return ""
}
