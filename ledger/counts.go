package ledger

import (
	"slices"
)

// Stock counts. A custodian counts a lot and records what it found; a
// difference from what the books hold becomes an adjustment with a reason.
// A large one (more than CountApprovalShare of the lot or more than
// CountApprovalUnits) waits for a second member of the organisation to
// approve it (four eyes, as needs are reviewed twice), and the lot cannot
// move meanwhile. Every count is a public entry on the lot's chain, like a
// discrepancy at receipt, and the replay runs the same rules.
const (
	TypeLotCounted       = "lot.counted"
	TypeLotCountReviewed = "lot.count_reviewed"
)

func init() {
	Register(TypeLotCounted, &LotCounted{})
	Register(TypeLotCountReviewed, &LotCountReviewed{})
}

// Thresholds above which a count's adjustment needs a second member.
const (
	CountApprovalPercent = 5
	CountApprovalUnits   = 100
)

// Reasons a count differs from the books.
const (
	CountReasonDamaged = "damaged"
	CountReasonLost    = "lost"
	CountReasonFound   = "found"
	CountReasonRecord  = "recording_error"
	CountReasonOther   = "other"
)

// CountReasons are the reasons a count can give for a difference.
var CountReasons = []string{CountReasonDamaged, CountReasonLost, CountReasonFound, CountReasonRecord, CountReasonOther}

// Count statuses.
const (
	CountMatched  = "matched"  // the count agreed with the books
	CountAdjusted = "adjusted" // a small difference, applied at once
	CountPending  = "pending"  // a large difference, waiting for a second member
	CountApproved = "approved" // ... approved and applied
	CountRejected = "rejected" // ... rejected: the books stand
)

// LotCounted is the body of lot.counted: a member of the holder counted
// Counted where the books held Held. Reason is required when they differ.
// Subject: the lot.
type LotCounted struct {
	Lot     string `json:"lot"`
	Held    int64  `json:"held"`
	Counted int64  `json:"counted"`
	Reason  string `json:"reason,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Validate checks the quantities and that a difference has a reason.
func (b *LotCounted) Validate() error {
	switch {
	case !isCode(b.Lot):
		return Errorf(EINVALID, "bad lot code")
	case b.Held < 0 || b.Held > MaxQuantity || b.Counted < 0 || b.Counted > MaxQuantity:
		return errQuantity()
	case b.Counted != b.Held && !slices.Contains(CountReasons, b.Reason):
		return Errorf(EINVALID, "the count differs from the stock: choose a reason")
	case b.Counted == b.Held && b.Reason != "":
		return Errorf(EINVALID, "the count agrees with the stock: no reason is needed")
	case !sensibleText(b.Note, 0, 500) || (b.Reason == CountReasonOther && !sensibleText(b.Note, 2, 500)):
		return Errorf(EINVALID, "explain the difference in the note (2 to 500 characters)")
	}
	return nil
}

// NeedsApproval reports whether the count's adjustment waits for a second member.
func (b *LotCounted) NeedsApproval() bool { return CountNeedsApproval(b.Held, b.Counted) }

// CountNeedsApproval reports whether finding counted where held were
// booked is a large difference: above CountApprovalPercent of held, or
// above CountApprovalUnits.
func CountNeedsApproval(held, counted int64) bool {
	d := counted - held
	if d < 0 {
		d = -d
	}
	return d > CountApprovalUnits || d*100 > held*CountApprovalPercent
}

// LotCountReviewed is the body of lot.count_reviewed: a second member of
// the holder approves or rejects a pending count (entry Count). Subject: the lot.
type LotCountReviewed struct {
	Lot      string `json:"lot"`
	Count    int64  `json:"count"`
	Approved bool   `json:"approved"`
	Note     string `json:"note,omitempty"`
}

// Validate checks the lot and the count's index.
func (b *LotCountReviewed) Validate() error {
	switch {
	case !isCode(b.Lot):
		return Errorf(EINVALID, "bad lot code")
	case b.Count < 0:
		return Errorf(EINVALID, "no such count")
	case !sensibleText(b.Note, 0, 500):
		return Errorf(EINVALID, "the note must be at most 500 characters")
	}
	return nil
}

// Count is a stock count as custody knows it.
type Count struct {
	Entry   int64
	Lot     string
	Org     int64
	User    int64 // who counted: not the one who approves
	Held    int64
	Counted int64
	Reason  string
	Status  string
}

// Delta is the adjustment the count makes (or would make) to the lot.
func (k *Count) Delta() int64 { return k.Counted - k.Held }

// pendingCount returns the count of lot waiting for approval, if any.
func (c *Custody) pendingCount(lot string) *Count {
	for _, k := range c.Counts {
		if k.Lot == lot && k.Status == CountPending {
			return k
		}
	}
	return nil
}

func (c *Custody) stepCounted(index int64, actor Actor, b *LotCounted) (*Step, error) {
	l, err := c.itemLot(actor, b.Lot) // refuses a lot whose last count waits for approval
	if err != nil {
		return nil, err
	}
	if b.Held != l.Held {
		return nil, Errorf(ECONFLICT, "lot %s changed while it was counted (it now holds %d); count again", FormatCode(b.Lot), l.Held)
	}
	k := &Count{Entry: index, Lot: b.Lot, Org: actor.Org, User: actor.User, Held: b.Held, Counted: b.Counted, Reason: b.Reason}
	switch {
	case b.Counted == b.Held:
		k.Status = CountMatched
	case b.NeedsApproval():
		k.Status = CountPending
	default:
		k.Status = CountAdjusted
	}
	return &Step{Subjects: []string{lotSubject(b.Lot)}, apply: func() {
		if k.Status == CountAdjusted {
			l.Held = k.Counted
		}
		c.Counts[index] = k
	}}, nil
}

func (c *Custody) stepCountReviewed(actor Actor, b *LotCountReviewed) (*Step, error) {
	l, err := c.lot(b.Lot)
	if err != nil {
		return nil, err
	}
	if l.Holder != actor.Org {
		return nil, Errorf(EFORBIDDEN, "lot %s is not held by your organisation", FormatCode(b.Lot))
	}
	k, ok := c.Counts[b.Count]
	if !ok || k.Lot != b.Lot {
		return nil, Errorf(ENOTFOUND, "no such count")
	}
	if k.Status != CountPending {
		return nil, Errorf(ECONFLICT, "this count was already reviewed")
	}
	if actor.User == 0 || actor.User == k.User {
		return nil, Errorf(EFORBIDDEN, "a second member of the organisation must approve a count")
	}
	if b.Approved && l.Held != k.Held {
		return nil, Errorf(ECONFLICT, "lot %s changed since the count (it now holds %d); count again", FormatCode(b.Lot), l.Held)
	}
	return &Step{Subjects: []string{lotSubject(b.Lot)}, apply: func() {
		if b.Approved {
			k.Status, l.Held = CountApproved, k.Counted
		} else {
			k.Status = CountRejected
		}
	}}, nil
}
