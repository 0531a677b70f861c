package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// NeedInput is a need as a recipient writes it. Units come from the
// catalogue; line numbers are set from the order when zero.
type NeedInput struct {
	Title string
	Lines []ledger.NeedLine
}

// CreateNeed saves a private draft need for m's organisation. Returns
// EFORBIDDEN unless m acts for a verified recipient organisation.
func (s *Store) CreateNeed(ctx context.Context, m ledger.Member, in NeedInput) (int64, error) {
	if err := m.Require(m.ActsFor(ledger.OrgRecipient)); err != nil {
		return 0, err
	}
	var id int64
	err := s.write(ctx, func(tx *Tx) error {
		lines, _, err := tx.needLines(in)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO needs (org_id, title, status, created_by, created) VALUES (?, ?, 'draft', ?, ?)`,
			m.Org, in.Title, m.User, ledger.FormatTime(ledger.TimeFrom(tx.ctx, tx.now)))
		if err != nil {
			return fmt.Errorf("creating need: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.insertNeedLines(id, lines)
	})
	return id, err
}

// EditNeedDraft replaces a draft's title and lines. Returns ECONFLICT once
// the need was submitted (use UpdateNeed after publication).
func (s *Store) EditNeedDraft(ctx context.Context, m ledger.Member, id int64, in NeedInput) error {
	return s.write(ctx, func(tx *Tx) error {
		n, err := tx.ownNeed(m, id)
		if err != nil {
			return err
		}
		if n.Status != ledger.NeedStatusDraft {
			return ledger.Errorf(ledger.ECONFLICT, "only a draft can be edited; this need is %s", n.Status)
		}
		lines, _, err := tx.needLines(in)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM need_lines WHERE need_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE needs SET title = ? WHERE id = ?`, in.Title, id); err != nil {
			return err
		}
		return tx.insertNeedLines(id, lines)
	})
}

// SubmitNeed sends a draft for review (a need.submitted entry). If its
// total quantity reaches the review threshold, two different auditors must
// approve it.
func (s *Store) SubmitNeed(ctx context.Context, m ledger.Member, id int64) error {
	return s.write(ctx, func(tx *Tx) error {
		if err := m.Require(m.ActsFor(ledger.OrgRecipient)); err != nil {
			return err
		}
		rules, n, err := tx.needRules(id, m.Org)
		if err != nil {
			return err
		}
		body := &ledger.NeedSubmitted{Need: id, Title: n.Title, Approvals: 1, Lines: n.Lines}
		if ledger.TotalQuantity(n.Lines) >= s.reviewThreshold {
			body.Approvals = 2
		}
		a, err := tx.needStep(rules, ledger.TypeNeedSubmitted, m.Actor(), body)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE needs SET status = 'submitted', approvals = ?, submitted_by = ?, submitted = ?, entry = ? WHERE id = ?`,
			body.Approvals, m.User, ledger.FormatTime(ledger.TimeFrom(tx.ctx, tx.now)), a.Index, id)
		return err
	})
}

// ReviewNeed records auditor m's decision on a submitted need; the need is
// published on its final approval (the second one above the threshold).
func (s *Store) ReviewNeed(ctx context.Context, m ledger.Member, id int64, decision, reason string) error {
	return s.write(ctx, func(tx *Tx) error {
		rules, n, err := tx.needRules(id)
		if err != nil {
			return err
		}
		st, err := tx.review(m, n.Review(), ledger.Subject(ledger.SubjectNeed, id), decision, reason, func(time string, body ledger.Body) (*ledger.Step, error) {
			return rules.Step(time, m.Actor(), body)
		})
		if err != nil {
			return err
		}
		switch st.Review.Outcome {
		case ledger.Approve:
			if _, err := tx.ExecContext(tx.ctx, `UPDATE need_lines SET approved_qty = quantity WHERE need_id = ?`, id); err != nil {
				return err
			}
			_, err = tx.ExecContext(tx.ctx, `UPDATE needs SET status = 'published', published = ? WHERE id = ?`, ledger.FormatTime(ledger.TimeFrom(tx.ctx, tx.now)), id)
		case ledger.Reject:
			_, err = tx.ExecContext(tx.ctx, `UPDATE needs SET status = 'rejected', close_reason = ? WHERE id = ?`, reason, id)
		}
		return err
	})
}

// UpdateNeed replaces a published need's lines (need.updated; the old
// lines stay in the ledger). It is published at once without re-review
// because ledger.CheckNeedUpdate lets it only lower or drop approved lines
// or change their urgency, deadline, place, spec and notes; lines left out
// are marked removed.
func (s *Store) UpdateNeed(ctx context.Context, m ledger.Member, id int64, in NeedInput, reason string) error {
	return s.write(ctx, func(tx *Tx) error {
		if err := m.Require(m.ActsFor(ledger.OrgRecipient)); err != nil {
			return err
		}
		lines, items, err := tx.needLines(in)
		if err != nil {
			return err
		}
		rules, _, err := tx.needRules(id)
		if err != nil {
			return err
		}
		rules.Items = items
		body := &ledger.NeedUpdated{Need: id, Title: in.Title, Lines: lines, Reason: reason}
		a, err := tx.needStep(rules, ledger.TypeNeedUpdated, m.Actor(), body)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE need_lines SET removed = 1 WHERE need_id = ?`, id); err != nil {
			return err
		}
		for _, l := range lines {
			if _, err := tx.ExecContext(tx.ctx, `UPDATE need_lines SET spec = ?, quantity = ?, urgency = ?, deadline = ?, place = ?, notes = ?, removed = 0
				WHERE need_id = ? AND line_no = ?`, l.Spec, l.Quantity, l.Urgency, l.Deadline, l.Place, l.Notes, id, l.Line); err != nil {
				return fmt.Errorf("updating need line: %w", err)
			}
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE needs SET title = ?, entry = ? WHERE id = ?`, in.Title, a.Index, id)
		return err
	})
}

// CloseNeed closes a submitted or published need with a reason
// (need.closed); it takes no more pledges.
func (s *Store) CloseNeed(ctx context.Context, m ledger.Member, id int64, reason string) error {
	return s.write(ctx, func(tx *Tx) error {
		if err := m.Require(m.ActsFor(ledger.OrgRecipient)); err != nil {
			return err
		}
		rules, _, err := tx.needRules(id)
		if err != nil {
			return err
		}
		a, err := tx.needStep(rules, ledger.TypeNeedClosed, m.Actor(), &ledger.NeedClosed{Need: id, Reason: reason})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE needs SET status = 'closed', close_reason = ?, entry = ? WHERE id = ?`, reason, a.Index, id)
		return err
	})
}

// needRules returns the need rules' state with need id loaded (a draft
// too), its organisation and the given ones, and the catalogue items of
// its current lines; and the need.
func (tx *Tx) needRules(id int64, orgs ...int64) (*ledger.Needs, *ledger.NeedState, error) {
	n, err := tx.needState(id)
	if err != nil {
		return nil, nil, err
	}
	rules := &ledger.Needs{Needs: map[int64]*ledger.NeedState{id: n}, Orgs: map[int64]*ledger.OrgState{}}
	for _, org := range append(orgs, n.Org) {
		o, err := tx.orgState(org)
		if err != nil {
			return nil, nil, err
		}
		if o != nil {
			rules.Orgs[org] = o
		}
	}
	_, rules.Items, err = tx.inputLines(n.Lines)
	return rules, n, err
}

// needStep checks a need entry with the need rules, appends it and applies it.
func (tx *Tx) needStep(rules *ledger.Needs, typ string, actor ledger.Actor, body ledger.Body) (Appended, error) {
	a, _, err := tx.run(actor, typ, body, func(_ int64, time string) (*ledger.Step, error) { return rules.Step(time, actor, body) })
	return a, err
}

// inputLines numbers a recipient's lines in order where they have no
// number and gives each its catalogue item's unit; it returns the items
// found (an unknown item is left for the rules to refuse).
func (tx *Tx) inputLines(in []ledger.NeedLine) ([]ledger.NeedLine, map[string]ledger.Item, error) {
	lines := slices.Clone(in)
	items := map[string]ledger.Item{}
	for i := range lines {
		if lines[i].Line == 0 {
			lines[i].Line = i + 1
		}
		it, err := catalogueItem(tx.ctx, tx, lines[i].Item)
		if ledger.ErrorCode(err) == ledger.EINVALID {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		lines[i].Unit, items[it.ID] = it.Unit, it
	}
	return lines, items, nil
}

// needLines checks a recipient's lines against the catalogue: each item
// exists, the unit is the item's; line numbers default to the order. It
// returns the lines and their items.
func (tx *Tx) needLines(in NeedInput) ([]ledger.NeedLine, map[string]ledger.Item, error) {
	if !ledger.SensibleText(in.Title, 2, 120) {
		return nil, nil, ledger.Errorf(ledger.EINVALID, "the title must be 2 to 120 characters").In("title")
	}
	lines, items, err := tx.inputLines(in.Lines)
	if err != nil {
		return nil, nil, err
	}
	for _, l := range lines {
		if _, ok := items[l.Item]; !ok {
			_, err := catalogueItem(tx.ctx, tx, l.Item)
			return nil, nil, err
		}
	}
	if err := (&ledger.NeedSubmitted{Need: 1, Title: in.Title, Approvals: 1, Lines: lines}).Validate(); err != nil {
		return nil, nil, err
	}
	return lines, items, nil
}

func (tx *Tx) insertNeedLines(id int64, lines []ledger.NeedLine) error {
	for _, l := range lines {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO need_lines (need_id, line_no, item_id, spec, quantity, urgency, deadline, place, notes)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, l.Line, l.Item, l.Spec, l.Quantity, l.Urgency, l.Deadline, l.Place, l.Notes); err != nil {
			return fmt.Errorf("saving need line: %w", err)
		}
	}
	return nil
}

// ownNeed returns need id if m acts for the verified recipient organisation
// that owns it; another organisation's need is EFORBIDDEN.
func (tx *Tx) ownNeed(m ledger.Member, id int64) (*ledger.Need, error) {
	if err := m.Require(m.ActsFor(ledger.OrgRecipient)); err != nil {
		return nil, err
	}
	n, err := needByID(tx.ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if n.OrgID != m.Org {
		return nil, ledger.ErrOtherOrgsNeed
	}
	return n, nil
}

func entryLine(l ledger.NeedLineView) ledger.NeedLine {
	return ledger.NeedLine{Line: l.Line, Item: l.Item.ID, Spec: l.Spec, Quantity: l.Quantity, Unit: l.Item.Unit,
		Urgency: l.Urgency, Deadline: l.Deadline, Place: l.Place, Notes: l.Notes}
}

func entryLines(ls []ledger.NeedLineView) []ledger.NeedLine {
	var out []ledger.NeedLine
	for _, l := range ls {
		if !l.Removed {
			out = append(out, entryLine(l))
		}
	}
	return out
}

// Need returns a need with its lines and progress. Drafts, submitted and
// rejected needs are seen only by their organisation and by auditors;
// anyone else gets ENOTFOUND.
func (s *Store) Need(ctx context.Context, m ledger.Member, id int64) (*ledger.Need, error) {
	var n *ledger.Need
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = needByID(ctx, tx, id)
		if err != nil {
			return err
		}
		public := n.Status == ledger.NeedStatusPublished || n.Status == ledger.NeedStatusClosed
		if !public && !m.IsAuditor() && !(m.Org == n.OrgID && m.ActsFor(ledger.OrgRecipient)) {
			return ledger.Errorf(ledger.ENOTFOUND, "no need %d", id)
		}
		return addProgress(ctx, tx, []*ledger.Need{n})
	})
	return n, err
}

// NeedFilter narrows the needs board. Zero fields match everything.
type NeedFilter struct {
	Item  string // catalogue item id
	Place string // substring of a line's delivery place
	Org   int64  // recipient organisation
	After string // page key: the board continues after this need (ledger.Board.Next)
	Limit int    // needs per page; 0 means BoardPage
}

// BoardPage is the needs board's page size; MaxGaps bounds the pledges not
// yet received that a page lists (the oldest first; each need counts all).
const (
	BoardPage = 25
	MaxGaps   = 50
)

// NeedsBoard returns a page of the published needs matching f, most
// urgent first, then by earliest deadline, with every line's progress and
// each need's count of pledges not yet received; and the oldest of those
// pledges (the gap). Returns EMALFORMED for a page key it did not make.
func (s *Store) NeedsBoard(ctx context.Context, f NeedFilter) (*ledger.Board, error) {
	if f.Limit <= 0 || f.Limit > MaxPage {
		f.Limit = BoardPage
	}
	b := &ledger.Board{}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if b.Needs, b.Next, err = publishedNeeds(ctx, tx, f); err != nil {
			return err
		}
		if b.Unreceived, err = unreceived(ctx, tx, b.Needs, "", MaxGaps); err != nil {
			return err
		}
		if err := collect(ctx, tx, &b.Items, func(r *sql.Rows) (it ledger.Item, err error) {
			err = r.Scan(&it.ID, &it.NameEN, &it.NameZH, &it.Unit, &it.Standard, &it.Category)
			return it, err
		}, `SELECT i.id, i.name_en, i.name_zh, i.unit, i.standard, i.category FROM items i
			WHERE EXISTS (SELECT 1 FROM need_lines l JOIN needs n ON n.id = l.need_id AND n.status = 'published'
				WHERE l.item_id = i.id AND l.removed = 0)`); err != nil {
			return err
		}
		return collect(ctx, tx, &b.Recipients, func(r *sql.Rows) (o ledger.OrgName, err error) {
			err = r.Scan(&o.ID, &o.Name)
			return o, err
		}, `SELECT o.id, o.name FROM orgs o WHERE EXISTS (SELECT 1 FROM needs n WHERE n.org_id = o.id AND n.status = 'published')`)
	})
	// Sorted here: the catalogue and the organisations are small, and SQL
	// would sort them in a temporary tree beside the needs it looks up.
	slices.SortFunc(b.Items, func(a, b ledger.Item) int {
		return cmp.Or(strings.Compare(a.Category, b.Category), strings.Compare(a.ID, b.ID))
	})
	slices.SortFunc(b.Recipients, func(a, b ledger.OrgName) int { return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return b, err
}

// unreceived returns up to limit pledges not yet received against the
// needs, oldest first, after the pledge id of page key after ("" from the
// start), and fills each need's waiting count.
func unreceived(ctx context.Context, tx *sql.Tx, ns []*ledger.Need, after string, limit int) ([]*ledger.Pledge, error) {
	if len(ns) == 0 {
		return nil, nil
	}
	var from int64
	if after != "" {
		if err := parsePageKey(after, &from); err != nil {
			return nil, err
		}
	}
	ids := needIDs(ns)
	byID := map[int64]*ledger.Need{}
	for _, n := range ns {
		byID[n.ID] = n
	}
	rows, err := tx.QueryContext(ctx, `SELECT need_id, count(*), min(created) FROM pledges
		WHERE status = 'pledged' AND need_id IN (`+placeholders(len(ids))+`) GROUP BY need_id`, ids...)
	if err != nil {
		return nil, fmt.Errorf("reading pledges waiting: %w", err)
	}
	for rows.Next() {
		var id int64
		var w ledger.Waiting
		if err := rows.Scan(&id, &w.Pledges, &w.Oldest); err != nil {
			rows.Close()
			return nil, err
		}
		byID[id].Waiting = w
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Oldest first across the needs: each need's own oldest, merged.
	return queryPledges(ctx, tx, `p.id IN (SELECT x.id FROM needs m JOIN pledges x ON x.need_id = m.id AND x.status = 'pledged' AND x.id > ?
		WHERE m.id IN (`+placeholders(len(ids))+`) ORDER BY x.id LIMIT ?) ORDER BY p.id`, append(append([]any{from}, ids...), limit)...)
}

// NeedPage returns need id for its page (see Need for who sees what).
func (s *Store) NeedPage(ctx context.Context, m ledger.Member, id int64) (*ledger.NeedDetail, error) {
	n, err := s.Need(ctx, m, id)
	if err != nil {
		return nil, err
	}
	d := &ledger.NeedDetail{Need: n}
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		d.Unreceived, err = unreceived(ctx, tx, []*ledger.Need{n}, "", MaxGaps)
		return err
	})
	return d, err
}

// boardOrder is the board's sort key (see migration 0017).
const boardOrder = `n.board_rank, n.board_deadline, n.id`

// publishedNeeds reads a page of the published needs matching f, in board
// order, with their progress; next is the key after its last need.
func publishedNeeds(ctx context.Context, tx *sql.Tx, f NeedFilter) (out []*ledger.Need, next string, err error) {
	rank, deadline, id := int64(-1), "", int64(0)
	if f.After != "" {
		if err := parsePageKey(f.After, &rank, &deadline, &id); err != nil {
			return nil, "", err
		}
	}
	out, err = queryNeeds(ctx, tx, `INDEXED BY needs_board WHERE n.status = 'published' AND (`+boardOrder+`) > (?, ?, ?) AND (? = 0 OR n.org_id = ?)
		AND ((? = '' AND ? = '') OR EXISTS (SELECT 1 FROM need_lines l WHERE l.need_id = n.id AND l.removed = 0
			AND (? = '' OR l.item_id = ?) AND (? = '' OR instr(lower(l.place), lower(?)) > 0)))
		ORDER BY `+boardOrder+` LIMIT ?`,
		rank, deadline, id, f.Org, f.Org, f.Item, f.Place, f.Item, f.Item, f.Place, f.Place, f.Limit+1)
	if err != nil {
		return nil, "", err
	}
	if len(out) > f.Limit {
		out = out[:f.Limit]
		last := out[len(out)-1]
		next = pageKey(last.BoardRank, last.BoardDeadline, last.ID)
	}
	return out, next, addProgress(ctx, tx, out)
}

// OrgNeeds returns every need of m's recipient organisation, newest first.
func (s *Store) OrgNeeds(ctx context.Context, m ledger.Member) ([]*ledger.Need, error) {
	if err := m.Require(m.ActsFor(ledger.OrgRecipient)); err != nil {
		return nil, err
	}
	var out []*ledger.Need
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if out, err = queryNeeds(ctx, tx, `WHERE n.org_id = ? ORDER BY n.id`, m.Org); err != nil {
			return err
		}
		slices.Reverse(out)
		return addProgress(ctx, tx, out)
	})
	return out, err
}

const needColumns = `n.id, n.org_id, (SELECT o.name FROM orgs o WHERE o.id = n.org_id), n.title, n.status, n.approvals, n.created_by, coalesce(n.submitted_by, 0),
	n.created, n.submitted, n.published, n.close_reason, coalesce(n.entry, -1), n.board_rank, n.board_deadline,
	(SELECT count(*) FROM reviews r WHERE r.subject = 'need:' || n.id)`

// queryNeeds reads the needs that where selects (the statement's end
// from WHERE, on alias n, or INDEXED BY first), with their lines (without
// progress).
func queryNeeds(ctx context.Context, q queryer, where string, args ...any) ([]*ledger.Need, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+needColumns+` FROM needs n `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("reading needs: %w", err)
	}
	var out []*ledger.Need
	byID := map[int64]*ledger.Need{}
	for rows.Next() {
		var n ledger.Need
		if err := rows.Scan(&n.ID, &n.OrgID, &n.OrgName, &n.Title, &n.Status, &n.Approvals, &n.CreatedBy, &n.SubmittedBy,
			&n.Created, &n.Submitted, &n.Published, &n.CloseReason, &n.Entry, &n.BoardRank, &n.BoardDeadline, &n.Reviews); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &n)
		byID[n.ID] = &n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := needIDs(out)
	rows, err = q.QueryContext(ctx, `SELECT l.need_id, l.id, l.line_no, l.spec, l.quantity, l.approved_qty, l.urgency, l.deadline, l.place, l.notes, l.removed,
		i.id, i.name_en, i.name_zh, i.unit, i.standard, i.category
		FROM need_lines l JOIN items i ON i.id = l.item_id WHERE l.need_id IN (`+placeholders(len(ids))+`) ORDER BY l.need_id, l.line_no`, ids...)
	if err != nil {
		return nil, fmt.Errorf("reading need lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var need int64
		var l ledger.NeedLineView
		it := &l.Item
		if err := rows.Scan(&need, &l.ID, &l.Line, &l.Spec, &l.Quantity, &l.Approved, &l.Urgency, &l.Deadline, &l.Place, &l.Notes, &l.Removed,
			&it.ID, &it.NameEN, &it.NameZH, &it.Unit, &it.Standard, &it.Category); err != nil {
			return nil, err
		}
		byID[need].Lines = append(byID[need].Lines, l)
	}
	return out, rows.Err()
}

func needByID(ctx context.Context, q queryer, id int64) (*ledger.Need, error) {
	ns, err := queryNeeds(ctx, q, `WHERE n.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no need %d", id)
	}
	return ns[0], nil
}

func needIDs(ns []*ledger.Need) []any {
	ids := make([]any, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
	}
	return ids
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// NeedProgress returns the progress of every line of the given needs, by
// need line id: the columns the writer's triggers keep by the changed
// row's part (migration 0030), which equal the need_line_progress view,
// the one rule (0029).
func (s *Store) NeedProgress(ctx context.Context, needs ...int64) (map[int64]ledger.Progress, error) {
	ids := make([]any, len(needs))
	for i, id := range needs {
		ids[i] = id
	}
	return needProgress(ctx, s.db, ids)
}

// needPledged returns what is pledged (not cancelled) against each line of
// a need, by need line id: the rules' need state needs only this, and the
// full progress (needProgress) reads every stage.
func needPledged(ctx context.Context, q queryer, need int64) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, pledged FROM need_lines WHERE need_id = ?`, need)
	if err != nil {
		return nil, fmt.Errorf("reading what is pledged: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, q int64
		if err := rows.Scan(&id, &q); err != nil {
			return nil, err
		}
		out[id] = q
	}
	return out, rows.Err()
}

func needProgress(ctx context.Context, q queryer, needIDs []any) (map[int64]ledger.Progress, error) {
	out := map[int64]ledger.Progress{}
	if len(needIDs) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT id, pledged, received, delivered, used FROM need_lines WHERE need_id IN (`+placeholders(len(needIDs))+`)`, needIDs...)
	if err != nil {
		return nil, fmt.Errorf("reading need progress: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p ledger.Progress
		if err := rows.Scan(&id, &p.Pledged, &p.Received, &p.Delivered, &p.Used); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
}

// addProgress fills the lines' progress and the money pledged per need.
func addProgress(ctx context.Context, q queryer, ns []*ledger.Need) error {
	if len(ns) == 0 {
		return nil
	}
	ids := needIDs(ns)
	prog, err := needProgress(ctx, q, ids)
	if err != nil {
		return err
	}
	byID := map[int64]*ledger.Need{}
	for _, n := range ns {
		byID[n.ID] = n
		for i := range n.Lines {
			n.Lines[i].Progress = prog[n.Lines[i].ID]
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT need_id, currency, sum(amount_minor) FROM pledges
		WHERE kind = 'money' AND status != 'cancelled' AND need_id IN (`+placeholders(len(ids))+`) GROUP BY need_id, currency ORDER BY need_id, currency`, ids...)
	if err != nil {
		return fmt.Errorf("reading money pledged: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m ledger.MoneyTotal
		if err := rows.Scan(&id, &m.Currency, &m.AmountMinor); err != nil {
			return err
		}
		byID[id].Money = append(byID[id].Money, m)
	}
	return rows.Err()
}

// catalogueItem returns a catalogue item; EINVALID if there is none.
func catalogueItem(ctx context.Context, q queryer, id string) (ledger.Item, error) {
	var it ledger.Item
	err := q.QueryRowContext(ctx, `SELECT id, name_en, name_zh, unit, standard, category FROM items WHERE id = ?`, id).
		Scan(&it.ID, &it.NameEN, &it.NameZH, &it.Unit, &it.Standard, &it.Category)
	if errors.Is(err, sql.ErrNoRows) {
		return it, ledger.Errorf(ledger.EINVALID, "there is no item %q in the catalogue", id)
	}
	if err != nil {
		return it, fmt.Errorf("reading item: %w", err)
	}
	return it, nil
}

// NeedFormData is the recipient's form for a need: the need (nil for a new
// one) and the catalogue.
type NeedFormData struct {
	Need  *ledger.Need
	Items []ledger.Item
}

// NeedForm returns the form data of m's need id (0 for a new need).
// Returns EFORBIDDEN unless m acts for the verified recipient that owns it.
func (s *Store) NeedForm(ctx context.Context, m ledger.Member, id int64) (*NeedFormData, error) {
	if err := m.Require(m.ActsFor(ledger.OrgRecipient)); err != nil {
		return nil, err
	}
	d := &NeedFormData{}
	if id != 0 {
		n, err := s.Need(ctx, m, id)
		if err != nil {
			return nil, err
		}
		if n.OrgID != m.Org {
			return nil, ledger.ErrOtherOrgsNeed
		}
		d.Need = n
	}
	var err error
	d.Items, err = s.Items(ctx)
	return d, err
}
