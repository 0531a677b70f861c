package ledger

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
)

// State is the domain re-derived from ledger entries alone, applied one by
// one in log order. The verifier rebuilds it to check every rule without
// trusting the server; the store's own rows must always agree with it.
//
// Each area keeps its part of the state in a type of its own (see Part);
// its entry types' rules are listed in one place (rules).
type State struct {
	// Items is the catalogue, by item id.
	Items map[string]Item

	parts map[reflect.Type]any
	last  *Step // the step of the entry applied last (see ApplyStep)
}

// NewState returns the state before the first entry.
func NewState() *State {
	return &State{Items: map[string]Item{}, parts: map[reflect.Type]any{}}
}

// Part returns an area's part of s, created as a new(T) on first use; the
// area initialises its maps lazily. For example the lots area keeps
// `type lotsState struct{ byCode map[string]*Lot }` and its rules call
// Part[lotsState](s).
func Part[T any](s *State) *T {
	k := reflect.TypeFor[T]()
	if p, ok := s.parts[k]; ok {
		return p.(*T)
	}
	p := new(T)
	s.parts[k] = p
	return p
}

// Rule applies one entry of its type to the state, or returns the rule it
// breaks (a plain error; Apply adds the entry index). A rule must not change
// the state when it returns an error.
type Rule func(s *State, index int64, e *Entry, body Body) error

// rules is every entry type's replay rule, in one list (an area's Step
// types come from the area, so a type added there is replayed here).
var rules = replayRules()

func replayRules() map[string]Rule {
	r := map[string]Rule{
		TypeItemAdded:     applyItemAdded,
		TypeReviewDecided: applyReviewDecided,
		TypeMoneyReceived: replayMoneyReceived,
		TypeMoneySpent:    replayMoneySpent,
	}
	for _, area := range []struct {
		types []string
		rule  Rule
	}{{CustodyTypes, replayCustody}, {PledgeTypes, replayPledge}, {NeedTypes, replayNeed}, {OrgTypes, replayOrg}, {KeyTypes, applyKeys}} {
		for _, t := range area.types {
			if _, ok := r[t]; !ok {
				r[t] = area.rule
			}
		}
	}
	return r
}

// TypesWithoutRule lists the registered entry types that have no replay
// rule yet, sorted: their entries are checked for form but not re-derived.
func TypesWithoutRule() []string {
	var out []string
	for t := range types {
		if _, ok := rules[t]; !ok {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// Violation is an entry that breaks a rule of the domain.
type Violation struct {
	Index int64
	Type  string
	Err   error
}

func (v *Violation) Error() string { return fmt.Sprintf("entry %d (%s): %v", v.Index, v.Type, v.Err) }

func (v *Violation) Unwrap() error { return v.Err }

// Apply applies the entry at index to s. It returns a *Violation naming the
// index if the entry's body does not decode or the entry breaks its type's
// rule; s is then unchanged, so replay can go on and report every violation.
func (s *State) Apply(index int64, e *Entry) error {
	body, err := e.DecodeBody()
	if err != nil {
		return &Violation{Index: index, Type: e.Type, Err: err}
	}
	r, ok := rules[e.Type]
	if !ok {
		return nil
	}
	if err := r(s, index, e, body); err != nil {
		return &Violation{Index: index, Type: e.Type, Err: err}
	}
	return nil
}

// ApplyStep is Apply that also returns the entry's step, with its effects
// (nil for an entry type without a Step).
func (s *State) ApplyStep(index int64, e *Entry) (*Step, error) {
	s.last = nil
	if err := s.Apply(index, e); err != nil {
		return nil, err
	}
	return s.last, nil
}

// AsViolation returns err's *Violation, if it is one.
func AsViolation(err error) (*Violation, bool) {
	var v *Violation
	ok := errors.As(err, &v)
	return v, ok
}

// applyItemAdded: an item id is added once, by an entry whose subject is it.
func applyItemAdded(s *State, _ int64, e *Entry, body Body) error {
	it := body.(*ItemAdded).Item
	if subj := Subject(SubjectItem, it.ID); !slices.Contains(e.Subjects, subj) {
		return fmt.Errorf("item %q is added by an entry whose subjects do not include %s", it.ID, subj)
	}
	if _, dup := s.Items[it.ID]; dup {
		return fmt.Errorf("item %q is added twice", it.ID)
	}
	s.Items[it.ID] = it
	return nil
}
