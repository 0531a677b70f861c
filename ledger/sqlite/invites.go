package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// InviteLifetime is how long a staff invitation link stays valid.
const InviteLifetime = 7 * 24 * time.Hour

// Invite is a one-time link to join an organisation as staff. The token is
// known only when it is created; the store keeps its SHA-256.
type Invite struct {
	Token   string
	Org     int64
	Expires time.Time
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateInvite makes a one-time staff invitation to m's organisation.
// Returns EFORBIDDEN unless m is the admin of a (non-platform) organisation.
func (s *Store) CreateInvite(ctx context.Context, m ledger.Member) (*Invite, error) {
	if err := m.Require(m.IsOrgAdmin()); err != nil {
		return nil, err
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	inv := &Invite{Token: base64.RawURLEncoding.EncodeToString(b)}
	err := s.write(ctx, func(tx *Tx) error {
		cur, err := tx.orgAdmin(m)
		if err != nil {
			return err
		}
		inv.Org, inv.Expires = cur.Org, tx.now.Add(InviteLifetime).Truncate(time.Second)
		_, err = tx.ExecContext(tx.ctx, `INSERT INTO invites (token_sha256, org_id, created_by, created, expires) VALUES (?, ?, ?, ?, ?)`,
			tokenHash(inv.Token), cur.Org, m.User, ledger.FormatTime(tx.now), inv.Expires.Unix())
		return err
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// orgAdmin re-reads m inside the transaction and returns EFORBIDDEN unless
// m still administers a non-platform organisation.
func (tx *Tx) orgAdmin(m ledger.Member) (ledger.Member, error) {
	cur, err := memberOf(tx.ctx, tx, m.User)
	if err != nil {
		return cur, err
	}
	if !cur.IsOrgAdmin() || cur.Org != m.Org {
		return cur, ledger.Errorf(ledger.EFORBIDDEN, "only the organisation's admin may do this")
	}
	return cur, nil
}

// InviteOrg returns the organisation an unused, unexpired invitation is
// for. Returns ENOTFOUND for an unknown, used or expired token.
func (s *Store) InviteOrg(ctx context.Context, token string) (*ledger.Org, error) {
	var org int64
	err := s.db.QueryRowContext(ctx, `SELECT org_id FROM invites WHERE token_sha256 = ? AND used_by IS NULL AND expires > ?`,
		tokenHash(token), s.now().Unix()).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errBadInvite()
	} else if err != nil {
		return nil, fmt.Errorf("reading invitation: %w", err)
	}
	return s.Org(ctx, org)
}

func errBadInvite() error {
	return ledger.Errorf(ledger.ENOTFOUND, "this invitation link is unknown, used or expired")
}

// useInvite marks the invitation used by user and returns its organisation.
func (tx *Tx) useInvite(token string, user int64) (int64, error) {
	var org int64
	err := tx.QueryRowContext(tx.ctx, `UPDATE invites SET used_by = ?, used_at = ? WHERE token_sha256 = ? AND used_by IS NULL AND expires > ?
		RETURNING org_id`, user, ledger.FormatTime(tx.now), tokenHash(token), tx.now.Unix()).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errBadInvite()
	}
	return org, err
}

// AcceptInvite makes m, a personal account, staff of the invitation's
// organisation. Returns EFORBIDDEN if m already belongs to one.
func (s *Store) AcceptInvite(ctx context.Context, m ledger.Member, token string) (ledger.Member, error) {
	if err := m.Require(m.Org == 0); err != nil {
		return ledger.Member{}, alreadyInOrg(err)
	}
	var out ledger.Member
	err := s.write(ctx, func(tx *Tx) error {
		cur, err := memberOf(tx.ctx, tx, m.User)
		if err != nil {
			return err
		}
		if cur.Org != 0 {
			return alreadyInOrg(nil)
		}
		org, err := tx.useInvite(token, m.User)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE users SET org_id = ?, role = 'staff' WHERE id = ?`, org, m.User); err != nil {
			return err
		}
		out, err = memberOf(tx.ctx, tx, m.User)
		return err
	})
	return out, err
}

func alreadyInOrg(err error) error {
	if err != nil && ledger.ErrorCode(err) == ledger.EUNAUTHORIZED {
		return err
	}
	return ledger.Errorf(ledger.EFORBIDDEN, "you already belong to an organisation")
}

// SignUpByInvite creates an account that joins the invitation's
// organisation as staff, and returns it.
func (s *Store) SignUpByInvite(ctx context.Context, token string, u NewUser) (ledger.Member, error) {
	email, hash, err := checkNewUser(u)
	if err != nil {
		return ledger.Member{}, err
	}
	var out ledger.Member
	err = s.write(ctx, func(tx *Tx) error {
		id, err := tx.createUser(email, hash, NewUser{DisplayName: u.DisplayName, Role: ledger.RoleDonor})
		if err != nil {
			return err
		}
		org, err := tx.useInvite(token, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE users SET org_id = ?, role = 'staff' WHERE id = ?`, org, id); err != nil {
			return err
		}
		out, err = memberOf(tx.ctx, tx, id)
		return err
	})
	return out, err
}

// RemoveMember takes a staff member out of m's organisation: they keep a
// personal account, and every session they hold ends at once. Returns
// EFORBIDDEN unless m administers the organisation and user is its staff.
func (s *Store) RemoveMember(ctx context.Context, m ledger.Member, user int64) error {
	if err := m.Require(m.IsOrgAdmin()); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		cur, err := tx.orgAdmin(m)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(tx.ctx, `UPDATE users SET org_id = NULL, role = 'donor' WHERE id = ? AND org_id = ? AND role = 'staff' AND removed = 0`, user, cur.Org)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ledger.Errorf(ledger.EFORBIDDEN, "no such staff member in your organisation")
		}
		if err := tx.revokeMemberKeys(cur, user); err != nil {
			return err
		}
		return tx.endSessions(user)
	})
}

// OrgMember is a member of an organisation as its admin sees them.
type OrgMember struct {
	User        int64
	Email       string
	DisplayName string
	Role        string
}

// OrgMembers returns the members of m's organisation, admin first. Their
// e-mails are personal data: the view is recorded in the access log.
// Returns EFORBIDDEN unless m administers the organisation.
func (s *Store) OrgMembers(ctx context.Context, m ledger.Member, clientIP string) (*ledger.Org, []OrgMember, error) {
	if err := m.Require(m.IsOrgAdmin()); err != nil {
		return nil, nil, err
	}
	var o *ledger.Org
	var out []OrgMember
	err := s.write(ctx, func(tx *Tx) error {
		cur, err := tx.orgAdmin(m)
		if err != nil {
			return err
		}
		if o, err = tx.org(cur.Org); err != nil {
			return err
		}
		rows, err := tx.QueryContext(tx.ctx, `SELECT id, email, display_name, role FROM users WHERE org_id = ? AND removed = 0
			ORDER BY role = 'admin' DESC, id`, cur.Org)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = out[:0]
		for rows.Next() {
			var om OrgMember
			if err := rows.Scan(&om.User, &om.Email, &om.DisplayName, &om.Role); err != nil {
				return err
			}
			out = append(out, om)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.logAccess(m, ledger.Subject(ledger.SubjectOrg, cur.Org)+" members", clientIP)
	})
	return o, out, err
}
