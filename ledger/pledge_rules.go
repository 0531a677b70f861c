package ledger

import (
	"fmt"
	"slices"
)

// The pledge rules, one Step for the store and the replay alike (as
// Custody.Step is for lots). A pledge names the organisation it will be
// delivered to; only that organisation, or one it hands the pledge on to,
// receives it (custody's lot.received and money.received, which call
// ReceivableBy and receive); received quantities accumulate per line up to
// what was pledged, beyond it only as a stated over-delivery; a pledge
// whose lines are all received is closed.

// PledgeState is a pledge as the rules know it.
type PledgeState struct {
	Code   string
	Status string
	Body   PledgeMade // as made
	// Holder is the organisation that receives it: Body.DeliverTo, or the
	// one it was handed on to.
	Holder int64
	// Received and Over are per line (one entry for money, in minor
	// units): all that was received, and how much of it beyond the pledge.
	Received []int64
	Over     []int64
}

// NewPledgeState returns the state of a pledge just made as b.
func NewPledgeState(b *PledgeMade) *PledgeState {
	n := max(len(b.Lines), 1)
	return &PledgeState{Code: b.Pledge, Status: PledgeStatusPledged, Body: *b, Holder: b.DeliverTo,
		Received: make([]int64, n), Over: make([]int64, n)}
}

// Pledged returns the quantities pledged per line (for money, the amount).
func (p *PledgeState) Pledged() []int64 {
	if p.Body.Kind == PledgeMoney {
		return []int64{p.Body.AmountMinor}
	}
	out := make([]int64, len(p.Body.Lines))
	for i, l := range p.Body.Lines {
		out[i] = l.Quantity
	}
	return out
}

// Receivable reports whether anything of the pledge may still be received:
// it was neither cancelled nor closed.
func (p *PledgeState) Receivable() bool {
	return p.Status == PledgeStatusPledged || p.Status == PledgeStatusReceived
}

// ReceivableBy returns nil if org may receive (or hand on) the pledge now:
// it is receivable and org is where it is to be delivered.
func (p *PledgeState) ReceivableBy(org int64) error {
	switch {
	case p.Status == PledgeStatusCancelled:
		return Errorf(ECONFLICT, "this pledge was cancelled and cannot be received")
	case p.Status == PledgeStatusClosed:
		return Errorf(ECONFLICT, "everything pledged has been received; this pledge is closed")
	case !p.Receivable():
		return Errorf(EINVALID, "unknown pledge status %q", p.Status)
	case org != p.Holder:
		return Errorf(EFORBIDDEN, "this pledge is to be delivered to another organisation")
	}
	return nil
}

// receipt checks quantities received on the pledge's lines (by line index)
// and returns the step's effect: what each line receives and how much of it
// is over-delivered. Beyond what is left to receive, only a stated
// over-delivery (over, a note) is accepted.
func (p *PledgeState) receipt(got map[int]int64, over string) (Received, error) {
	pledged := p.Pledged()
	r := Received{Pledge: p.Code, Lines: map[int]int64{}, Over: map[int]int64{}}
	for i, q := range got {
		left := max(pledged[i]-p.Received[i], 0)
		if q > left {
			if over == "" {
				unit, field := p.Body.Currency, "amount" // the money desk's receipt
				if p.Body.Kind == PledgeGoods {
					unit, field = p.Body.Lines[i].Unit, fmt.Sprintf("quantity-%d", i) // the lot receipt's line i
				}
				return r, Errorf(ECONFLICT, "only %d %s of this pledge are left to receive, not %d; if more arrived, state the over-delivery", left, unit, q).In(field)
			}
			r.Over[i] = q - left
		}
		r.Lines[i] = q
	}
	return r, nil
}

// receive applies a receipt checked by receipt; the pledge closes once
// every line is received in full.
func (p *PledgeState) receive(r Received) {
	for i, q := range r.Lines {
		p.Received[i] += q
		p.Over[i] += r.Over[i]
	}
	p.Status = PledgeStatusClosed
	for i, q := range p.Pledged() {
		if p.Received[i] < q {
			p.Status = PledgeStatusReceived
		}
	}
}

// Received is the effect of a receipt on a pledge: quantities received per
// line index, and the part of them beyond what was pledged.
type Received struct {
	Pledge string
	Lines  map[int]int64
	Over   map[int]int64
}

// Pledges is the state the pledge rules check against: the pledges, the
// needs they answer and the organisations they are delivered to (the store
// loads the ones an entry names; the replay has them all).
type Pledges struct {
	Pledges map[string]*PledgeState
	Needs   map[int64]*NeedState
	Orgs    map[int64]*OrgState
}

// PledgeTypes are the entry types Pledges.Step handles.
var PledgeTypes = []string{TypePledgeMade, TypePledgeCancelled, TypePledgeHandedOn}

// PledgeStep is one checked pledge entry: its subjects, its effect on the
// needs (quantities pledged beyond what a line still needed) and its apply.
type PledgeStep struct {
	Step
	// BeyondNeed is, per need line, how much the pledge adds beyond what
	// the line still needed (the donor confirmed it).
	BeyondNeed map[int]int64
}

// Step checks a pledge entry made at time (entry time) by actor against p.
// It changes nothing; the returned step's Apply does.
func (p *Pledges) Step(time string, actor Actor, body Body) (*PledgeStep, error) {
	if p.Pledges == nil {
		p.Pledges = map[string]*PledgeState{}
	}
	switch b := body.(type) {
	case *PledgeMade:
		return p.stepMade(time, actor, b)
	case *PledgeCancelled:
		return p.stepCancelled(actor, b)
	case *PledgeHandedOn:
		return p.stepHandedOn(actor, b)
	}
	return nil, Errorf(EINVALID, "not a pledge entry")
}

// PledgeSubjects: a pledge's entries are on its own chain and, when made
// against a need, on the need's chain too.
func PledgeSubjects(code string, need int64) []string {
	subj := []string{Subject(SubjectPledge, code)}
	if need != 0 {
		subj = append(subj, Subject(SubjectNeed, need))
	}
	return subj
}

func (p *Pledges) stepMade(at string, actor Actor, b *PledgeMade) (*PledgeStep, error) {
	if actor != PledgeActor {
		return nil, Errorf(EINVALID, "pledges carry only the donor's handle")
	}
	if _, dup := p.Pledges[b.Pledge]; dup {
		return nil, Errorf(ECONFLICT, "the code %s is taken", FormatCode(b.Pledge))
	}
	if err := CheckDeadline(b.Due, entryTime(at)); err != nil {
		return nil, InField(err, "due")
	}
	var n *NeedState
	if b.Need != 0 {
		if n = p.Needs[b.Need]; n == nil {
			return nil, Errorf(ENOTFOUND, "no need %d", b.Need)
		}
		if err := CheckPledgeToNeed(n.Status); err != nil {
			return nil, err
		}
	}
	if err := p.checkDeliverTo(n, b.DeliverTo); err != nil {
		return nil, err
	}
	st := &PledgeStep{Step: Step{Subjects: PledgeSubjects(b.Pledge, b.Need)}, BeyondNeed: map[int]int64{}}
	for i, l := range b.Lines {
		if l.NeedLine == 0 {
			continue
		}
		if n == nil {
			return nil, Errorf(EINVALID, "line %d: a need line needs a need", i+1).In(LineField(i+1, "quantity"))
		}
		nl := n.OpenLine(l.NeedLine)
		if nl == nil || nl.Item != l.Item {
			return nil, Errorf(EINVALID, "line %d: the need has no open line %d of this item", i+1, l.NeedLine).In(LineField(i+1, "item"))
		}
		if beyond := l.Quantity - max(nl.Quantity-n.Pledged[l.NeedLine], 0); beyond > 0 {
			st.BeyondNeed[l.NeedLine] = beyond
		}
	}
	if len(st.BeyondNeed) > 0 && !b.BeyondNeed {
		return nil, &BeyondNeedError{Lines: st.BeyondNeed}
	}
	st.apply = func() {
		p.Pledges[b.Pledge] = NewPledgeState(b)
		if n != nil {
			n.addPledge(b, 1)
		}
	}
	return st, nil
}

// checkDeliverTo: a pledge against a need is delivered to the need's
// recipient or to a verified warehouse; a general pledge to a verified
// warehouse.
func (p *Pledges) checkDeliverTo(n *NeedState, org int64) error {
	if n != nil && org == n.Org {
		return nil
	}
	if o := p.Orgs[org]; o != nil && o.Kind == OrgWarehouse && o.Status == OrgVerified {
		return nil
	}
	return Errorf(EINVALID, "choose where the pledge will be delivered: the need's recipient or a verified warehouse")
}

func (p *Pledges) pledge(code string) (*PledgeState, error) {
	ps := p.Pledges[code]
	if ps == nil {
		return nil, Errorf(ENOTFOUND, "no pledge %s", FormatCode(code))
	}
	return ps, nil
}

func (p *Pledges) stepCancelled(actor Actor, b *PledgeCancelled) (*PledgeStep, error) {
	ps, err := p.pledge(b.Pledge)
	if err != nil {
		return nil, err
	}
	if actor != PledgeActor || b.Donor != ps.Body.Donor {
		return nil, Errorf(EFORBIDDEN, "this pledge belongs to another donor")
	}
	if err := CanCancelPledge(ps.Status); err != nil {
		return nil, err
	}
	return &PledgeStep{Step: Step{Subjects: PledgeSubjects(b.Pledge, ps.Body.Need), apply: func() {
		ps.Status = PledgeStatusCancelled
		if n := p.Needs[ps.Body.Need]; n != nil {
			n.addPledge(&ps.Body, -1)
		}
	}}}, nil
}

// stepHandedOn: the organisation a pledge is to be delivered to hands it
// on to another verified warehouse or recipient, which then receives it.
func (p *Pledges) stepHandedOn(actor Actor, b *PledgeHandedOn) (*PledgeStep, error) {
	ps, err := p.pledge(b.Pledge)
	if err != nil {
		return nil, err
	}
	if err := ps.ReceivableBy(actor.Org); err != nil {
		return nil, err
	}
	o := p.Orgs[b.To]
	if o == nil || o.Status != OrgVerified || !slices.Contains([]string{OrgWarehouse, OrgRecipient}, o.Kind) || b.To == actor.Org {
		return nil, Errorf(EINVALID, "hand the pledge on to another verified warehouse or recipient").In("to")
	}
	return &PledgeStep{Step: Step{Subjects: PledgeSubjects(b.Pledge, ps.Body.Need), apply: func() { ps.Holder = b.To }}}, nil
}

// BeyondNeedError refuses a pledge that gives more than need lines still
// need until the donor confirms it: Lines is the surplus per need line.
type BeyondNeedError struct{ Lines map[int]int64 }

func (e *BeyondNeedError) Error() string { return errBeyondNeed.Error() }

// Unwrap makes it an ECONFLICT with a message of its own.
func (e *BeyondNeedError) Unwrap() error { return errBeyondNeed }

var errBeyondNeed = Errorf(ECONFLICT, "this pledge gives more than the need still needs; confirm that you want to pledge beyond the need")
