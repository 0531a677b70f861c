package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// Cosignature is a witness's verified cosignature/v1 line on the checkpoint
// of one size.
type Cosignature struct {
	Witness string // the witness key's name
	KeyHash uint32
	Size    int64
	Line    string // "— name base64\n", as the witness returned it
	Signed  time.Time
}

// SaveCosignature stores a cosignature the caller has verified. A second
// one from the same key for the same size replaces the first. It waits
// for a start-up check running beside reads (startcheck.go), and stores
// nothing if that check failed.
func (s *Store) SaveCosignature(ctx context.Context, c Cosignature) error {
	select {
	case <-s.checked:
	case <-ctx.Done():
		return ctx.Err()
	}
	if s.checking.Load() {
		return s.stoppedError()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO cosignatures (witness, key_hash, size, line, signed) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (witness, key_hash, size) DO UPDATE SET line = excluded.line, signed = excluded.signed`,
		c.Witness, int64(c.KeyHash), c.Size, c.Line, ledger.FormatTime(c.Signed.UTC()))
	if err != nil {
		return fmt.Errorf("storing cosignature: %w", err)
	}
	return nil
}

// Cosignatures returns the cosignatures stored for the checkpoint of size.
func (s *Store) Cosignatures(ctx context.Context, size int64) ([]Cosignature, error) {
	return s.queryCosignatures(ctx, `WHERE size = ? ORDER BY witness, key_hash`, size)
}

// LatestCosignature returns a witness key's cosignature of the largest
// size, or nil if it never cosigned.
func (s *Store) LatestCosignature(ctx context.Context, witness string, keyHash uint32) (*Cosignature, error) {
	cs, err := s.queryCosignatures(ctx, `WHERE witness = ? AND key_hash = ? ORDER BY size DESC LIMIT 1`, witness, int64(keyHash))
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	return &cs[0], nil
}

// CosignedSizes returns up to limit sizes that carry cosignatures, largest first.
func (s *Store) CosignedSizes(ctx context.Context, limit int) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT size FROM cosignatures ORDER BY size DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("reading cosignatures: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func (s *Store) queryCosignatures(ctx context.Context, tail string, args ...any) ([]Cosignature, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT witness, key_hash, size, line, signed FROM cosignatures `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("reading cosignatures: %w", err)
	}
	defer rows.Close()
	var out []Cosignature
	for rows.Next() {
		var c Cosignature
		var kh int64
		var signed string
		if err := rows.Scan(&c.Witness, &kh, &c.Size, &c.Line, &signed); err != nil {
			return nil, err
		}
		c.KeyHash = uint32(kh)
		c.Signed, _ = time.Parse(ledger.TimeFormat, signed)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CheckpointAt returns the signed checkpoint of the given size; it is an
// error if none was published at that size.
func (s *Store) CheckpointAt(ctx context.Context, size int64) (*ledger.Checkpoint, error) {
	if c := s.Latest(); c.Size == size {
		return &c, nil // served, perhaps not recorded yet (durable.go)
	}
	var c ledger.Checkpoint
	var root []byte
	var created string
	err := s.db.QueryRowContext(ctx, `SELECT size, root, note, created FROM checkpoints WHERE size = ?`, size).Scan(&c.Size, &root, &c.Note, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("no checkpoint of size %d was published", size)
	} else if err != nil {
		return nil, fmt.Errorf("reading checkpoint %d: %w", size, err)
	}
	copy(c.Root[:], root)
	c.Created, _ = time.Parse(ledger.TimeFormat, created)
	return &c, nil
}
