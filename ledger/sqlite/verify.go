package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Verify re-reads the whole log in one snapshot and checks it against
// itself: every entry decodes, its prev links name its subjects' previous
// entries, every stored tree hash equals the one recomputed from the entry
// bytes, no entry or hash is missing or extra, and every signed checkpoint
// carries a valid signature over the recomputed root. It returns the first
// problem found, naming the entry index.
func (s *Store) Verify(ctx context.Context) error {
	return s.readTx(ctx, func(tx *sql.Tx) error {
		var hashes []tlog.Hash // every stored hash, recomputed, by stored index
		mem := tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
			out := make([]tlog.Hash, len(ix))
			for i, id := range ix {
				if id >= int64(len(hashes)) {
					return nil, fmt.Errorf("hash %d not computed yet", id)
				}
				out[i] = hashes[id]
			}
			return out, nil
		})
		chains := ledger.Chains{}
		rows, err := tx.QueryContext(ctx, `SELECT idx, data FROM entries ORDER BY idx`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var n int64
		for rows.Next() {
			var idx int64
			var data []byte
			if err := rows.Scan(&idx, &data); err != nil {
				return err
			}
			if idx != n {
				return fmt.Errorf("entry %d is missing", n)
			}
			leaf := tlog.RecordHash(data)
			hs, err := tlog.StoredHashesForRecordHash(n, leaf, mem)
			if err != nil {
				return fmt.Errorf("entry %d: %w", n, err)
			}
			hashes = append(hashes, hs...)
			e, err := ledger.Decode(data)
			if err != nil {
				return fmt.Errorf("entry %d does not decode: %w", n, err)
			}
			if err := chains.Check(n, e); err != nil {
				return err
			}
			chains.Advance(n, leaf, e)
			n++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if err := compareStoredHashes(ctx, tx, hashes); err != nil {
			return err
		}
		return s.checkCheckpoints(ctx, tx, n, mem)
	})
}

func compareStoredHashes(ctx context.Context, tx *sql.Tx, hashes []tlog.Hash) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, hash FROM hashes ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	for rows.Next() {
		var got int64
		var h []byte
		if err := rows.Scan(&got, &h); err != nil {
			return err
		}
		if got != id {
			return fmt.Errorf("tree hash %d (%s) is missing", id, describeHash(id))
		}
		if id >= int64(len(hashes)) {
			return fmt.Errorf("tree hash %d (%s) has no entry: the log ends at entry %d", id, describeHash(id), lastEntry(hashes))
		}
		if !bytes.Equal(h, hashes[id][:]) {
			return fmt.Errorf("tree hash %d (%s) does not match the entries", id, describeHash(id))
		}
		id++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if id != int64(len(hashes)) {
		return fmt.Errorf("tree hash %d (%s) is missing", id, describeHash(id))
	}
	return nil
}

// lastEntry is the index of the last entry whose hashes were recomputed.
func lastEntry(hashes []tlog.Hash) int64 {
	_, n := tlog.SplitStoredHashIndex(int64(len(hashes)))
	return n - 1
}

func describeHash(id int64) string {
	level, n := tlog.SplitStoredHashIndex(id)
	if level == 0 {
		return fmt.Sprintf("leaf of entry %d", n)
	}
	return fmt.Sprintf("level %d node %d", level, n)
}

func (s *Store) checkCheckpoints(ctx context.Context, tx *sql.Tx, size int64, r tlog.HashReader) error {
	rows, err := tx.QueryContext(ctx, `SELECT size, root, note FROM checkpoints ORDER BY size`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cpSize int64
		var root, signed []byte
		if err := rows.Scan(&cpSize, &root, &signed); err != nil {
			return err
		}
		if cpSize > size {
			return fmt.Errorf("checkpoint of size %d covers entries that are missing (the log has %d)", cpSize, size)
		}
		n, err := note.Open(signed, note.VerifierList(s.key.Verifier))
		if err != nil {
			return fmt.Errorf("checkpoint of size %d: bad signature: %w", cpSize, err)
		}
		var cp log.Checkpoint
		if _, err := cp.Unmarshal([]byte(n.Text)); err != nil {
			return fmt.Errorf("checkpoint of size %d: %w", cpSize, err)
		}
		want, err := treeHash(cpSize, r)
		if err != nil {
			return err
		}
		if cp.Origin != s.Origin() || int64(cp.Size) != cpSize || !bytes.Equal(cp.Hash, want[:]) || !bytes.Equal(root, want[:]) {
			return fmt.Errorf("checkpoint of size %d does not match the entries", cpSize)
		}
	}
	return rows.Err()
}
