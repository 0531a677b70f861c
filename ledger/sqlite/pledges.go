package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// PledgeInput is what a donor fills in. For goods, Lines; for money,
// Currency and AmountMinor. NeedLine numbers refer to NeedID's lines.
type PledgeInput struct {
	Kind        string
	NeedID      int64
	Lines       []PledgeLineInput
	Currency    string
	AmountMinor int64
	Named       bool
	DisplayName string // shown publicly only if Named
	Handover    string
	Due         string
	// DeliverTo is the organisation it will be delivered to: the need's
	// recipient (the default for a pledge against a need) or a verified
	// warehouse.
	DeliverTo int64
	// BeyondNeed confirms a pledge of more than the need still needs.
	BeyondNeed bool
}

// PledgeLineInput is one line of a pledge form. Against a need line, Item
// may be left empty: it is the line's item.
type PledgeLineInput struct {
	Item     string
	Quantity int64
	NeedLine int
}

// PledgeReceipt is what the donor sees once, right after pledging: the
// code and the secret (only its hash is kept).
type PledgeReceipt struct {
	Code   string
	Secret string
}

// canPledge: see ledger.Member.MayPledge.
func canPledge(m ledger.Member) error { return m.Require(m.MayPledge()) }

// MakePledge records a pledge (pledge.made) and returns its receipt.
// Returns ECONFLICT if the need is not published and open, EINVALID for an
// unknown item, a need line of another item, or absurd quantities.
func (s *Store) MakePledge(ctx context.Context, m ledger.Member, in PledgeInput) (*PledgeReceipt, error) {
	if err := canPledge(m); err != nil {
		return nil, err
	}
	secret := newSecret()
	sum := sha256.Sum256([]byte(secret))
	var code string
	err := s.write(ctx, func(tx *Tx) error {
		now := ledger.TimeFrom(tx.ctx, tx.now)
		handle, err := tx.donorHandle(m)
		if err != nil {
			return err
		}
		body := &ledger.PledgeMade{Donor: handle, Need: in.NeedID, DeliverTo: in.DeliverTo, Kind: in.Kind, Currency: in.Currency, AmountMinor: in.AmountMinor,
			Handover: in.Handover, Due: in.Due, SecretSHA256: hex.EncodeToString(sum[:]), BeyondNeed: in.BeyondNeed}
		if in.Named {
			body.Name = strings.TrimSpace(in.DisplayName)
			if body.Name == "" {
				return ledger.Errorf(ledger.EINVALID, "enter the name to show, or choose to stay anonymous")
			}
		}
		rules, err := tx.pledgeRules(in.NeedID, in.DeliverTo)
		if err != nil {
			return err
		}
		needLines := map[int]ledger.NeedLineView{}
		if in.NeedID != 0 {
			n, err := needByID(tx.ctx, tx, in.NeedID)
			if err != nil {
				return err
			}
			if err := ledger.CheckPledgeToNeed(n.Status); err != nil {
				return err
			}
			if body.DeliverTo == 0 {
				body.DeliverTo = n.OrgID
			}
			for _, l := range n.OpenLines() {
				needLines[l.Line] = l
			}
		}
		lineIDs := make([]int64, len(in.Lines))
		for i, l := range in.Lines {
			if l.NeedLine != 0 {
				nl, ok := needLines[l.NeedLine]
				if !ok {
					return ledger.Errorf(ledger.EINVALID, "line %d: the need has no open line %d", i+1, l.NeedLine).In(ledger.LineField(i+1, "quantity"))
				}
				if l.Item == "" {
					l.Item = nl.Item.ID
				}
				lineIDs[i] = nl.ID
			}
			it, err := catalogueItem(tx.ctx, tx, l.Item)
			if err != nil {
				return ledger.InField(err, ledger.LineField(i+1, "item"))
			}
			body.Lines = append(body.Lines, ledger.PledgeLine{Item: l.Item, Quantity: l.Quantity, Unit: it.Unit, NeedLine: l.NeedLine})
		}
		if code, err = tx.newPledgeCode(); err != nil {
			return err
		}
		body.Pledge = code
		a, _, err := tx.pledgeStep(rules, ledger.TypePledgeMade, ledger.PledgeActor, body)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO pledges (code, donor_user, donor_org, donor_handle, kind, status, need_id, deliver_to, holder, display_name,
			currency, amount_minor, handover, due, secret_hash, created, entry) VALUES (?, ?, ?, ?, ?, 'pledged', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			code, m.User, nullID(m.Org), handle, body.Kind, nullID(in.NeedID), body.DeliverTo, body.DeliverTo, body.Name, body.Currency, body.AmountMinor,
			body.Handover, body.Due, body.SecretSHA256, ledger.FormatTime(now), a.Index)
		if err != nil {
			return fmt.Errorf("saving pledge: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for i, l := range body.Lines {
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO pledge_lines (pledge_id, line_no, item_id, quantity, need_line_id) VALUES (?, ?, ?, ?, ?)`,
				id, i+1, l.Item, l.Quantity, nullID(lineIDs[i])); err != nil {
				return fmt.Errorf("saving pledge line: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &PledgeReceipt{Code: code, Secret: secret}, nil
}

// CancelPledge cancels a pledge before anything of it was received
// (pledge.cancelled; the pledge stays). Only its donor may: the personal
// donor who made it, or a member of the donor company; anyone else gets
// EFORBIDDEN.
func (s *Store) CancelPledge(ctx context.Context, m ledger.Member, code, reason string) error {
	if err := canPledge(m); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		p, err := pledgeByCode(tx.ctx, tx, code)
		if err != nil {
			return err
		}
		if !ownsPledge(m, p) {
			return errOtherDonorsPledge
		}
		rules, err := tx.pledgeRules(p.NeedID)
		if err != nil {
			return err
		}
		ps := p.State()
		rules.Pledges[p.Code] = ps
		a, _, err := tx.pledgeStep(rules, ledger.TypePledgeCancelled, ledger.PledgeActor, &ledger.PledgeCancelled{Pledge: p.Code, Donor: p.DonorHandle, Reason: reason})
		if err != nil {
			return err
		}
		if err := tx.savePledge(p.ID, ps); err != nil {
			return err
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE pledges SET cancelled = ?, entry = ? WHERE id = ?`,
			ledger.FormatTime(ledger.TimeFrom(tx.ctx, tx.now)), a.Index, p.ID)
		return err
	})
}

// HandOnPledge hands a pledge that m's organisation is to receive on to
// organisation to (another verified warehouse or recipient), which then
// receives it (pledge.handed_on). Returns EFORBIDDEN unless the pledge is
// m's organisation's to receive.
func (s *Store) HandOnPledge(ctx context.Context, m ledger.Member, code string, to int64, reason string) error {
	if err := m.Require(m.Custodian()); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		p, err := pledgeByCode(tx.ctx, tx, code)
		if err != nil {
			return err
		}
		rules, err := tx.pledgeRules(p.NeedID, to)
		if err != nil {
			return err
		}
		ps := p.State()
		rules.Pledges[p.Code] = ps
		if _, _, err := tx.pledgeStep(rules, ledger.TypePledgeHandedOn, m.Actor(), &ledger.PledgeHandedOn{Pledge: p.Code, To: to, Reason: reason}); err != nil {
			return err
		}
		return tx.savePledge(p.ID, ps)
	})
}

// HandOnTargets are the organisations m's may hand a pledge on to: the
// other verified warehouses and recipients, by name.
func (s *Store) HandOnTargets(ctx context.Context, m ledger.Member) ([]ledger.OrgName, error) {
	return orgNames(ctx, s.db, m.Org, ledger.OrgWarehouse, ledger.OrgRecipient)
}

var errOtherDonorsPledge = ledger.Errorf(ledger.EFORBIDDEN, "this pledge belongs to another donor")

// ownsPledge: a personal donor owns their own pledges; a donor company's
// members own the company's.
func ownsPledge(m ledger.Member, p *ledger.Pledge) bool {
	if p.DonorOrg != 0 {
		return m.Org == p.DonorOrg && m.ActsFor(ledger.OrgDonor)
	}
	return m.Org == 0 && m.User == p.DonorUser
}

// PledgeByCode returns a pledge with its lines; code may be typed loosely
// (see ledger.NormalizeCode). Returns ENOTFOUND if there is none. The
// result holds private fields: public pages must show only what the
// trace view model copies out of it.
func (s *Store) PledgeByCode(ctx context.Context, code string) (*ledger.Pledge, error) {
	return pledgeByCode(ctx, s.db, code)
}

// DonorPledge returns a pledge if m is its donor; anyone else gets
// EFORBIDDEN: a donor cannot see another donor's pledge details.
func (s *Store) DonorPledge(ctx context.Context, m ledger.Member, code string) (*ledger.Pledge, error) {
	if err := canPledge(m); err != nil {
		return nil, err
	}
	p, err := pledgeByCode(ctx, s.db, code)
	if err != nil {
		return nil, err
	}
	if !ownsPledge(m, p) {
		return nil, errOtherDonorsPledge
	}
	return p, nil
}

// MyPledges returns m's pledges (a company's: all of the company's), newest first.
func (s *Store) MyPledges(ctx context.Context, m ledger.Member) ([]*ledger.Pledge, error) {
	if err := canPledge(m); err != nil {
		return nil, err
	}
	if m.Org != 0 {
		return queryPledges(ctx, s.db, `p.donor_org = ? ORDER BY p.id DESC`, m.Org)
	}
	return queryPledges(ctx, s.db, `p.donor_user = ? AND p.donor_org IS NULL ORDER BY p.id DESC`, m.User)
}

// ProvePledge reports whether secret is the one on the receipt of pledge
// code: so a donor can prove an anonymous pledge is theirs.
func (s *Store) ProvePledge(ctx context.Context, code, secret string) (bool, error) {
	p, err := pledgeByCode(ctx, s.db, code)
	if err != nil {
		return false, err
	}
	var want string
	if err := s.db.QueryRowContext(ctx, `SELECT secret_hash FROM pledges WHERE id = ?`, p.ID).Scan(&want); err != nil {
		return false, err
	}
	sum := sha256.Sum256([]byte(normaliseSecret(secret)))
	got := hex.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1, nil
}

// newSecret returns a receipt secret: 20 random bytes in base-32, grouped.
func newSecret() string {
	b := make([]byte, 20)
	rand.Read(b)
	s := base32.StdEncoding.EncodeToString(b)
	var out []string
	for i := 0; i < len(s); i += 8 {
		out = append(out, s[i:i+8])
	}
	return strings.Join(out, "-")
}

// normaliseSecret forgives case and spacing in a typed secret.
func normaliseSecret(s string) string {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(s)))
	var out []string
	for i := 0; i < len(s); i += 8 {
		out = append(out, s[i:min(i+8, len(s))])
	}
	return strings.Join(out, "-")
}

// donorHandle returns the pseudonymous handle of m as a donor (of m's
// company, or of m in person), creating it on first use.
func (tx *Tx) donorHandle(m ledger.Member) (string, error) {
	donor := ledger.Subject(ledger.SubjectUser, m.User)
	if m.Org != 0 {
		donor = ledger.Subject(ledger.SubjectOrg, m.Org)
	}
	var h string
	err := tx.QueryRowContext(tx.ctx, `SELECT handle FROM donor_handles WHERE donor = ?`, donor).Scan(&h)
	if err == nil {
		return h, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("reading donor handle: %w", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	h = "d-" + hex.EncodeToString(b)
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO donor_handles (donor, handle) VALUES (?, ?)`, donor, h); err != nil {
		return "", fmt.Errorf("saving donor handle: %w", err)
	}
	return h, nil
}

func (tx *Tx) newPledgeCode() (string, error) {
	for range 10 {
		code := ledger.NewCode()
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM pledges WHERE code = ?`, code).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", errors.New("no free pledge code after 10 tries")
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func pledgeByCode(ctx context.Context, q queryer, code string) (*ledger.Pledge, error) {
	c, err := ledger.NormalizeCode(code)
	if err != nil {
		return nil, err
	}
	ps, err := queryPledges(ctx, q, `p.code = ?`, c)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no pledge %s", ledger.FormatCode(c))
	}
	return ps[0], nil
}

// queryPledges reads pledges matching where (alias p, need alias n) with their lines.
func queryPledges(ctx context.Context, q queryer, where string, args ...any) ([]*ledger.Pledge, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.code, p.donor_user, coalesce(p.donor_org, 0), p.donor_handle, p.kind, p.status,
		coalesce(p.need_id, 0), coalesce(n.title, ''), p.deliver_to, p.holder, h.name, p.display_name, p.currency, p.amount_minor, p.received, p.over,
		p.handover, p.due, p.created, p.cancelled, p.entry
		FROM pledges p LEFT JOIN needs n ON n.id = p.need_id JOIN orgs h ON h.id = p.holder WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("reading pledges: %w", err)
	}
	var out []*ledger.Pledge
	byID := map[int64]*ledger.Pledge{}
	for rows.Next() {
		var p ledger.Pledge
		if err := rows.Scan(&p.ID, &p.Code, &p.DonorUser, &p.DonorOrg, &p.DonorHandle, &p.Kind, &p.Status, &p.NeedID, &p.NeedTitle,
			&p.DeliverTo, &p.Holder, &p.HolderName, &p.DisplayName, &p.Currency, &p.AmountMinor, &p.Received, &p.Over,
			&p.Handover, &p.Due, &p.Created, &p.Cancelled, &p.Entry); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &p)
		byID[p.ID] = &p
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]any, len(out))
	for i, p := range out {
		ids[i] = p.ID
	}
	rows, err = q.QueryContext(ctx, `SELECT pl.pledge_id, pl.line_no, pl.quantity, coalesce(pl.need_line_id, 0), coalesce(nl.line_no, 0), coalesce(nl.place, ''), coalesce(nl.deadline, ''), pl.received, pl.over,
		i.id, i.name_en, i.name_zh, i.unit, i.standard, i.category
		FROM pledge_lines pl JOIN items i ON i.id = pl.item_id LEFT JOIN need_lines nl ON nl.id = pl.need_line_id
		WHERE pl.pledge_id IN (`+placeholders(len(ids))+`) ORDER BY pl.pledge_id, pl.line_no`, ids...)
	if err != nil {
		return nil, fmt.Errorf("reading pledge lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l ledger.PledgeLineView
		it := &l.Item
		if err := rows.Scan(&id, &l.LineNo, &l.Quantity, &l.NeedLineID, &l.NeedLine, &l.Place, &l.Deadline, &l.Received, &l.Over, &it.ID, &it.NameEN, &it.NameZH, &it.Unit, &it.Standard, &it.Category); err != nil {
			return nil, err
		}
		byID[id].Lines = append(byID[id].Lines, l)
	}
	return out, rows.Err()
}

// TracePledge returns pledge code's public record. Returns ENOTFOUND if
// there is no such pledge. The ledger.Pledge holds private fields (see PledgeByCode).
func (s *Store) TracePledge(ctx context.Context, code string) (*ledger.PledgeTrace, error) {
	cp := s.Latest() // see TraceLot
	var t *ledger.PledgeTrace
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = s.tracePledge(ctx, tx, cp, code)
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// tracePledge reads pledge code's public record in tx, its chain verified
// against cp.
func (s *Store) tracePledge(ctx context.Context, tx *sql.Tx, cp ledger.Checkpoint, code string) (*ledger.PledgeTrace, error) {
	t := &ledger.PledgeTrace{}
	var err error
	if t.Pledge, err = pledgeByCode(ctx, tx, code); err != nil {
		return nil, err
	}
	if err := collect(ctx, tx, &t.Lots, func(r *sql.Rows) (string, error) {
		var c string
		return c, r.Scan(&c)
	}, `SELECT code FROM lots WHERE pledge = ? ORDER BY created, code`, t.Pledge.Code); err != nil {
		return nil, err
	}
	if t.Pledge.Kind == ledger.PledgeMoney {
		if t.Money, err = s.traceMoney(ctx, tx, t.Pledge); err != nil {
			return nil, err
		}
	}
	if t.Chain, t.Corrected, t.Names, err = s.chain(ctx, tx, cp, ledger.Subject(ledger.SubjectPledge, t.Pledge.Code)); err != nil {
		return nil, err
	}
	return t, pledgePlaces(ctx, tx, t)
}

// PledgeForm returns the pledge form's data. Returns ECONFLICT if the need
// is not open for pledges, ENOTFOUND if it is not public.
func (s *Store) PledgeForm(ctx context.Context, need int64) (*ledger.PledgeFormData, error) {
	d := &ledger.PledgeFormData{}
	var err error
	if need != 0 {
		if d.Need, err = s.Need(ctx, ledger.Member{}, need); err != nil {
			return nil, err
		}
		if err := ledger.CheckPledgeToNeed(d.Need.Status); err != nil {
			return nil, err
		}
	}
	if d.Items, err = s.Items(ctx); err != nil {
		return nil, err
	}
	err = collect(ctx, s.db, &d.Warehouses, func(r *sql.Rows) (o ledger.OrgName, err error) {
		err = r.Scan(&o.ID, &o.Name)
		return o, err
	}, `SELECT id, name FROM orgs WHERE kind = 'warehouse' AND status = 'verified' ORDER BY name`)
	return d, err
}

// pledgePlaces fills t.Where and names its organisations.
func pledgePlaces(ctx context.Context, q queryer, t *ledger.PledgeTrace) error {
	err := collect(ctx, q, &t.Where, func(r *sql.Rows) (ledger.PledgePlace, error) {
		var p ledger.PledgePlace
		return p, r.Scan(&p.Item, &p.Unit, &p.Org, &p.Kind, &p.Quantity)
	}, `SELECT item, unit, holder, 'held', sum(held) FROM lots WHERE pledge = ?1 AND held > 0 AND item NOT IN ('', 'money') GROUP BY item, unit, holder
		UNION ALL SELECT item, unit, holder, 'in_transit', sum(in_transit) FROM lots WHERE pledge = ?1 AND in_transit > 0 AND item NOT IN ('', 'money') GROUP BY item, unit, holder
		UNION ALL SELECT l.item, l.unit, f.org, CASE f.type WHEN 'lot.used' THEN 'used' ELSE 'written_off' END, sum(f.quantity)
			FROM lot_finals f JOIN lots l ON l.code = f.lot
			WHERE l.pledge = ?1 AND f.corrected_by = 0 AND f.type IN ('lot.used', 'lot.written_off') AND l.item NOT IN ('', 'money')
			GROUP BY l.item, l.unit, f.org, f.type
		ORDER BY 1, 4 DESC, 3`, t.Pledge.Code)
	if err != nil {
		return err
	}
	if t.Names.Orgs == nil {
		t.Names.Orgs = map[int64]string{}
	}
	copied := false // t.Names.Items is the catalogue's shared map until copied
	for _, p := range t.Where {
		if _, ok := t.Names.Items[p.Item]; !ok {
			it, err := itemByID(ctx, q, p.Item)
			if err != nil {
				return err
			}
			if !copied {
				t.Names.Items, copied = maps.Clone(t.Names.Items), true
				if t.Names.Items == nil {
					t.Names.Items = map[string]ledger.Item{}
				}
			}
			t.Names.Items[p.Item] = it
		}
		if _, ok := t.Names.Orgs[p.Org]; !ok {
			if t.Names.Orgs[p.Org], err = orgName(ctx, q, p.Org); err != nil {
				return err
			}
		}
	}
	return nil
}
