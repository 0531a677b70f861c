package sqlite

import (
	"context"
	"encoding/hex"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"golang.org/x/mod/sumdb/tlog"
)

// inOneBatch runs fns as writes of one batch: the writer is held by a
// write until all of them are queued.
func inOneBatch(t *testing.T, s *Store, fns ...func(*Tx) error) []error {
	ctx := context.Background()
	hold, held := make(chan struct{}), make(chan struct{})
	go s.write(ctx, func(*Tx) error { close(held); <-hold; return nil })
	<-held
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = s.write(ctx, fn) })
		for len(s.reqs) < i+1 {
			time.Sleep(time.Millisecond)
		}
	}
	close(hold)
	wg.Wait()
	return errs
}

// The writer remembers each subject's last entry and the tree hashes it
// wrote: a write's prev links and leaf hashes come from it, never from a
// write of the batch that was rolled back, and a following batch reads
// none of them from the database; the figures' cursor moves once a batch.
func TestWriterRemembersTheTail(t *testing.T) {
	s := openTestStore(t, "", testKey(t, testOrigin))
	addItems(t, s, "tail", 2)
	subj := ledger.Subject(ledger.SubjectItem, "tail-1")
	// An organisation no write has acted for yet: the first batch must
	// read its signature policy, the second must remember it.
	actor := ledger.Actor{Org: 7}
	n := 0
	appendOn := func(fail bool) func(*Tx) error {
		n++
		it := testItem("tail-more", n)
		return func(tx *Tx) error {
			if _, err := tx.AppendNew(ledger.TypeItemAdded, actor, []string{subj}, &ledger.ItemAdded{Item: it}); err != nil {
				return err
			}
			if fail {
				return errRolledBack
			}
			return nil
		}
	}
	count := CountStatements(t)
	errs := inOneBatch(t, s, appendOn(false), appendOn(true), appendOn(false), appendOn(false))
	if !errors.Is(errs[1], errRolledBack) || errs[0] != nil || errs[2] != nil || errs[3] != nil {
		t.Fatalf("writes: %v", errs)
	}
	first := count()
	if got := first[`UPDATE fig_cursor SET next = ?`]; got != 1 {
		t.Errorf("the figures' cursor moved %d times in one batch, want once", got)
	}
	// The first batch reads what the second must not, so that the check
	// below can fail (it does with the tail's policies left out).
	if q := `SELECT require_signatures, entry FROM org_policies WHERE org_id = ?`; first[q] == 0 {
		t.Errorf("the first batch never ran %q: the second batch's check proves nothing", q)
	}
	errs = inOneBatch(t, s, appendOn(false), appendOn(false))
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("writes: %v", errs)
	}
	ran := count()
	for _, q := range []string{`SELECT max(idx) FROM entry_subjects WHERE subject = ?`, `SELECT hash FROM hashes WHERE id = ?`,
		`SELECT require_signatures, entry FROM org_policies WHERE org_id = ?`} {
		if ran[q] != 0 {
			t.Errorf("the second batch ran %q %d times, want none", q, ran[q])
		}
	}
	// Each entry on subj links to the one before it that was kept, with
	// its leaf hash as the database holds it.
	rows, err := s.db.Query(`SELECT idx FROM entry_subjects WHERE subject = ? ORDER BY idx`, subj)
	if err != nil {
		t.Fatal(err)
	}
	var chain []int64
	for rows.Next() {
		var idx int64
		if err := rows.Scan(&idx); err != nil {
			t.Fatal(err)
		}
		chain = append(chain, idx)
	}
	rows.Close()
	if len(chain) != 6 {
		t.Fatalf("%d entries on %s, want 6 (one added, five kept)", len(chain), subj)
	}
	for i, idx := range chain[1:] {
		var data, hash []byte
		if err := s.db.QueryRow(`SELECT data FROM entries WHERE idx = ?`, idx).Scan(&data); err != nil {
			t.Fatal(err)
		}
		e, err := ledger.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.db.QueryRow(`SELECT hash FROM hashes WHERE id = ?`, tlog.StoredHashIndex(0, chain[i])).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if len(e.Prev) != 1 || e.Prev[0].Index != chain[i] || e.Prev[0].Hash != hex.EncodeToString(hash) {
			t.Errorf("entry %d links to %+v, want %d (%x)", idx, e.Prev, chain[i], hash)
		}
	}
	if err := s.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
}
