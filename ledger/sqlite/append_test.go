package sqlite

import (
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"golang.org/x/mod/sumdb/tlog"
)

// An entry's tree hashes, subjects and organisations are stored with one
// statement a table (multi-row inserts), whatever their number, and the
// log still verifies.
func TestAppendOneStatementATable(t *testing.T) {
	s := openTestStore(t, "", testKey(t, testOrigin))
	addItems(t, s, "rows", 2)
	subjects := []string{ledger.Subject(ledger.SubjectItem, "rows-1"), ledger.Subject(ledger.SubjectItem, "rows-2")}
	count := CountStatements(t)
	const n = 8
	start := s.Latest().Size
	for i := range n {
		if err := s.write(t.Context(), func(tx *Tx) error {
			_, err := tx.AppendNew(ledger.TypeItemAdded, PlatformActor, subjects, &ledger.ItemAdded{Item: testItem("rows-more", i)})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	ran := map[string]int{} // statements by the table they insert into
	for q, k := range count() {
		for _, table := range []string{"hashes", "entry_subjects"} {
			if strings.Contains(q, "INTO "+table+" ") {
				ran[table] += k
			}
		}
	}
	var hashes, subjectRows int
	if err := s.db.QueryRow(`SELECT (SELECT count(*) FROM hashes WHERE id >= ?), (SELECT count(*) FROM entry_subjects WHERE subject IN (?, ?) AND idx >= ?)`,
		tlog.StoredHashIndex(0, start), subjects[0], subjects[1], start).Scan(&hashes, &subjectRows); err != nil {
		t.Fatal(err)
	}
	if hashes <= n || subjectRows != 2*n {
		t.Fatalf("%d entries stored %d tree hashes and %d subject rows", n, hashes, subjectRows)
	}
	for _, table := range []string{"hashes", "entry_subjects"} {
		if ran[table] != n {
			t.Errorf("%d statements stored the rows of %s for %d entries, want %d", ran[table], table, n, n)
		}
	}
	if err := s.Verify(t.Context()); err != nil {
		t.Fatal(err)
	}
}
