package ledger

import (
	"fmt"
	"slices"
	"strconv"
)

// The need rules, one Step for the store and the replay alike (as
// Custody.Step is for lots and Pledges.Step for pledges): a verified
// recipient submits a need (need.submitted), auditors review it
// (review.decided; four-eyes when it asks for two approvals), it is
// published on its final approval, then updated within what was approved
// (need.updated) or closed (need.closed). Pledges against it are
// Pledges.Step's (over-need: BeyondNeed).

// Needs is the state the need rules check against: the needs, the
// organisations that submit them and the catalogue their lines name (the
// store loads the ones an entry names; the replay has them all). A need
// the store holds as a private draft has status NeedStatusDraft; the
// ledger knows it only once submitted.
type Needs struct {
	Needs map[int64]*NeedState
	Orgs  map[int64]*OrgState
	Items map[string]Item
}

// NeedTypes are the entry types Needs.Step handles (and review.decided on
// a need).
var NeedTypes = []string{TypeNeedSubmitted, TypeNeedUpdated, TypeNeedClosed}

// review returns where n stands in review.
func (n *NeedState) review() Review {
	return Review{SubmitterOrg: n.Org, SubmitterUser: n.Submitter, Approvals: n.Approvals, Stage1User: n.Stage1User,
		Decided: n.Status != NeedStatusSubmitted}
}

// Review returns where n stands in review (the store fills a decision's
// stage from it).
func (n *NeedState) Review() Review { return n.review() }

// Step checks a need entry (or a review of a need) made at time by actor
// against ns. It changes nothing; the returned step's Apply does.
func (ns *Needs) Step(time string, actor Actor, body Body) (*Step, error) {
	if ns.Needs == nil {
		ns.Needs = map[int64]*NeedState{}
	}
	switch b := body.(type) {
	case *NeedSubmitted:
		return ns.stepSubmitted(time, actor, b)
	case *NeedUpdated:
		return ns.stepUpdated(time, actor, b)
	case *NeedClosed:
		return ns.stepClosed(actor, b)
	case *ReviewDecided:
		return ns.stepReview(actor, b)
	}
	return nil, fmt.Errorf("%T is not a need entry", body)
}

// checkLines: every line's item is in the catalogue, counted in its unit,
// and its deadline is within reason at the entry's time.
func (ns *Needs) checkLines(at string, lines []NeedLine) error {
	for _, l := range lines {
		it, ok := ns.Items[l.Item]
		if !ok {
			return Errorf(EINVALID, "there is no item %q in the catalogue", l.Item)
		}
		if it.Unit != l.Unit {
			return fmt.Errorf("line %d: unit %q, but %s is counted in %q", l.Line, l.Unit, l.Item, it.Unit)
		}
		if err := CheckDeadline(l.Deadline, entryTime(at)); err != nil {
			return err
		}
	}
	return nil
}

// own returns the need actor's organisation may change.
func (ns *Needs) own(actor Actor, need int64) (*NeedState, error) {
	n := ns.Needs[need]
	if n == nil {
		return nil, Errorf(ENOTFOUND, "no need %d", need)
	}
	if actor.Org != n.Org {
		return nil, ErrOtherOrgsNeed
	}
	return n, nil
}

// ErrOtherOrgsNeed refuses a change to a need by another organisation.
var ErrOtherOrgsNeed = Errorf(EFORBIDDEN, "this need belongs to another organisation")

func needSubjects(need int64) []string { return []string{Subject(SubjectNeed, need)} }

// stepSubmitted: a member of a verified recipient submits its need once.
func (ns *Needs) stepSubmitted(at string, actor Actor, b *NeedSubmitted) (*Step, error) {
	o := ns.Orgs[actor.Org]
	if actor.User == 0 || o == nil || o.Kind != OrgRecipient || o.Status != OrgVerified {
		return nil, Errorf(EFORBIDDEN, "your account is not allowed to do this")
	}
	if n := ns.Needs[b.Need]; n != nil {
		if n.Org != actor.Org {
			return nil, ErrOtherOrgsNeed
		}
		if n.Status != NeedStatusDraft {
			return nil, Errorf(ECONFLICT, "this need was already submitted")
		}
	}
	if err := ns.checkLines(at, b.Lines); err != nil {
		return nil, err
	}
	return &Step{Subjects: needSubjects(b.Need), apply: func() {
		ns.Needs[b.Need] = &NeedState{ID: b.Need, Org: actor.Org, Submitter: actor.User, Title: b.Title, Status: NeedStatusSubmitted,
			Approvals: b.Approvals, Lines: b.Lines, Pledged: map[int]int64{}, Money: map[string]int64{}}
	}}, nil
}

// stepReview: the four-eyes rule (Review.NextStage); the final approval
// publishes the need with its lines as approved.
func (ns *Needs) stepReview(actor Actor, b *ReviewDecided) (*Step, error) {
	var id int64
	if kind, s := SplitSubject(b.Subject); kind != SubjectNeed || !parseID(s, &id) {
		return nil, fmt.Errorf("not a need: %q", b.Subject)
	}
	n := ns.Needs[id]
	if n == nil || n.Status == NeedStatusDraft {
		return nil, Errorf(ENOTFOUND, "no need %d", id)
	}
	r, err := n.review().step(actor, b)
	if err != nil {
		return nil, err
	}
	return &Step{Subjects: needSubjects(id), Review: r, apply: func() {
		if r.Stage == 1 && b.Decision == Approve {
			n.Stage1User = actor.User
		}
		switch r.Outcome {
		case Reject:
			n.Status = NeedStatusRejected
		case Approve:
			n.Status = NeedStatusPublished
			n.Approved = slices.Clone(n.Lines)
		}
	}}, nil
}

// stepUpdated: a published need's lines are replaced, within what the
// auditors approved (CheckNeedUpdate).
func (ns *Needs) stepUpdated(at string, actor Actor, b *NeedUpdated) (*Step, error) {
	n, err := ns.own(actor, b.Need)
	if err != nil {
		return nil, err
	}
	if n.Status != NeedStatusPublished {
		return nil, Errorf(ECONFLICT, "only a published need can be updated")
	}
	if err := ns.checkLines(at, b.Lines); err != nil {
		return nil, err
	}
	if err := CheckNeedUpdate(n.Approved, b.Lines); err != nil {
		return nil, err
	}
	return &Step{Subjects: needSubjects(b.Need), apply: func() { n.Title, n.Lines = b.Title, b.Lines }}, nil
}

// stepClosed: a submitted or published need is closed by its organisation.
func (ns *Needs) stepClosed(actor Actor, b *NeedClosed) (*Step, error) {
	n, err := ns.own(actor, b.Need)
	if err != nil {
		return nil, err
	}
	if n.Status != NeedStatusPublished && n.Status != NeedStatusSubmitted {
		return nil, Errorf(ECONFLICT, "only a submitted or published need can be closed")
	}
	return &Step{Subjects: needSubjects(b.Need), apply: func() { n.Status = NeedStatusClosed }}, nil
}

// parseID parses a subject's id.
func parseID(s string, id *int64) bool {
	var err error
	*id, err = strconv.ParseInt(s, 10, 64)
	return err == nil && *id > 0
}
