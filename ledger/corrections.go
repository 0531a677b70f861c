package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
)

// Corrections never delete (after GS1 EPCIS error declarations): a wrong
// entry stays in the log and an entry.corrected declares it wrong, undoes
// its effect on the state, and names the corrective entries that follow it
// immediately, in the same transaction.
//
// What can be corrected, and how the state is restored:
//   - lot.used and lot.written_off, by the organisation that made them and
//     still holds the lot: the quantity returns to the lot's held quantity;
//     the corrective entries (zero or more lot.used / lot.written_off of the
//     same lot) then record what really happened. A wrong quantity is
//     "declare error + re-issue"; a use that never happened is a
//     declaration with no corrective entry.
//   - Nothing else. Receipts, dispatches, splits and packs are two-sided or
//     create codes already printed on labels; a mistake there is put right
//     by the next ordinary step (reject or a return shipment, a write-off,
//     an unpack), which keeps every party's confirmation intact.
//
// An entry is corrected at most once; a corrective entry can itself be
// corrected later like any other use.
//
// The declaration also names each corrective entry's type and the SHA-256
// of its body, so a member's signature over the declaration's statement
// covers what the corrective entries say (Keys.CheckSignatures): under a
// "require signatures" policy they need no signature of their own, and
// anything else appended in their place is refused.

// TypeEntryCorrected declares an entry wrong.
const TypeEntryCorrected = "entry.corrected"

func init() { Register(TypeEntryCorrected, &EntryCorrected{}) }

// CorrectableTypes are the entry types an entry.corrected may name.
var CorrectableTypes = []string{TypeLotUsed, TypeLotWrittenOff}

// EntryCorrected is the body of entry.corrected. Subjects: the lot of the
// wrong entry. Corrective lists the indexes of the corrective entries,
// which are the entries right after this one.
type EntryCorrected struct {
	Entry      int64   `json:"entry"`
	Reason     string  `json:"reason"`
	Corrective []int64 `json:"corrective,omitempty"`
	// CorrectiveBodies says what each corrective entry will be, in the
	// order of Corrective (absent in corrections made before it existed).
	CorrectiveBodies []Covered `json:"corrective_bodies,omitempty"`
}

// Covered is an entry named in advance by a signed entry: its type and the
// SHA-256 of its body bytes as stored.
type Covered struct {
	Type       string `json:"type"`
	BodySHA256 string `json:"body_sha256"`
}

// Cover returns what an entry of type typ with body will be, to be named
// in advance: body is encoded as NewEntry encodes it.
func Cover(typ string, body Body) (Covered, error) {
	e, err := NewEntry(typ, Actor{}, nil, body)
	if err != nil {
		return Covered{}, err
	}
	return coverOf(e), nil
}

func coverOf(e *Entry) Covered {
	h := sha256.Sum256(e.Body)
	return Covered{Type: e.Type, BodySHA256: hex.EncodeToString(h[:])}
}

// Covers lists the entries the declaration names in advance, by index.
func (b *EntryCorrected) Covers() map[int64]Covered {
	if len(b.CorrectiveBodies) != len(b.Corrective) {
		return nil
	}
	out := map[int64]Covered{}
	for i, c := range b.CorrectiveBodies {
		out[b.Corrective[i]] = c
	}
	return out
}

// Validate checks the reason and the indexes.
func (b *EntryCorrected) Validate() error {
	switch {
	case b.Entry < 0:
		return Errorf(EINVALID, "bad entry index")
	case !sensibleText(b.Reason, 2, 500):
		return Errorf(EINVALID, "give a reason (2 to 500 characters)")
	case len(b.Corrective) > 20:
		return Errorf(EINVALID, "at most 20 corrective entries")
	}
	for i, c := range b.Corrective {
		if c <= b.Entry || (i > 0 && c != b.Corrective[i-1]+1) {
			return Errorf(EINVALID, "bad entry index")
		}
	}
	if len(b.CorrectiveBodies) > 0 && len(b.CorrectiveBodies) != len(b.Corrective) {
		return Errorf(EINVALID, "name every corrective entry")
	}
	for _, c := range b.CorrectiveBodies {
		if !slices.Contains(CorrectableTypes, c.Type) || !isSHA256Hex(c.BodySHA256) {
			return Errorf(EINVALID, "bad corrective entry")
		}
	}
	return nil
}
