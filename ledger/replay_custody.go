package ledger

import (
	"fmt"
	"slices"
)

// The replay of custody entries.

// CustodyOf returns the custody part of a replayed state.
func CustodyOf(s *State) *Custody {
	c := Part[Custody](s)
	c.init()
	c.Items = s.Items
	return c
}

// replayCustody applies a custody entry in the replay: the same Step as the
// store, and the entry must list exactly the subjects the step touches.
func replayCustody(s *State, index int64, e *Entry, body Body) error {
	c := CustodyOf(s)
	pledges := ReplayedPledges(s)
	c.pledgeCode = func(code string) bool { return pledges[code] != nil }
	if code := ReceivedPledge(body); code != "" {
		if rp := pledges[code]; rp != nil {
			c.Pledges[code] = rp
		}
	}
	st, err := c.Step(index, e.Time, e.Actor, e.Type, body)
	return replayStep(s, st, err, e)
}

// replayStep applies a step checked by an area's Step (or returns err): the
// entry must list exactly the subjects the step touches.
func replayStep(s *State, st *Step, err error, e *Entry) error {
	if err != nil {
		return err
	}
	if !sameSet(st.Subjects, e.Subjects) {
		return fmt.Errorf("the entry lists subjects %v, but it touches %v", e.Subjects, st.Subjects)
	}
	st.Apply()
	s.last = st
	return nil
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
