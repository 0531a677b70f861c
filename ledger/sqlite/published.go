package sqlite

// Never a fork: the checkpoint the log has published is kept outside the
// database too (checkpointfile), written before it is served, and a
// database whose tree does not extend it is refused at start.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"golang.org/x/mod/sumdb/tlog"
)

// ErrRefused marks a database the server must not serve: damaged, or not
// extending the checkpoint the log has published. Its message says what
// was found and what to do.
var ErrRefused = errors.New("refusing to start")

// quickCheck runs SQLite's quick_check: a damaged database is refused, not served.
func quickCheck(ctx context.Context, q queryer) error {
	return integrityCheck(ctx, q, "quick_check")
}

// integrityCheck runs PRAGMA pragma (quick_check or integrity_check) and
// returns ErrRefused with SQLite's first findings unless it answers "ok".
func integrityCheck(ctx context.Context, q queryer, pragma string) error {
	unreadable := func(err error) error {
		return fmt.Errorf("%w: the database cannot be read (%s: %v). Restore the data directory from a backup or replica (README: Backup and restore)", ErrRefused, pragma, err)
	}
	rows, err := q.QueryContext(ctx, `PRAGMA `+pragma)
	if err != nil {
		return unreadable(err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return unreadable(err)
		}
		if line != "ok" && len(found) < 5 {
			found = append(found, line)
		}
	}
	if err := rows.Err(); err != nil {
		return unreadable(err)
	}
	if len(found) > 0 {
		return fmt.Errorf("%w: the database is damaged (%s: %s). Restore the data directory from a backup or replica (README: Backup and restore)", ErrRefused, pragma, strings.Join(found, "; "))
	}
	return nil
}

// committedSize is the number of entries committed to the database.
func (s *Store) committedSize(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(idx) + 1, 0) FROM entries`).Scan(&n); err != nil {
		return 0, fmt.Errorf("reading log size: %w", err)
	}
	return n, nil
}

// publishedBy names the published checkpoint in CheckKept's refusals.
const publishedBy = "this log has published"

// checkExtendsPublished refuses a database whose tree does not extend the
// published checkpoint.
func (s *Store) checkExtendsPublished(ctx context.Context, size int64) error {
	if _, ok := s.pub.Current(); !ok {
		if size > 0 {
			s.log.Warn("no published checkpoint kept outside the database yet: keeping the database's latest", "file", s.pub.Path())
		}
		return nil
	}
	return s.CheckKept(ctx, s.pub, publishedBy)
}

// CheckKept returns ErrRefused, naming both sizes and roots and what to
// do, if the committed tree does not extend the checkpoint kept in f
// (published by the log, or cosigned by its witnesses: who says which,
// as in "the checkpoint <who>"): it is smaller, or its root at the kept
// size differs. It returns nil if f keeps none.
func (s *Store) CheckKept(ctx context.Context, f *checkpointfile.File, who string) error {
	kept, ok := f.Current()
	if !ok {
		return nil
	}
	size, err := s.committedSize(ctx)
	if err != nil {
		return err
	}
	root, err := treeHash(size, s.hashReader(ctx))
	if err != nil {
		return fmt.Errorf("%w: the database's tree of %d entries cannot be read (%v). Restore the data directory from a backup or replica (README: Backup and restore)", ErrRefused, size, err)
	}
	if size < kept.Size {
		return refuseRollback(f.Path(), kept, who, size, root)
	}
	err = s.CheckExtends(ctx, kept.Size, kept.Root)
	if err == nil {
		err = s.proveExtends(ctx, kept.Size, kept.Root, size, root)
	}
	if err != nil {
		return fmt.Errorf("%w: the database holds %d entries (root %s), but %v (the checkpoint %s, kept in %s); serving it would sign a fork. Restore the data directory from a backup or replica that holds the published log (README: Backup and restore); keep %s",
			ErrRefused, size, b64(root), err, who, f.Path(), f.Path())
	}
	return nil
}

// proveExtends returns nil if the tree of size n and root nRoot contains
// the tree of size m and root mRoot, by a consistency proof read from the
// stored hashes and checked against both roots. Unlike comparing the
// stored tree's root at m (CheckExtends), it cannot pass when a stored
// hash that only the larger tree reads is wrong: a damaged value that
// quick_check cannot see would otherwise be signed into a fork.
func (s *Store) proveExtends(ctx context.Context, m int64, mRoot tlog.Hash, n int64, nRoot tlog.Hash) error {
	switch {
	case m > n:
		return fmt.Errorf("the tree of %d entries cannot contain the %d of the checkpoint", n, m)
	case m == 0 && mRoot == sha256.Sum256(nil), m == n && mRoot == nRoot:
		return nil
	case m == 0 || m == n:
		return fmt.Errorf("the tree of size %d has root %s, not %s", m, b64(nRoot), b64(mRoot))
	}
	proof, err := tlog.ProveTree(n, m, s.hashReader(ctx))
	if err != nil {
		return fmt.Errorf("reading the proof that the tree of size %d contains the tree of size %d: %w", n, m, err)
	}
	if err := tlog.CheckTree(proof, n, nRoot, m, mRoot); err != nil {
		return fmt.Errorf("the stored hashes do not prove that the tree of size %d (root %s) contains the tree of size %d (root %s)", n, b64(nRoot), m, b64(mRoot))
	}
	return nil
}

// refuseRollback is CheckKept's refusal of a database of size entries
// (root root) smaller than the kept checkpoint.
func refuseRollback(file string, kept checkpointfile.Checkpoint, who string, size int64, root tlog.Hash) error {
	return fmt.Errorf("%w: the database holds %d entries (root %s), fewer than the %d of the checkpoint %s (root %s, kept in %s): serving it would roll the log back and sign a fork. Restore the data directory from a backup or replica that holds at least %d entries (README: Backup and restore); keep %s",
		ErrRefused, size, b64(root), kept.Size, who, kept.RootString(), file, kept.Size, file)
}

func b64(h tlog.Hash) string { return base64.StdEncoding.EncodeToString(h[:]) }

// CheckExtends returns nil if the committed tree contains the tree of the
// given size and root: its own root at that size is root. A kept
// checkpoint (published, or cosigned by witnesses) may be replaced only
// by one that passes this.
func (s *Store) CheckExtends(ctx context.Context, size int64, root tlog.Hash) error {
	have, err := s.committedSize(ctx)
	if err != nil {
		return err
	}
	if have < size {
		return fmt.Errorf("the log holds %d entries, fewer than %d", have, size)
	}
	got, err := treeHash(size, s.hashReader(ctx))
	if err != nil {
		return fmt.Errorf("reading the tree of size %d: %w", size, err)
	}
	if got != root {
		return fmt.Errorf("the tree of size %d has root %s here, but the checkpoint published at that size has root %s", size, b64(got), b64(root))
	}
	return nil
}

// publish keeps cp in the published-checkpoint file, durably, and only
// then serves it.
func (s *Store) publish(ctx context.Context, cp *ledger.Checkpoint) error {
	if err := s.Keep(ctx, s.pub, cp.Note); err != nil {
		return err
	}
	s.latest.Store(cp)
	s.notify()
	return nil
}

// Keep keeps signed (a checkpoint of this log, possibly with witness
// cosignatures) in f, durably, if a consistency proof from the stored
// hashes shows that its tree contains the checkpoint f keeps; it returns
// checkpointfile.ErrNotExtending (wrapped) and keeps the old one otherwise.
func (s *Store) Keep(ctx context.Context, f *checkpointfile.File, signed []byte) error {
	cp, err := checkpointfile.Parse(signed, s.key.Verifier)
	if err != nil {
		return err
	}
	_, err = f.Advance(signed, func(old checkpointfile.Checkpoint) error {
		return s.proveExtends(ctx, old.Size, old.Root, cp.Size, cp.Root)
	})
	return err
}

// PublishedFile is the path of the file that keeps the published checkpoint.
func (s *Store) PublishedFile() string { return s.pub.Path() }

// Check runs the full check of the database at opts.Path without writing
// to it, while a server may be running on it: SQLite's integrity_check,
// the store's own Verify (every entry, hash and checkpoint recomputed),
// that the tree extends the published checkpoint, and that the public
// figures' read models equal a replay of the log. It returns the log's
// size, or ErrRefused naming the first problem.
func Check(ctx context.Context, opts Options) (int64, error) {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: opts.Path}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	s := &Store{db: db, key: opts.Key, log: slog.New(slog.DiscardHandler)}
	if err := integrityCheck(ctx, db, "integrity_check"); err != nil {
		return 0, err
	}
	pub, err := checkpointfile.Open(filepath.Join(filepath.Dir(opts.Path), checkpointfile.Published), opts.Key.Verifier)
	if err != nil {
		return 0, err
	}
	s.pub = pub
	if err := s.checkLogIdentity(ctx, func() error { return nil }); err != nil {
		return 0, err
	}
	size, err := s.committedSize(ctx)
	if err != nil {
		return 0, err
	}
	if err := s.checkExtendsPublished(ctx, size); err != nil {
		return 0, err
	}
	if err := s.Verify(ctx); err != nil {
		return 0, fmt.Errorf("%w: the log does not verify: %v. Restore the data directory from a backup or replica (README: Backup and restore)", ErrRefused, err)
	}
	var figured int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'fig_cursor'`).Scan(&figured); err != nil {
		return 0, err
	}
	if figured == 0 {
		return size, nil // an older schema: the next start migrates and counts the figures
	}
	if err := s.CheckFigures(ctx); err != nil {
		return 0, fmt.Errorf("%v. The log itself is sound: stop the server and run aidtrail admin check -rebuild-figures", err)
	}
	return size, nil
}
