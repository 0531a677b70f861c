package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// OrgInput is an organisation's registration.
type OrgInput struct {
	Kind           string
	Name           string
	RegistrationNo string
	Contact        string
	Evidence       *File // optional; stored privately, its SHA-256 goes into the ledger
}

// File is an uploaded evidence file.
type File struct {
	Name string
	Type string
	Data []byte
}

// RegisterOrg registers an organisation for m, who becomes its admin. It
// stays pending until an auditor verifies it. Returns EFORBIDDEN if m
// already belongs to an organisation.
func (s *Store) RegisterOrg(ctx context.Context, m ledger.Member, in OrgInput) (int64, error) {
	if err := m.Require(m.Org == 0); err != nil {
		return 0, ledger.Errorf(ledger.EFORBIDDEN, "you already belong to an organisation")
	}
	if !ledger.SensibleText(in.Contact, 3, 200) {
		return 0, ledger.Errorf(ledger.EINVALID, "the contact must be 3 to 200 characters")
	}
	var id int64
	err := s.write(ctx, func(tx *Tx) error {
		cur, err := memberOf(tx.ctx, tx, m.User)
		if err != nil {
			return err
		}
		if cur.Org != 0 {
			return ledger.Errorf(ledger.EFORBIDDEN, "you already belong to an organisation")
		}
		if err := tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(id), 1) + 1 FROM orgs`).Scan(&id); err != nil {
			return err
		}
		body := &ledger.OrgRegistered{Org: id, Kind: in.Kind, Name: in.Name, RegistrationNo: in.RegistrationNo}
		if in.Evidence != nil {
			if body.EvidenceSHA256, err = tx.storeFile(*in.Evidence, 0, false); err != nil {
				return err
			}
		}
		actor := ledger.Actor{Org: id, User: m.User}
		rules, err := tx.orgRules(id)
		if err != nil {
			return err
		}
		a, _, err := tx.run(actor, ledger.TypeOrgRegistered, body, func(int64, string) (*ledger.Step, error) { return rules.Step(actor, body) })
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO orgs (id, kind, name, registration_no, contact, evidence_sha256, status, registered_by, entry)
			VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`, id, in.Kind, in.Name, in.RegistrationNo, in.Contact, body.EvidenceSHA256, m.User, a.Index); err != nil {
			return fmt.Errorf("registering organisation: %w", err)
		}
		if body.EvidenceSHA256 != "" {
			if _, err := tx.ExecContext(tx.ctx, `UPDATE files SET org_id = ? WHERE sha256 = ? AND org_id IS NULL`, id, body.EvidenceSHA256); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE users SET org_id = ?, role = 'admin' WHERE id = ?`, id, m.User)
		return err
	})
	return id, err
}

// ReviewOrg records an auditor's decision on a pending organisation.
func (s *Store) ReviewOrg(ctx context.Context, m ledger.Member, orgID int64, decision, reason string) error {
	return s.write(ctx, func(tx *Tx) error {
		rules, err := tx.orgRules(orgID)
		if err != nil {
			return err
		}
		o := rules.Orgs[orgID]
		if o == nil {
			return ledger.Errorf(ledger.ENOTFOUND, "no organisation %d", orgID)
		}
		if _, err := tx.review(m, o.Review(), ledger.Subject(ledger.SubjectOrg, orgID), decision, reason, func(_ string, body ledger.Body) (*ledger.Step, error) {
			return rules.Step(m.Actor(), body)
		}); err != nil {
			return err
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE orgs SET status = ?, status_reason = ? WHERE id = ?`, o.Status, reason, orgID)
		return err
	})
}

// orgRules returns the organisation rules' state with organisation id
// loaded, if there is one.
func (tx *Tx) orgRules(id int64) (*ledger.Orgs, error) {
	rules := &ledger.Orgs{Orgs: map[int64]*ledger.OrgState{}}
	o, err := tx.orgState(id)
	if o != nil {
		rules.Orgs[id] = o
	}
	return rules, err
}

// Org returns an organisation. Returns ENOTFOUND if there is none.
func (s *Store) Org(ctx context.Context, id int64) (*ledger.Org, error) {
	return orgByID(ctx, s.db, id)
}

func (tx *Tx) org(id int64) (*ledger.Org, error) { return orgByID(tx.ctx, tx, id) }

const orgColumns = `id, kind, name, registration_no, contact, evidence_sha256, status, status_reason, coalesce(registered_by, 0), coalesce(entry, -1)`

func scanOrg(row interface{ Scan(...any) error }) (*ledger.Org, error) {
	var o ledger.Org
	err := row.Scan(&o.ID, &o.Kind, &o.Name, &o.RegistrationNo, &o.Contact, &o.EvidenceSHA256, &o.Status, &o.StatusReason, &o.RegisteredBy, &o.Entry)
	return &o, err
}

func orgByID(ctx context.Context, q queryer, id int64) (*ledger.Org, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no organisation %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading organisation: %w", err)
	}
	return o, nil
}

// Orgs returns the organisations with the given status ("" for all), by id.
func (s *Store) Orgs(ctx context.Context, status string) ([]*ledger.Org, error) {
	return orgsWithStatus(ctx, s.db, status)
}

func orgsWithStatus(ctx context.Context, q queryer, status string) ([]*ledger.Org, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id != 1 AND (? = '' OR status = ?) ORDER BY id`, status, status)
	if err != nil {
		return nil, fmt.Errorf("reading organisations: %w", err)
	}
	defer rows.Close()
	var out []*ledger.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
