package main

import (
	"fmt"
	"slices"

	"github.com/aidtrail/aidtrail/ledger"
)

// kindSignature: a party signature that does not verify, is by a key not
// enrolled, approved and unrevoked at that entry, or is missing where the
// organisation requires one.
const kindSignature = "signature"

// checkSignatures checks e's party signatures from the entries alone, with
// the same rule the store ran before appending (ledger.Keys.CheckSignatures)
// over the keys replayed so far.
func checkSignatures(index int64, e *ledger.Entry, state *ledger.State, rep *report) {
	keys := ledger.ReplayedKeys(state)
	_, covered := keys.Ahead[index] // named in advance by a signed entry
	st, err := keys.CheckSignatures(index, e)
	if err != nil {
		if len(e.Sigs) == 0 && !covered {
			rep.addAt(index, kindSignature, "%s by %s is unsigned, but %s requires signatures (entry %d): the platform recorded it, not the organisation",
				e.Type, orgName(state, e.Actor.Org), orgName(state, e.Actor.Org), keys.Required[e.Actor.Org])
			return
		}
		rep.addAt(index, kindSignature, "%s in the name of %s: %v", e.Type, orgName(state, e.Actor.Org), err)
		return
	}
	st.Apply()
	rep.Signatures += len(e.Sigs)
	if len(e.Sigs) == 0 && !covered && slices.Contains(ledger.MustSign, e.Type) && e.Actor.Org > 0 {
		rep.Unsigned++
	}
}

func orgName(state *ledger.State, org int64) string {
	if o, ok := ledger.ReplayedOrgs(state)[org]; ok {
		return fmt.Sprintf("%s (organisation %d)", o.Name, org)
	}
	return fmt.Sprintf("organisation %d", org)
}
