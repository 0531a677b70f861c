package ledger

import (
	"fmt"
	"slices"
	"strconv"
)

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
	Stage1User int64
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

func needSubjectOK(e *Entry, need int64) error {
	if subj := Subject(SubjectNeed, need); !slices.Contains(e.Subjects, subj) {
		return fmt.Errorf("entry about need %d does not name %s among its subjects", need, subj)
	}
	return nil
}

// checkLineItems: every line's item is in the catalogue, in its unit.
func checkLineItems(s *State, lines []NeedLine) error {
	for _, l := range lines {
		it, ok := s.Items[l.Item]
		if !ok {
			return fmt.Errorf("line %d: unknown item %q", l.Line, l.Item)
		}
		if it.Unit != l.Unit {
			return fmt.Errorf("line %d: unit %q, but %s is counted in %q", l.Line, l.Unit, l.Item, it.Unit)
		}
	}
	return nil
}

func applyNeedSubmitted(s *State, _ int64, e *Entry, body Body) error {
	b := body.(*NeedSubmitted)
	st := needsPart(s)
	if err := needSubjectOK(e, b.Need); err != nil {
		return err
	}
	if _, dup := st.needs[b.Need]; dup {
		return fmt.Errorf("need %d is submitted twice", b.Need)
	}
	if e.Actor.Org <= PlatformOrgID || e.Actor.User == 0 {
		return fmt.Errorf("need %d is submitted by no recipient organisation", b.Need)
	}
	if err := checkLineItems(s, b.Lines); err != nil {
		return err
	}
	st.needs[b.Need] = &NeedState{ID: b.Need, Org: e.Actor.Org, Submitter: e.Actor.User, Title: b.Title, Status: NeedStatusSubmitted,
		Approvals: b.Approvals, Lines: b.Lines, Pledged: map[int]int64{}, Money: map[string]int64{}}
	return nil
}

// applyNeedReview follows the four-eyes flow: stage 1, then (if the need
// asked for two approvals) stage 2 by another auditor; nobody of the
// submitting organisation reviews.
func applyNeedReview(s *State, _ int64, e *Entry, b *ReviewDecided) error {
	_, id := SplitSubject(b.Subject)
	nid, err := strconv.ParseInt(id, 10, 64)
	n := needsPart(s).needs[nid]
	if err != nil || n == nil {
		return fmt.Errorf("review of unknown need %s", id)
	}
	switch {
	case n.Status != NeedStatusSubmitted:
		return fmt.Errorf("review of need %d, which is %s", nid, n.Status)
	case e.Actor.User == n.Submitter:
		return fmt.Errorf("need %d is reviewed by its own submitter", nid)
	case n.Stage1User == 0 && b.Stage != 1, n.Stage1User != 0 && b.Stage != 2:
		return fmt.Errorf("need %d: review stage %d out of order", nid, b.Stage)
	case b.Stage == 2 && (n.Approvals != 2 || e.Actor.User == n.Stage1User):
		return fmt.Errorf("need %d: the re-review must be by a second, different auditor", nid)
	}
	switch {
	case b.Decision == Reject:
		n.Status = NeedStatusRejected
	case b.Stage == n.Approvals:
		n.Status = NeedStatusPublished
		n.Approved = slices.Clone(n.Lines)
	default:
		n.Stage1User = e.Actor.User
	}
	return nil
}

// ownNeed returns the need an entry by e's actor may change.
func ownNeed(s *State, e *Entry, need int64) (*NeedState, error) {
	if err := needSubjectOK(e, need); err != nil {
		return nil, err
	}
	n := needsPart(s).needs[need]
	if n == nil {
		return nil, fmt.Errorf("unknown need %d", need)
	}
	if e.Actor.Org != n.Org {
		return nil, fmt.Errorf("need %d of organisation %d is changed by organisation %d", need, n.Org, e.Actor.Org)
	}
	return n, nil
}

func applyNeedUpdated(s *State, _ int64, e *Entry, body Body) error {
	b := body.(*NeedUpdated)
	n, err := ownNeed(s, e, b.Need)
	if err != nil {
		return err
	}
	if n.Status != NeedStatusPublished {
		return fmt.Errorf("need %d is updated while %s", b.Need, n.Status)
	}
	if err := checkLineItems(s, b.Lines); err != nil {
		return err
	}
	if err := CheckNeedUpdate(n.Approved, b.Lines); err != nil {
		return err
	}
	n.Title, n.Lines = b.Title, b.Lines
	return nil
}

func applyNeedClosed(s *State, _ int64, e *Entry, body Body) error {
	b := body.(*NeedClosed)
	n, err := ownNeed(s, e, b.Need)
	if err != nil {
		return err
	}
	if n.Status != NeedStatusPublished && n.Status != NeedStatusSubmitted {
		return fmt.Errorf("need %d is closed while %s", b.Need, n.Status)
	}
	n.Status = NeedStatusClosed
	return nil
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
	if !sameSet(st.Subjects, e.Subjects) {
		return fmt.Errorf("the entry lists subjects %v, but it touches %v", e.Subjects, st.Subjects)
	}
	st.Apply()
	return nil
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
// line answers a need line. The store's need_line_flows view counts the same.
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
