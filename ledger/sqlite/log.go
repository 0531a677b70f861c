package sqlite

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"golang.org/x/mod/sumdb/tlog"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

// Tx is one write's view of the batch transaction: domain rows go through
// it (it embeds *sql.Tx), and Append adds ledger entries.
type Tx struct {
	*sql.Tx
	ctx     context.Context
	now     time.Time
	size    int64                        // log size including this batch's entries so far
	key     string                       // the form key this write claimed (see useNonce)
	ahead   map[int64]ledger.SignedAhead // entries a signed entry of this write named in advance
	added   []addedEntry                 // the entries this write appended, for the read models
	items   *atomic.Pointer[itemsCache]  // the writer's catalogue (Tx.catalogue)
	tail    *tailView                    // the log's tail as the writer knows it (tail.go)
	figNext int64                        // where the figures have counted to (countFigures)
	// lotItems is the item of each lot this write's custody steps held.
	lotItems map[string]string
	stored   storedRows // the lots and handoffs rows as this write knows them (saveCustody)
	// itemsAdded: this write added to the catalogue (addItem).
	itemsAdded bool
}

type writeReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan error
}

// write runs fn in the writer's transaction and returns once its commit is
// durable (or it failed and changed nothing). Writes queued together share
// one transaction, and the batches committed while one sync runs share the
// next (group commit); each write runs in its own savepoint, so one failing
// write does not undo the others.
func (s *Store) write(ctx context.Context, fn func(*Tx) error) error {
	if key := formKeyOf(ctx); key != "" {
		do := fn
		fn = func(tx *Tx) error {
			if err := tx.useNonce(key); err != nil {
				return err
			}
			if err := do(tx); err != nil {
				return err
			}
			return tx.checkResent(key)
		}
	}
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case <-s.quit:
		return errClosed
	default:
	}
	select {
	case s.reqs <- r:
	case <-s.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, wait for the outcome even if ctx ends: the write may
	// already be committed and the caller must not believe otherwise.
	select {
	case err := <-r.done:
		return err
	case <-s.done:
		// The writer has stopped: it either ran r or never will.
		select {
		case err := <-r.done:
			return err
		default:
			return errClosed
		}
	}
}

var errClosed = ledger.Errorf(ledger.EINTERNAL, "the store is closed")

var errNothingToSign = ledger.Errorf(ledger.EINVALID, "there is nothing to sign here")

// writer runs the writes one batch at a time, each batch in one
// transaction committed without waiting for the disk; the syncer
// (durable.go) acknowledges the writes once the commit is durable, while
// the writer goes on with the next batch. Checkpoints the syncer signed are
// recorded by the next batch, or by a transaction of their own when idle.
func (s *Store) writer() {
	defer close(s.done)
	defer s.closeWriterConn()
	// Writes wait for a start-up check running beside reads (startcheck.go).
	select {
	case <-s.checked:
	case <-s.quit:
		s.cancelCheck()
		<-s.checked
	}
	for {
		var first *writeReq
		select {
		case first = <-s.reqs:
		case <-s.toRecord.ready:
			s.runBatch(nil)
			continue
		case <-s.quit:
			// Run what was queued before Close, let the syncer cover it,
			// then record the checkpoints it signed.
			for {
				select {
				case r := <-s.reqs:
					s.runBatch([]*writeReq{r})
					continue
				default:
				}
				break
			}
			close(s.toSync)
			<-s.syncDone
			if s.Err() == nil {
				if c, _ := s.writeBatch(nil); c != nil {
					if err := s.syncWAL(walPath(s.path)); err != nil {
						s.fail(err)
					}
				}
			}
			close(s.walPoke)
			<-s.walDone
			return
		}
		batch := []*writeReq{first}
	fill:
		for len(batch) < s.batch {
			select {
			case r := <-s.reqs:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		s.runBatch(batch)
	}
}

// runBatch commits the batch and hands it to the syncer, or answers every
// write at once after a failed sync.
func (s *Store) runBatch(batch []*writeReq) {
	if s.Err() != nil {
		for _, r := range batch {
			r.done <- s.stoppedError()
		}
		return
	}
	s.restartWAL()
	c, err := s.writeBatch(batch)
	if err != nil && !storageTrouble(err) {
		s.log.Error("ledger commit failed", "err", err, "writes", len(batch))
	}
	if c != nil {
		s.toSync <- c
	}
}

// errNotSaved is what a write gets when the disk is full or failing:
// nothing of it was stored, and it can be sent again later.
var errNotSaved = ledger.Errorf(ledger.EUNAVAILABLE, "not saved — please try again later")

// storageTrouble reports whether err comes from the disk (full, over
// quota, or failing) rather than from the write itself.
func storageTrouble(err error) bool {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3lib.SQLITE_FULL, sqlite3lib.SQLITE_IOERR:
			return true
		}
	}
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EIO)
}

// noteStorage logs, once, that writes fail because of the disk, and once
// that they work again.
func (s *Store) noteStorage(trouble error) {
	switch {
	case trouble != nil && !s.storageFailing:
		s.storageFailing = true
		s.log.Error("cannot write the database: writes get 'not saved — please try again later' until there is room again (no restart needed)", "err", trouble)
	case trouble == nil && s.storageFailing:
		s.storageFailing = false
		s.log.Info("writing the database again")
	}
}

// writeBatch runs the batch in one immediate transaction, with the
// checkpoints the syncer published since the last batch, and commits it
// (not yet durable: synchronous=NORMAL on the writer's connection). Writes
// that failed are answered at once; the committed batch's successful
// writes are returned for the syncer to answer once durable. When nothing
// is committed, every write is answered with why.
func (s *Store) writeBatch(batch []*writeReq) (_ *committedBatch, err error) {
	results := make([]error, len(batch))
	committed := false
	var c *committedBatch
	defer func() {
		if err != nil {
			s.items.Store(nil) // the catalogue may hold items of writes not committed
		}
	}()
	defer func() {
		var trouble error
		if storageTrouble(err) {
			trouble = err
		}
		for i, r := range batch {
			res := results[i]
			switch {
			case storageTrouble(res):
				trouble = cmp.Or(trouble, res)
				res = errNotSaved
			case res == nil && storageTrouble(err):
				res = errNotSaved
			case res == nil && err != nil:
				res = ledger.Errorf(ledger.EINTERNAL, "saving failed: %v", err)
			case res == nil && committed:
				c.waiting = append(c.waiting, r) // answered once durable
				continue
			}
			r.done <- res
		}
		if trouble != nil || err == nil {
			s.noteStorage(trouble)
		}
	}()
	ctx := context.Background()
	conn, err := s.writerConn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		s.closeWriterConn()
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	signed := s.toRecord.take()
	if len(batch) == 0 && len(signed) == 0 {
		sqlTx.Rollback()
		return nil, nil
	}
	defer func() {
		if !committed {
			s.toRecord.putBack(signed)
		}
	}()
	for _, cp := range signed {
		if err := insertCheckpoint(ctx, sqlTx, cp); err != nil {
			return nil, err
		}
	}
	var start, figNext int64
	if err := sqlTx.QueryRowContext(ctx, `SELECT coalesce(max(idx) + 1, 0), (SELECT next FROM fig_cursor) FROM entries`).Scan(&start, &figNext); err != nil {
		return nil, fmt.Errorf("reading log size: %w", err)
	}
	kept := &tailView{own: newTailLayer(), batch: newTailLayer(), committed: &s.tail, start: start}
	tx := &Tx{Tx: sqlTx, ctx: ctx, items: &s.items, tail: kept}
	size, figCounted := start, figNext
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT w`); err != nil {
			return nil, fmt.Errorf("savepoint: %w", err)
		}
		t := &Tx{Tx: sqlTx, ctx: context.WithoutCancel(r.ctx), now: s.now(), size: size, items: &s.items,
			tail: &tailView{own: newTailLayer(), batch: kept.batch, committed: &s.tail, start: start}, figNext: figCounted}
		results[i] = runWrite(t, r.fn)
		if results[i] == nil {
			results[i] = t.countFigures()
		}
		if sg := ledger.SigningFrom(r.ctx); results[i] == nil && sg != nil && sg.Prepare {
			results[i] = errNothingToSign // a prepared write never changes anything
		}
		if results[i] != nil {
			if t.itemsAdded {
				s.items.Store(nil) // it may hold the items this write added
			}
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO w`); err != nil {
				return nil, fmt.Errorf("rollback to savepoint: %w", err)
			}
		} else {
			size, figCounted = t.size, t.figNext
			kept.batch.merge(t.tail.own)
		}
		if _, err := tx.ExecContext(ctx, `RELEASE w`); err != nil {
			return nil, fmt.Errorf("release savepoint: %w", err)
		}
	}
	if err := tx.flushFigures(kept.batch.figs); err != nil {
		return nil, err
	}
	if figCounted != figNext {
		if _, err := tx.ExecContext(ctx, `UPDATE fig_cursor SET next = ?`, figCounted); err != nil {
			return nil, fmt.Errorf("moving the figures' cursor: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	committed = true
	if err := s.countFrames(conn); err != nil {
		s.log.Warn("counting the WAL's frames failed: the WAL is started over less often", "err", err)
	}
	c = &committedBatch{size: size}
	s.tail.merge(kept.batch)
	s.tail.bound()
	return c, nil
}

// writerConn is the connection every batch runs on. One connection keeps
// SQLite's page cache and its prepared statements (stmtcache.go) from batch
// to batch (a connection that another one wrote behind drops its whole
// page cache), and its savepoints journal in memory, not in a temporary
// file written page by page. Its commits do not wait for the disk
// (synchronous=NORMAL: the syncer makes them durable, durable.go) and run
// no WAL checkpoint (wal_autocheckpoint=0: the checkpointer does,
// walcheckpoint.go).
func (s *Store) writerConn(ctx context.Context) (*sql.Conn, error) {
	if s.wconn != nil {
		return s.wconn, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range []string{`PRAGMA temp_store = MEMORY`, `PRAGMA synchronous = NORMAL`, `PRAGMA wal_autocheckpoint = 0`} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			discardConn(conn)
			return nil, err
		}
	}
	s.wconn = conn
	return conn, nil
}

// closeWriterConn closes the writer's connection (never handed back to the
// pool: its pragmas are the writer's); the next batch opens one again.
func (s *Store) closeWriterConn() {
	if s.wconn != nil {
		discardConn(s.wconn)
		s.wconn = nil
	}
}

// discardConn closes conn's driver connection instead of returning it to
// the pool.
func discardConn(conn *sql.Conn) {
	conn.Raw(func(any) error { return driver.ErrBadConn })
	conn.Close()
}

func runWrite(t *Tx, fn func(*Tx) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("write panicked: %v", p)
		}
	}()
	return fn(t)
}

// Now is the time of this write, as written into its entries.
func (tx *Tx) Now() time.Time { return tx.now }

// Context is the writer's request context.
func (tx *Tx) Context() context.Context { return tx.ctx }

// Appended is where an entry landed.
type Appended struct {
	Index int64
	Hash  tlog.Hash
}

// Append adds e to the log: it sets the time (tx.Now, unless the context
// carries a scenario time, see ledger.WithTime) and a prev link for every
// subject that already has entries, stores the entry byte-exact and its tree
// hashes, and indexes its subjects.
func (tx *Tx) Append(e *ledger.Entry) (Appended, error) {
	ctx := tx.ctx
	e.Time = ledger.FormatTime(ledger.TimeFrom(ctx, tx.now))
	e.Prev = e.Prev[:0]
	for _, subj := range e.Subjects {
		idx, err := tx.lastEntry(subj)
		if err != nil {
			return Appended{}, err
		}
		if idx < 0 {
			continue
		}
		h, err := tx.leafHash(idx)
		if err != nil {
			return Appended{}, err
		}
		e.Prev = append(e.Prev, ledger.Link{Subject: subj, Index: idx, Hash: hex.EncodeToString(h[:])})
	}
	if len(e.Prev) == 0 {
		e.Prev = nil
	}
	signed, err := tx.signEntry(e)
	if err != nil {
		return Appended{}, err
	}
	data, err := ledger.Encode(e)
	if err != nil {
		return Appended{}, err
	}
	n := tx.size
	hashes, err := tlog.StoredHashes(n, data, tx)
	if err != nil {
		return Appended{}, fmt.Errorf("computing tree hashes: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO entries (idx, data, type, time, org) VALUES (?, ?, ?, ?, ?)`,
		n, data, e.Type, e.Time, e.Actor.Org); err != nil {
		return Appended{}, fmt.Errorf("storing entry: %w", err)
	}
	// One statement a table for the entry's rows (multi-row inserts).
	base := tlog.StoredHashIndex(0, n)
	args := make([]any, 0, 2*max(len(hashes), len(e.Subjects)))
	for i, h := range hashes {
		args = append(args, base+int64(i), h[:])
		tx.tail.own.hashes[base+int64(i)] = h
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO hashes (id, hash) VALUES `+valueRows(len(hashes), 2), args...); err != nil {
		return Appended{}, fmt.Errorf("storing tree hashes: %w", err)
	}
	if len(e.Subjects) > 0 {
		args = args[:0]
		for _, subj := range e.Subjects {
			args = append(args, subj, n)
			tx.tail.own.last[subj] = n
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO entry_subjects (subject, idx) VALUES `+valueRows(len(e.Subjects), 2), args...); err != nil {
			return Appended{}, fmt.Errorf("indexing subjects: %w", err)
		}
	}
	orgs, err := entryOrgs(e)
	if err != nil {
		return Appended{}, err
	}
	if len(orgs) > 0 {
		args = args[:0]
		for _, org := range orgs {
			args = append(args, org, n)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO entry_orgs (org, idx) VALUES `+valueRows(len(orgs), 2), args...); err != nil {
			return Appended{}, fmt.Errorf("indexing organisations: %w", err)
		}
	}
	if items := entryItems(data); len(items) > 0 {
		args = args[:0]
		for _, item := range items {
			args = append(args, item, n)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO entry_items (item, idx) VALUES `+valueRows(len(items), 2), args...); err != nil {
			return Appended{}, fmt.Errorf("indexing items: %w", err)
		}
	}
	if err := tx.dateEntry(n, e.Time); err != nil {
		return Appended{}, err
	}
	if err := signed(); err != nil {
		return Appended{}, fmt.Errorf("recording signature nonce: %w", err)
	}
	tx.size = n + 1
	tx.added = append(tx.added, addedEntry{index: n, entry: e})
	return Appended{Index: n, Hash: hashes[0]}, nil
}

// valueRows is n rows of cols parameters, for a multi-row INSERT:
// "(?, ?), (?, ?)".
func valueRows(n, cols int) string {
	row := "(" + placeholders(cols) + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// AppendNew builds an entry (ledger.NewEntry) and appends it.
func (tx *Tx) AppendNew(typ string, actor ledger.Actor, subjects []string, body ledger.Body) (Appended, error) {
	if err := body.Validate(); err != nil {
		return Appended{}, err
	}
	e, err := ledger.NewEntry(typ, actor, subjects, body)
	if err != nil {
		return Appended{}, err
	}
	return tx.Append(e)
}

func (tx *Tx) leafHash(idx int64) (tlog.Hash, error) {
	hs, err := tx.ReadHashes([]int64{tlog.StoredHashIndex(0, idx)})
	if err != nil {
		return tlog.Hash{}, err
	}
	return hs[0], nil
}

// Compile-time checks: a transaction reads the tree's hashes (for proofs
// over the batch's own entries) and serves as a queryer like the pool does.
var (
	_ tlog.HashReader = (*Tx)(nil)
	_ queryer         = (*Tx)(nil)
	_ queryer         = (*sql.DB)(nil)
)

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readHashes(ctx context.Context, q queryer, indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, id := range indexes {
		var b []byte
		if err := q.QueryRowContext(ctx, `SELECT hash FROM hashes WHERE id = ?`, id).Scan(&b); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil, fmt.Errorf("tree hash %d is missing", id)
			}
			return nil, fmt.Errorf("reading tree hash %d: %w", id, err)
		}
		if len(b) != tlog.HashSize {
			return nil, fmt.Errorf("tree hash %d is %d bytes", id, len(b))
		}
		copy(out[i][:], b)
	}
	return out, nil
}

// treeHash is the RFC 6962 root of the first n entries (the empty-string
// hash for n = 0, as RFC 6962 defines it).
func treeHash(n int64, r tlog.HashReader) (tlog.Hash, error) {
	if n == 0 {
		return sha256.Sum256(nil), nil
	}
	return tlog.TreeHash(n, r)
}

// nullInt scans a nullable integer as -1 when NULL.
type nullInt struct{ p *int64 }

func (n *nullInt) Scan(v any) error {
	var ni sql.NullInt64
	if err := ni.Scan(v); err != nil {
		return err
	}
	*n.p = -1
	if ni.Valid {
		*n.p = ni.Int64
	}
	return nil
}
