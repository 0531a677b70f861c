package sqlite

import (
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// The rows the pledge rules (ledger.Pledges.Step, and custody's receipts)
// check against, loaded for one entry and saved back after it applies.

// savePledge writes back what a step changed of pledge id.
func (tx *Tx) savePledge(id int64, ps *ledger.PledgeState) error {
	var money, moneyOver int64
	if ps.Body.Kind == ledger.PledgeMoney {
		money, moneyOver = ps.Received[0], ps.Over[0]
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE pledges SET status = ?, holder = ?, received = ?, over = ? WHERE id = ?`,
		ps.Status, ps.Holder, money, moneyOver, id); err != nil {
		return fmt.Errorf("saving pledge: %w", err)
	}
	if ps.Body.Kind != ledger.PledgeGoods {
		return nil
	}
	for i := range ps.Body.Lines {
		if _, err := tx.ExecContext(tx.ctx, `UPDATE pledge_lines SET received = ?, over = ? WHERE pledge_id = ? AND line_no = ?`,
			ps.Received[i], ps.Over[i], id, i+1); err != nil {
			return fmt.Errorf("saving pledge line: %w", err)
		}
	}
	return nil
}

// needState returns need id as the rules know it: status, current lines
// and what is pledged to each (not cancelled).
func (tx *Tx) needState(id int64) (*ledger.NeedState, error) {
	n, err := needByID(tx.ctx, tx, id)
	if err != nil {
		return nil, err
	}
	pledged, err := needPledged(tx.ctx, tx, id)
	if err != nil {
		return nil, err
	}
	ns := &ledger.NeedState{ID: n.ID, Org: n.OrgID, Submitter: n.SubmittedBy, Title: n.Title, Status: n.Status, Approvals: n.Approvals,
		Pledged: map[int]int64{}, Money: map[string]int64{}}
	for _, l := range n.Lines {
		ns.Pledged[l.Line] = pledged[l.ID]
		if l.Approved > 0 {
			al := entryLine(l)
			al.Quantity = l.Approved
			ns.Approved = append(ns.Approved, al)
		}
	}
	ns.Lines = entryLines(n.Lines)
	ns.Stage1User, err = tx.stage1User(ledger.Subject(ledger.SubjectNeed, id))
	return ns, err
}

// orgState returns organisation id as the rules know it, nil if there is none.
func (tx *Tx) orgState(id int64) (*ledger.OrgState, error) {
	o, err := tx.org(id)
	if ledger.ErrorCode(err) == ledger.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &ledger.OrgState{ID: o.ID, Kind: o.Kind, Name: o.Name, Registrant: o.RegisteredBy, Status: o.Status}, nil
}

// pledgeRules returns the pledge rules' state with the given need and
// organisations loaded (0 and unknown ones are left out).
func (tx *Tx) pledgeRules(need int64, orgs ...int64) (*ledger.Pledges, error) {
	p := &ledger.Pledges{Pledges: map[string]*ledger.PledgeState{}, Needs: map[int64]*ledger.NeedState{}, Orgs: map[int64]*ledger.OrgState{}}
	if need != 0 {
		n, err := tx.needState(need)
		if err != nil && ledger.ErrorCode(err) != ledger.ENOTFOUND {
			return nil, err
		}
		if n != nil {
			p.Needs[need] = n
		}
	}
	for _, id := range orgs {
		if id == 0 {
			continue
		}
		o, err := tx.orgState(id)
		if err != nil {
			return nil, err
		}
		if o != nil {
			p.Orgs[id] = o
		}
	}
	return p, nil
}

// pledgeStep checks a pledge entry with the pledge rules p, appends it and
// applies it.
func (tx *Tx) pledgeStep(p *ledger.Pledges, typ string, actor ledger.Actor, body ledger.Body) (Appended, *ledger.PledgeStep, error) {
	var ps *ledger.PledgeStep
	a, _, err := tx.run(actor, typ, body, func(_ int64, time string) (*ledger.Step, error) {
		var err error
		if ps, err = p.Step(time, actor, body); err != nil {
			return nil, err
		}
		return &ps.Step, nil
	})
	return a, ps, err
}
