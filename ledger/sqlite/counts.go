package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"github.com/aidtrail/aidtrail/ledger"
)

// Stock counts: a member of the holder records what a count of a lot found;
// a large difference waits for a second member (ledger/counts.go).

const countColumns = `entry, lot, org, user, held, counted, reason, status`

func scanCount(row interface{ Scan(...any) error }) (*ledger.Count, error) {
	var k ledger.Count
	err := row.Scan(&k.Entry, &k.Lot, &k.Org, &k.User, &k.Held, &k.Counted, &k.Reason, &k.Status)
	return &k, err
}

// loadPendingCount loads the count of lot waiting for approval, if any.
func (tx *Tx) loadPendingCount(c *ledger.Custody, lot string) error {
	k, err := scanCount(tx.QueryRowContext(tx.ctx, `SELECT `+countColumns+` FROM lot_counts WHERE lot = ? AND status = ?`, lot, ledger.CountPending))
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading count: %w", err)
	}
	c.Counts[k.Entry] = k
	return nil
}

// CountInput is what a stock count of a lot found.
type CountInput struct {
	Lot     string
	Held    int64 // what the page showed as held when the count began
	Counted int64
	Reason  string
	Note    string
}

// CountLot records a stock count by m's organisation, the lot's custodian.
// It returns the entry's index and the count's status: matched, adjusted
// (applied at once) or pending (a second member must approve). Returns
// ECONFLICT if the lot changed since the count began or another count
// waits, EINVALID for a difference without a reason.
func (s *Store) CountLot(ctx context.Context, m ledger.Member, in CountInput, nonce string) (int64, string, error) {
	var idx int64
	var status string
	err := s.custodyWrite(ctx, m, m.Custodian(), nonceRequired(nonce), []string{in.Lot}, func(tx *Tx, c *ledger.Custody, codes []string) error {
		a, err := tx.step(c, m.Actor(), ledger.TypeLotCounted, &ledger.LotCounted{Lot: codes[0], Held: in.Held, Counted: in.Counted, Reason: in.Reason, Note: in.Note})
		if err != nil {
			return err
		}
		idx, status = a.Index, c.Counts[a.Index].Status
		return nil
	})
	return idx, status, err
}

// ReviewCount approves (applies) or rejects the pending count at entry of
// lot, by a member of the holder other than the one who counted. Returns
// EFORBIDDEN for the counter, ECONFLICT if it was already reviewed.
func (s *Store) ReviewCount(ctx context.Context, m ledger.Member, lot string, entry int64, approve bool, note string) error {
	return s.custodyWrite(ctx, m, m.Custodian(), "", []string{lot}, func(tx *Tx, c *ledger.Custody, codes []string) error {
		if _, ok := c.Counts[entry]; !ok {
			k, err := scanCount(tx.QueryRowContext(tx.ctx, `SELECT `+countColumns+` FROM lot_counts WHERE entry = ?`, entry))
			if err == nil {
				c.Counts[entry] = k
			} else if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("reading count: %w", err)
			}
		}
		_, err := tx.step(c, m.Actor(), ledger.TypeLotCountReviewed, &ledger.LotCountReviewed{Lot: codes[0], Count: entry, Approved: approve, Note: note})
		return err
	})
}

// LotCounts returns the counts of a lot, newest first (a lot is counted a
// few times in its life).
func (s *Store) LotCounts(ctx context.Context, lot string) ([]ledger.Count, error) {
	return lotCounts(ctx, s.db, lot)
}

func lotCounts(ctx context.Context, q queryer, lot string) ([]ledger.Count, error) {
	var out []ledger.Count
	if err := collect(ctx, q, &out, scanCountRow, `SELECT `+countColumns+` FROM lot_counts WHERE lot = ? ORDER BY entry DESC LIMIT 50`, lot); err != nil {
		return nil, fmt.Errorf("reading counts: %w", err)
	}
	return out, nil
}

// orgAdjustments returns a page of an organisation's counts that changed
// (or would change) its stock, newest first, after page key after (made
// by the previous page), and the key after the last if more follow:
// public, as discrepancies are. Returns EMALFORMED for a page key the
// store did not make.
func orgAdjustments(ctx context.Context, q queryer, org int64, after string, limit int) (out []ledger.Count, next string, err error) {
	entry := int64(math.MaxInt64)
	if after != "" {
		if err := parsePageKey(after, &entry); err != nil {
			return nil, "", err
		}
	}
	if err := collect(ctx, q, &out, scanCountRow, `SELECT `+countColumns+` FROM lot_counts
		WHERE org = ? AND status != 'matched' AND entry < ? ORDER BY entry DESC LIMIT ?`, org, entry, limit+1); err != nil {
		return nil, "", fmt.Errorf("reading adjustments: %w", err)
	}
	if len(out) > limit {
		out = out[:limit]
		next = pageKey(out[limit-1].Entry)
	}
	return out, next, nil
}

// scanCountRow is scanCount for collect.
func scanCountRow(rows *sql.Rows) (ledger.Count, error) {
	k, err := scanCount(rows)
	return *k, err
}
