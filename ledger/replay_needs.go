package ledger

import ()

// Replay of needs and pledges: the needs board's numbers re-derived from
// the entries alone (need.*, review.decided on needs, pledge.*).

// NeedState is a need as the rules know it.
type NeedState struct {
	ID         int64
	Org        int64
	Submitter  int64
	Title      string
	Status     string
	Approvals  int
	Stage1User int64      // the auditor who approved it at stage 1
	Approved   []NeedLine // the lines as approved; updates may not exceed them
	Lines      []NeedLine // the current lines
	// Pledged is the quantity pledged (not cancelled) per line number.
	Pledged map[int]int64
	// Money is the money pledged against the need as a whole, by currency.
	Money map[string]int64
}

// ReplayedNeed and ReplayedPledge are the states the replay re-derives.
type (
	ReplayedNeed   = NeedState
	ReplayedPledge = PledgeState
)

// OpenLine returns the current line numbered line, nil if there is none.
func (n *NeedState) OpenLine(line int) *NeedLine {
	for i := range n.Lines {
		if n.Lines[i].Line == line {
			return &n.Lines[i]
		}
	}
	return nil
}

type needsState struct {
	needs   map[int64]*NeedState
	pledges map[string]*PledgeState
}

func needsPart(s *State) *needsState {
	p := Part[needsState](s)
	if p.needs == nil {
		p.needs = map[int64]*NeedState{}
		p.pledges = map[string]*PledgeState{}
	}
	return p
}

// ReplayedNeeds returns the needs re-derived so far, by id.
func ReplayedNeeds(s *State) map[int64]*ReplayedNeed { return needsPart(s).needs }

// ReplayedPledges returns the pledges re-derived so far, by code. Custody's
// rules receive them (lot.received, money.received).
func ReplayedPledges(s *State) map[string]*ReplayedPledge { return needsPart(s).pledges }

// NeedsOf returns the need rules' view of a replayed state.
func NeedsOf(s *State) *Needs {
	return &Needs{Needs: needsPart(s).needs, Orgs: orgsPart(s).orgs, Items: s.Items}
}

// replayNeed applies a need entry (or a review of a need): the same Step
// as the store.
func replayNeed(s *State, _ int64, e *Entry, body Body) error {
	st, err := NeedsOf(s).Step(e.Time, e.Actor, body)
	return replayStep(s, st, err, e)
}

// PledgesOf returns the pledge rules' view of a replayed state.
func PledgesOf(s *State) *Pledges {
	st := needsPart(s)
	return &Pledges{Pledges: st.pledges, Needs: st.needs, Orgs: orgsPart(s).orgs}
}

// replayPledge applies a pledge entry: the same Step as the store, and the
// entry must list exactly the subjects the step touches.
func replayPledge(s *State, _ int64, e *Entry, body Body) error {
	st, err := PledgesOf(s).Step(e.Time, e.Actor, body)
	if err != nil {
		return err
	}
	return replayStep(s, &st.Step, nil, e)
}

// addPledge adds (sign 1) or removes (sign -1) a pledge's quantities.
func (n *NeedState) addPledge(b *PledgeMade, sign int64) {
	for _, l := range b.Lines {
		if l.NeedLine != 0 {
			n.Pledged[l.NeedLine] += sign * l.Quantity
		}
	}
	if b.Kind == PledgeMoney {
		n.Money[b.Currency] += sign * b.AmountMinor
	}
}

// NeedLineRef names one line of a need.
type NeedLineRef struct {
	Need int64
	Line int
}

// ReplayedReceived re-derives what the first custodians received for each
// need line: a lot received from a pledge (not split from another lot)
// counts, whole, for the pledge's first line of the lot's item, if that
// line answers a need line. The store's need_line_progress view counts the same.
func ReplayedReceived(s *State) map[NeedLineRef]int64 {
	out := map[NeedLineRef]int64{}
	pledges := ReplayedPledges(s)
	for _, l := range CustodyOf(s).Lots {
		p := pledges[l.Pledge]
		if l.Parent != "" || p == nil || p.Body.Need == 0 {
			continue
		}
		for _, pl := range p.Body.Lines {
			if pl.Item == l.Item {
				if pl.NeedLine != 0 {
					out[NeedLineRef{p.Body.Need, pl.NeedLine}] += l.Quantity
				}
				break
			}
		}
	}
	return out
}
