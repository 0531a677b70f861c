package sqlite

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// logAccess records that m viewed private data (what, e.g. "org:5 contact"
// or "file:<sha256>"), in the same transaction that reads it.
func (tx *Tx) logAccess(m ledger.Member, what, clientIP string) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO access_log (viewer, what, at, client_ip) VALUES (?, ?, ?, ?)`,
		m.User, what, ledger.FormatTime(tx.now), clientIP)
	if err != nil {
		return fmt.Errorf("recording access: %w", err)
	}
	return nil
}

// Access is one recorded view of private data.
type Access struct {
	ID        int64
	Viewer    int64
	ViewerOrg int64 // 0 for a personal account
	Role      string
	What      string
	At        time.Time
	ClientIP  string
}

// AccessLog returns a page of up to limit views of private data, newest
// first, after page key after ("" for the newest); next is the key after
// the last, "" on the last page. Returns EFORBIDDEN unless m is an
// auditor, EMALFORMED for a page key the store did not make.
func (s *Store) AccessLog(ctx context.Context, m ledger.Member, after string, limit int) (out []Access, next string, err error) {
	if err := m.Require(m.IsAuditor()); err != nil {
		return nil, "", err
	}
	below := int64(math.MaxInt64)
	if after != "" {
		if err := parsePageKey(after, &below); err != nil {
			return nil, "", err
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.viewer, coalesce(u.org_id, 0), u.role, a.what, a.at, a.client_ip
		FROM access_log a JOIN users u ON u.id = a.viewer WHERE a.id < ? ORDER BY a.id DESC LIMIT ?`, below, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("reading access log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a Access
		var at string
		if err := rows.Scan(&a.ID, &a.Viewer, &a.ViewerOrg, &a.Role, &a.What, &at, &a.ClientIP); err != nil {
			return nil, "", err
		}
		a.At, _ = time.Parse(ledger.TimeFormat, at)
		out = append(out, a)
	}
	if len(out) > limit {
		out = out[:limit]
		next = pageKey(out[limit-1].ID)
	}
	return out, next, rows.Err()
}

// ReviewQueue is what waits for an auditor's decision, one list per kind
// of submission.
type ReviewQueue struct {
	Orgs  []*ledger.Org  // pending organisations, with their private contact
	Needs []*ledger.Need // submitted needs, oldest first
}

// PendingReviews returns the review queue. Showing an organisation's
// contact is recorded in the access log, one row each. Returns EFORBIDDEN
// unless m is an auditor.
func (s *Store) PendingReviews(ctx context.Context, m ledger.Member, clientIP string) (*ReviewQueue, error) {
	if err := m.Require(m.IsAuditor()); err != nil {
		return nil, err
	}
	q := &ReviewQueue{}
	err := s.write(ctx, func(tx *Tx) error {
		orgs, err := orgsWithStatus(tx.ctx, tx, ledger.OrgPending)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if err := tx.logAccess(m, ledger.Subject(ledger.SubjectOrg, o.ID)+" contact", clientIP); err != nil {
				return err
			}
		}
		q.Orgs = orgs
		q.Needs, err = queryNeeds(tx.ctx, tx, `WHERE n.status = 'submitted' ORDER BY n.id`)
		return err
	})
	return q, err
}

// EvidenceFile returns a private evidence file to an auditor or a member
// of the organisation it belongs to, and records the view; public files
// are returned to anyone without a record. Returns ENOTFOUND if there is
// no such file or m may not see it.
func (s *Store) EvidenceFile(ctx context.Context, m ledger.Member, sum, clientIP string) (*StoredFile, error) {
	f, err := s.FileBySHA256(ctx, sum)
	if err != nil || f.Public {
		return f, err
	}
	if !m.MaySeePrivate(f.Org) {
		if err := m.Require(false); ledger.ErrorCode(err) == ledger.EUNAUTHORIZED {
			return nil, err
		}
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no such file")
	}
	err = s.write(ctx, func(tx *Tx) error { return tx.logAccess(m, "file:"+sum, clientIP) })
	if err != nil {
		return nil, err
	}
	return f, nil
}
