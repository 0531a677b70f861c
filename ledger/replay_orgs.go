package ledger

import "fmt"

// Organisations: who registered, and what the auditors decided. One Step
// (Orgs.Step) for the store and the replay.

// OrgState is an organisation as the rules know it.
type OrgState struct {
	ID         int64
	Kind       string
	Name       string
	Registrant int64 // user id of who registered it
	Status     string
}

// ReplayedOrg is an organisation as the replay re-derives it.
type ReplayedOrg = OrgState

// review returns where o stands in review: one approval, by anyone but its
// registrant.
func (o *OrgState) review() Review {
	return Review{SubmitterOrg: o.ID, SubmitterUser: o.Registrant, Approvals: 1, Decided: o.Status != OrgPending}
}

// Review returns where o stands in review (the store fills a decision's
// stage from it).
func (o *OrgState) Review() Review { return o.review() }

// Orgs is the state the organisation rules check against (the store loads
// the one an entry names; the replay has them all).
type Orgs struct {
	Orgs map[int64]*OrgState
}

// OrgTypes are the entry types Orgs.Step handles (and review.decided on an
// organisation).
var OrgTypes = []string{TypeOrgRegistered}

// Step checks an organisation entry (or a review of one) by actor against
// og. It changes nothing; the returned step's Apply does.
func (og *Orgs) Step(actor Actor, body Body) (*Step, error) {
	if og.Orgs == nil {
		og.Orgs = map[int64]*OrgState{}
	}
	switch b := body.(type) {
	case *OrgRegistered:
		return og.stepRegistered(actor, b)
	case *ReviewDecided:
		return og.stepReview(actor, b)
	}
	return nil, fmt.Errorf("%T is not an organisation entry", body)
}

// stepRegistered: an organisation is registered once, under its own id,
// by the user who then acts for it.
func (og *Orgs) stepRegistered(actor Actor, b *OrgRegistered) (*Step, error) {
	if _, dup := og.Orgs[b.Org]; dup {
		return nil, fmt.Errorf("organisation %d is registered twice", b.Org)
	}
	if actor.Org != b.Org || actor.User == 0 {
		return nil, fmt.Errorf("organisation %d registered by an entry acting for organisation %d", b.Org, actor.Org)
	}
	return &Step{Subjects: []string{Subject(SubjectOrg, b.Org)}, apply: func() {
		og.Orgs[b.Org] = &OrgState{ID: b.Org, Kind: b.Kind, Name: b.Name, Registrant: actor.User, Status: OrgPending}
	}}, nil
}

// stepReview: one decision per pending organisation (Review.NextStage;
// organisations need no re-review).
func (og *Orgs) stepReview(actor Actor, b *ReviewDecided) (*Step, error) {
	var id int64
	if kind, s := SplitSubject(b.Subject); kind != SubjectOrg || !parseID(s, &id) {
		return nil, fmt.Errorf("not an organisation: %q", b.Subject)
	}
	o := og.Orgs[id]
	if o == nil {
		return nil, Errorf(ENOTFOUND, "no organisation %d", id)
	}
	r, err := o.review().step(actor, b)
	if err != nil {
		return nil, err
	}
	return &Step{Subjects: []string{b.Subject}, Review: r, apply: func() {
		if r.Outcome == Approve {
			o.Status = OrgVerified
		} else {
			o.Status = OrgRejected
		}
	}}, nil
}

type orgsState struct{ orgs map[int64]*OrgState }

func orgsPart(s *State) *orgsState {
	p := Part[orgsState](s)
	if p.orgs == nil {
		p.orgs = map[int64]*OrgState{}
	}
	return p
}

// ReplayedOrgs returns the organisations re-derived so far, by id.
func ReplayedOrgs(s *State) map[int64]*OrgState { return orgsPart(s).orgs }

// OrgsOf returns the organisation rules' view of a replayed state.
func OrgsOf(s *State) *Orgs { return &Orgs{Orgs: orgsPart(s).orgs} }

// replayOrg applies an organisation entry: the same Step as the store, and
// the entry must list exactly the subjects the step touches.
func replayOrg(s *State, _ int64, e *Entry, body Body) error {
	st, err := OrgsOf(s).Step(e.Actor, body)
	return replayStep(s, st, err, e)
}
