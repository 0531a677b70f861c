package main

import (
	"bytes"
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

// signersTypes are the entries a partial verification (-subject) replays
// besides the subject's own, to check its signatures as the full run does:
// registrations (who is an organisation's admin), keys and policies, and
// corrections (a signed one covers its corrective entries).
var signersTypes = append([]string{ledger.TypeOrgRegistered, ledger.TypeEntryCorrected}, ledger.KeyTypes...)

// signatureContext reports whether data may be one of signersTypes: it
// names the type anywhere (a dishonest server cannot hide one by spacing).
func signatureContext(data []byte) bool {
	for _, t := range signersTypes {
		if bytes.Contains(data, []byte(t)) {
			return true
		}
	}
	return false
}

// learnSigners applies an entry of signersTypes to the partial state; the
// full run reports what is wrong with them. A correction outside the
// subject (its signature not checked yet) still names its corrective
// entries in advance.
func learnSigners(index int64, e *ledger.Entry, state *ledger.State, sigChecked bool) {
	if !slices.Contains(signersTypes, e.Type) {
		return
	}
	if e.Type == ledger.TypeEntryCorrected {
		if sigChecked {
			return
		}
		if st, err := ledger.ReplayedKeys(state).CheckSignatures(index, e); err == nil {
			st.Apply()
		}
		return
	}
	state.Apply(index, e)
}
