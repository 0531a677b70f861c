package ledger

// Need is a recipient's need with its current lines and their progress.
type Need struct {
	ID          int64
	OrgID       int64
	OrgName     string
	Title       string
	Status      string
	Approvals   int // auditors who must approve: 1, or 2 above the review threshold
	CreatedBy   int64
	SubmittedBy int64
	Created     string
	Submitted   string
	Published   string
	CloseReason string
	Entry       int64 // latest need.* entry, -1 for a draft
	Reviews     int   // review decisions so far (for the queue's stage)
	Lines       []NeedLineView
	// Money pledged against the need as a whole, by currency.
	Money []MoneyTotal
	// Waiting are its pledges not yet received (filled for the board and
	// the need's page).
	Waiting Waiting
	// BoardRank and BoardDeadline are its place in the needs board's order
	// (the store's sort key, migration 0017): the page key after it.
	BoardRank     int64
	BoardDeadline string
}

// NeedLineView is one current line of a need. Removed lines (dropped by an
// update) are kept so pledges made against them stay visible.
type NeedLineView struct {
	ID       int64
	Line     int
	Item     Item
	Spec     string
	Quantity int64
	Approved int64 // the quantity the auditors approved; 0 before approval
	Urgency  string
	Deadline string
	Place    string
	Notes    string
	Removed  bool
	Progress Progress
}

// Progress is how far a need line (or a need, summed) has come, in the
// item's unit: pledged, received by the first custodian, delivered to the
// recipient, used (distributed or consumed).
type Progress struct {
	Pledged   int64
	Received  int64
	Delivered int64
	Used      int64
}

// Waiting is a need's pledges not yet received: how many, and when the
// oldest was made.
type Waiting struct {
	Pledges int
	Oldest  string
}

// MoneyTotal is an amount of money in minor units of a currency.
type MoneyTotal struct {
	Currency    string
	AmountMinor int64
}

// Board is one page of the public needs board: the open needs, the oldest
// pledges to them not yet received, and what the filters offer.
type Board struct {
	Needs      []*Need
	Unreceived []*Pledge
	Items      []Item    // catalogue items asked for by open needs
	Recipients []OrgName // organisations with open needs
	Next       string    // page key of the next page, "" on the last
}

// NeedDetail is one need's public page: the need and its oldest pledges
// not yet received (Need.Waiting counts them all).
type NeedDetail struct {
	Need       *Need
	Unreceived []*Pledge
}

// PledgeFormData is what the pledge form offers: the need pledged to (nil
// for a general pledge), the catalogue, and the verified warehouses it may
// be delivered to instead of the need's recipient.
type PledgeFormData struct {
	Need       *Need
	Items      []Item
	Warehouses []OrgName
}

// Add adds p to the progress (for totals).
func (t *Progress) Add(p Progress) {
	t.Pledged += p.Pledged
	t.Received += p.Received
	t.Delivered += p.Delivered
	t.Used += p.Used
}

// Urgency is the need's most urgent open line's urgency.
func (n *Need) Urgency() string {
	best := ""
	for _, l := range n.OpenLines() {
		if best == "" || UrgencyRank(l.Urgency) < UrgencyRank(best) {
			best = l.Urgency
		}
	}
	return best
}

// Deadline is the earliest deadline of the need's open lines.
func (n *Need) Deadline() string {
	d := ""
	for _, l := range n.OpenLines() {
		if d == "" || l.Deadline < d {
			d = l.Deadline
		}
	}
	return d
}

// OpenLines returns the lines not removed by an update.
func (n *Need) OpenLines() []NeedLineView {
	var out []NeedLineView
	for _, l := range n.Lines {
		if !l.Removed {
			out = append(out, l)
		}
	}
	return out
}

// Total sums the progress of the open lines, and their quantity.
func (n *Need) Total() (quantity int64, p Progress) {
	for _, l := range n.OpenLines() {
		quantity += l.Quantity
		p.Add(l.Progress)
	}
	return quantity, p
}

// Met reports whether every open line has been received in full.
func (n *Need) Met() bool {
	open := n.OpenLines()
	for _, l := range open {
		if l.Progress.Received < l.Quantity {
			return false
		}
	}
	return len(open) > 0
}
