package ledger

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
	return nil
}
