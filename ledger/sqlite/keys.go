package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// Party keys: the store loads the keys and the policy an entry touches
// into a ledger.Keys, runs Keys.Step (key entries) or Keys.CheckSignatures
// (every entry, in Append), appends and writes back.

const keyColumns = `id, credential_id, org_id, user_id, public_key, alg, rp_id, origin, status, enrolled, approved, revoked, approver`

func scanKey(row interface{ Scan(...any) error }) (*ledger.PartyKey, error) {
	var k ledger.PartyKey
	err := row.Scan(&k.Key.Key, &k.CredentialID, &k.Org, &k.User, &k.PublicKey, &k.Alg, &k.RPID, &k.Origin, &k.Status,
		&k.Enrolled, &k.Approved, &k.Revoked, &k.Approver)
	return &k, err
}

func queryKeys(ctx context.Context, q queryer, where string, args ...any) ([]*ledger.PartyKey, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+keyColumns+` FROM party_keys WHERE `+where+` ORDER BY enrolled`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading keys: %w", err)
	}
	defer rows.Close()
	var out []*ledger.PartyKey
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// loadKeys loads into a ledger.Keys the key id (if any), org's policy and
// the nonce (if any).
func (tx *Tx) loadKeys(id string, org int64, nonce string) (*ledger.Keys, error) {
	k := ledger.NewKeys()
	if id != "" {
		pk, err := scanKey(tx.QueryRowContext(tx.ctx, `SELECT `+keyColumns+` FROM party_keys WHERE id = ?`, id))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("reading key: %w", err)
		}
		if err == nil {
			k.Keys[id] = &pk.Key
		}
	}
	p, err := tx.orgPolicy(org)
	if err != nil {
		return nil, err
	}
	if p.required {
		k.Required[org] = p.entry
	}
	if nonce != "" {
		var entry int64
		err := tx.QueryRowContext(tx.ctx, `SELECT entry FROM sig_nonces WHERE nonce = ?`, nonce).Scan(&entry)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("reading nonce: %w", err)
		}
		if err == nil {
			k.Nonces[nonce] = entry
		}
	}
	return k, nil
}

// signEntry runs before e is encoded: in a prepared write it records e
// (the first entry's statement is the one to sign, the others are shown
// with it) and appends nothing in the end; otherwise it puts the write's
// signature (if any) on e and checks it, or checks that e needs none (its
// organisation does not require one, or a signed entry of the same write
// named it in advance). It returns what to record once e is appended.
func (tx *Tx) signEntry(e *ledger.Entry) (func() error, error) {
	sg := ledger.SigningFrom(tx.ctx)
	if sg != nil && sg.Prepare {
		c := *e
		if sg.Prepared == nil {
			sg.Prepared = &ledger.Prepared{Entry: &c, Issued: e.Time, Nonce: sg.Nonce, Challenge: ledger.StatementHash(e, e.Time, sg.Nonce)}
		} else {
			sg.Prepared.Follows = append(sg.Prepared.Follows, &c)
		}
		return func() error { return nil }, nil
	}
	if s := sg.TakeSig(); s != nil {
		e.Sigs = []ledger.Signature{*s}
	}
	var id, nonce string
	if len(e.Sigs) > 0 {
		id, nonce = e.Sigs[0].Key, e.Sigs[0].Nonce
	}
	k, err := tx.loadKeys(id, e.Actor.Org, nonce)
	if err != nil {
		return nil, err
	}
	k.Ahead = tx.ahead
	index := tx.size
	st, err := k.CheckSignatures(index, e)
	if err != nil {
		return nil, err
	}
	return func() error {
		st.Apply()
		tx.ahead = k.Ahead
		if nonce == "" {
			return nil
		}
		_, err := tx.ExecContext(tx.ctx, `INSERT INTO sig_nonces (nonce, entry) VALUES (?, ?)`, nonce, index)
		return err
	}, nil
}

// keyAdmin returns m as the database has them now, if they are an admin
// of their organisation (the platform's admins for auditors' keys).
func (tx *Tx) keyAdmin(m ledger.Member) (ledger.Member, error) {
	cur, err := memberOf(tx.ctx, tx, m.User)
	if err != nil {
		return cur, err
	}
	if cur.Org == 0 || cur.Org != m.Org || cur.Role != ledger.RoleAdmin {
		return cur, ledger.Errorf(ledger.EFORBIDDEN, "only the organisation's admin may do this")
	}
	return cur, nil
}

// stepKey checks body with the key rules, appends it and applies it to k.
// The rules know the actor's organisation's admin from its registration.
func (tx *Tx) stepKey(k *ledger.Keys, actor ledger.Actor, typ string, body ledger.Body) (Appended, error) {
	if err := body.Validate(); err != nil {
		return Appended{}, err
	}
	var admin sql.NullInt64
	err := tx.QueryRowContext(tx.ctx, `SELECT registered_by FROM orgs WHERE id = ?`, actor.Org).Scan(&admin)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Appended{}, fmt.Errorf("reading organisation: %w", err)
	}
	if admin.Valid {
		k.Admins[actor.Org] = admin.Int64
	}
	index := tx.size
	st, err := k.Step(index, actor, body)
	if err != nil {
		return Appended{}, err
	}
	a, err := tx.AppendNew(typ, actor, st.Subjects, body)
	if err != nil {
		return Appended{}, err
	}
	st.Apply()
	return a, nil
}

func (tx *Tx) saveKey(k *ledger.Key) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE party_keys SET status = ?, approved = ?, revoked = ?, approver = ? WHERE id = ?`,
		k.Status, k.Approved, k.Revoked, k.Approver, k.Key)
	return err
}

// EnrolKey records m's new passkey (credential id and key as the browser
// registered them): a key.enrolled entry, pending until another admin of
// the organisation approves it. Returns EFORBIDDEN unless m is a member of
// an organisation, ECONFLICT if the passkey is enrolled already.
func (s *Store) EnrolKey(ctx context.Context, m ledger.Member, credentialID []byte, body *ledger.KeyEnrolled) (Appended, error) {
	if err := m.Require(m.Org > 0); err != nil {
		return Appended{}, ledger.Errorf(ledger.EFORBIDDEN, "only members of an organisation enrol passkeys")
	}
	b := *body
	b.Key, b.Org, b.User = ledger.KeyID(credentialID), m.Org, m.User
	var a Appended
	err := s.write(ctx, func(tx *Tx) error {
		cur, err := memberOf(tx.ctx, tx, m.User)
		if err != nil {
			return err
		}
		if cur.Org != m.Org {
			return ledger.Errorf(ledger.EFORBIDDEN, "only members of an organisation enrol passkeys")
		}
		k, err := tx.loadKeys(b.Key, m.Org, "")
		if err != nil {
			return err
		}
		if a, err = tx.stepKey(k, m.Actor(), ledger.TypeKeyEnrolled, &b); err != nil {
			return err
		}
		_, err = tx.ExecContext(tx.ctx, `INSERT INTO party_keys (id, credential_id, org_id, user_id, public_key, alg, rp_id, origin, status, enrolled)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, b.Key, base64.RawURLEncoding.EncodeToString(credentialID), b.Org, b.User,
			b.PublicKey, b.Alg, b.RPID, b.Origin, ledger.KeyStatusPending, a.Index)
		return err
	})
	return a, err
}

// ApproveKey lets a pending key of m's organisation sign. Returns
// EFORBIDDEN unless m is its admin and not the key's member (four eyes);
// an organisation has one admin, so the admin's own key is approved by
// another member.
func (s *Store) ApproveKey(ctx context.Context, m ledger.Member, id string) (Appended, error) {
	var a Appended
	err := s.write(ctx, func(tx *Tx) error {
		cur, err := memberOf(tx.ctx, tx, m.User)
		if err != nil {
			return err
		}
		k, err := tx.loadKeys(id, cur.Org, "")
		if err != nil {
			return err
		}
		if key, ok := k.Keys[id]; ok && key.Org == cur.Org && key.User != cur.User {
			owner, err := memberOf(tx.ctx, tx, key.User)
			if err != nil {
				return err
			}
			if cur.Role != ledger.RoleAdmin && owner.Role != ledger.RoleAdmin {
				return ledger.Errorf(ledger.EFORBIDDEN, "only the organisation's admin may do this")
			}
		}
		if a, err = tx.stepKey(k, cur.Actor(), ledger.TypeKeyApproved, &ledger.KeyApproved{Key: id}); err != nil {
			return err
		}
		return tx.saveKey(k.Keys[id])
	})
	return a, err
}

// RevokeKey revokes a key (a lost phone): the member's own, or any of the
// organisation's if m is its admin. Signatures by it from then on are invalid.
func (s *Store) RevokeKey(ctx context.Context, m ledger.Member, id string) (Appended, error) {
	var a Appended
	err := s.write(ctx, func(tx *Tx) error {
		cur, err := memberOf(tx.ctx, tx, m.User)
		if err != nil {
			return err
		}
		k, err := tx.loadKeys(id, cur.Org, "")
		if err != nil {
			return err
		}
		if key, ok := k.Keys[id]; ok && key.User != cur.User && cur.Role != ledger.RoleAdmin {
			return ledger.Errorf(ledger.EFORBIDDEN, "only the key's member or an admin of its organisation may revoke it")
		}
		if a, err = tx.stepKey(k, cur.Actor(), ledger.TypeKeyRevoked, &ledger.KeyRevoked{Key: id, Reason: ledger.RevokedLost}); err != nil {
			return err
		}
		return tx.saveKey(k.Keys[id])
	})
	return a, err
}

// revokeMemberKeys revokes every key of user, who is leaving admin's
// organisation.
func (tx *Tx) revokeMemberKeys(admin ledger.Member, user int64) error {
	keys, err := queryKeys(tx.ctx, tx, `user_id = ? AND status != ?`, user, ledger.KeyStatusRevoked)
	if err != nil {
		return err
	}
	for _, pk := range keys {
		k := ledger.NewKeys()
		k.Keys[pk.Key.Key] = &pk.Key
		if _, err := tx.stepKey(k, admin.Actor(), ledger.TypeKeyRevoked, &ledger.KeyRevoked{Key: pk.Key.Key, Reason: ledger.RevokedRemoved}); err != nil {
			return err
		}
		if err := tx.saveKey(&pk.Key); err != nil {
			return err
		}
	}
	return nil
}

// SetSignaturePolicy sets whether m's organisation requires its
// confirmations to be signed. Returns EFORBIDDEN unless m is its admin;
// EINVALID if m would require signatures without an active key of their own.
func (s *Store) SetSignaturePolicy(ctx context.Context, m ledger.Member, require bool) (Appended, error) {
	var a Appended
	err := s.write(ctx, func(tx *Tx) error {
		cur, err := tx.keyAdmin(m)
		if err != nil {
			return err
		}
		if require {
			own, err := queryKeys(tx.ctx, tx, `user_id = ? AND status = ?`, cur.User, ledger.KeyStatusActive)
			if err != nil {
				return err
			}
			if len(own) == 0 {
				return ledger.Errorf(ledger.EINVALID, "enrol a passkey of your own, approved by another admin, before requiring signatures")
			}
		}
		k, err := tx.loadKeys("", cur.Org, "")
		if err != nil {
			return err
		}
		body := &ledger.OrgPolicy{Org: cur.Org, RequireSignatures: require}
		if a, err = tx.stepKey(k, cur.Actor(), ledger.TypeOrgPolicy, body); err != nil {
			return err
		}
		return tx.setPolicy(cur.Org, orgPolicy{required: require, entry: a.Index})
	})
	return a, err
}

// OrgKeys returns org's active keys and signature policy.
func (s *Store) OrgKeys(ctx context.Context, org int64) (*ledger.OrgKeys, error) {
	out := &ledger.OrgKeys{PolicyEntry: -1}
	var err error
	if out.Active, err = queryKeys(ctx, s.db, `org_id = ? AND status = ?`, org, ledger.KeyStatusActive); err != nil {
		return nil, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT require_signatures, entry FROM org_policies WHERE org_id = ?`, org).Scan(&out.RequireSignatures, &out.PolicyEntry)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("reading signature policy: %w", err)
	}
	return out, nil
}

// MemberKeys returns m's keys and, for an admin, the keys to approve.
func (s *Store) MemberKeys(ctx context.Context, m ledger.Member) (*ledger.MemberKeys, error) {
	if err := m.Require(m.Org > 0); err != nil {
		return nil, err
	}
	out := &ledger.MemberKeys{}
	var err error
	if out.Own, err = queryKeys(ctx, s.db, `user_id = ? AND org_id = ?`, m.User, m.Org); err != nil {
		return nil, err
	}
	if m.Role == ledger.RoleAdmin {
		if out.Pending, err = queryKeys(ctx, s.db, `org_id = ? AND status = ? AND user_id != ?`, m.Org, ledger.KeyStatusPending, m.User); err != nil {
			return nil, err
		}
	}
	out.Org, err = s.OrgKeys(ctx, m.Org)
	return out, err
}

// ActiveCredentials returns the credential ids (base64url) of m's active
// keys, for the browser to ask for one of them.
func (s *Store) ActiveCredentials(ctx context.Context, m ledger.Member) ([]string, error) {
	keys, err := queryKeys(ctx, s.db, `user_id = ? AND status = ?`, m.User, ledger.KeyStatusActive)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, k := range keys {
		if k.Org == m.Org {
			out = append(out, k.CredentialID)
		}
	}
	return out, nil
}

// KeyByID returns a key. Returns ENOTFOUND if there is none.
func (s *Store) KeyByID(ctx context.Context, id string) (*ledger.PartyKey, error) {
	k, err := scanKey(s.db.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM party_keys WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no such passkey")
	}
	return k, err
}

// NamesOf returns the public names entries refer to, to describe them.
func (s *Store) NamesOf(ctx context.Context, es ...*ledger.Entry) (ledger.Names, error) {
	stored := make([]*ledger.StoredEntry, len(es))
	for i, e := range es {
		stored[i] = &ledger.StoredEntry{Entry: e}
	}
	return s.namesFor(ctx, s.db, stored)
}

// AdminKeysPending returns the pending keys of m's organisation's admin:
// an organisation has one admin, so its other members approve the admin's keys.
func (s *Store) AdminKeysPending(ctx context.Context, m ledger.Member) ([]*ledger.PartyKey, error) {
	return queryKeys(ctx, s.db, `org_id = ? AND status = ? AND user_id IN (SELECT id FROM users WHERE org_id = ? AND role = 'admin') AND user_id != ?`,
		m.Org, ledger.KeyStatusPending, m.Org, m.User)
}
