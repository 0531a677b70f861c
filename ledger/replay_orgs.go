package ledger

import "fmt"

// Replay of organisations: who registered, and what the auditors decided.

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

// applyOrgRegistered: an organisation is registered once, under its own id,
// by the user who then acts for it.
func applyOrgRegistered(s *State, index int64, e *Entry, body Body) error {
	b := body.(*OrgRegistered)
	orgs := orgsPart(s).orgs
	if _, dup := orgs[b.Org]; dup {
		return fmt.Errorf("organisation %d is registered twice", b.Org)
	}
	if e.Actor.Org != b.Org || e.Actor.User == 0 {
		return fmt.Errorf("organisation %d registered by an entry acting for organisation %d", b.Org, e.Actor.Org)
	}
	if len(e.Subjects) != 1 || e.Subjects[0] != Subject(SubjectOrg, b.Org) {
		return fmt.Errorf("registration of organisation %d does not name it as its only subject", b.Org)
	}
	orgs[b.Org] = &OrgState{ID: b.Org, Kind: b.Kind, Name: b.Name, Registrant: e.Actor.User, Status: OrgPending}
	return nil
}

// applyOrgReview: one decision per pending organisation (organisations need
// no re-review), never by the user who registered it.
func applyOrgReview(s *State, index int64, e *Entry, b *ReviewDecided) error {
	_, id := SplitSubject(b.Subject)
	var org int64
	if _, err := fmt.Sscan(id, &org); err != nil {
		return fmt.Errorf("review of a bad organisation subject %q", b.Subject)
	}
	o, ok := orgsPart(s).orgs[org]
	switch {
	case !ok:
		return fmt.Errorf("review of organisation %d, which was never registered", org)
	case o.Status != OrgPending || b.Stage != 1:
		return fmt.Errorf("second decision on organisation %d (it is %s)", org, o.Status)
	case e.Actor.User == o.Registrant:
		return fmt.Errorf("organisation %d reviewed by the user who registered it", org)
	}
	if b.Decision == Approve {
		o.Status = OrgVerified
	} else {
		o.Status = OrgRejected
	}
	return nil
}
