package ledger

import "time"

// Pledge is a donor's pledge as the store keeps it. DonorUser and DonorOrg
// are private (they decide who may see and cancel it); public pages show
// DisplayName, or nothing if it is empty (anonymous).
type Pledge struct {
	ID          int64
	Code        string
	DonorUser   int64
	DonorOrg    int64 // 0 for a personal donor
	DonorHandle string
	Kind        string
	Status      string
	NeedID      int64 // 0 for a general pledge
	NeedTitle   string
	DeliverTo   int64 // the organisation it is to be delivered to
	Holder      int64 // who receives it now: DeliverTo, or whom it was handed on to
	HolderName  string
	DisplayName string // '' = anonymous
	Currency    string
	AmountMinor int64
	Received    int64 // money received, in minor units
	Over        int64 // of which beyond the pledge (a stated over-delivery)
	Handover    string
	Due         string
	Created     string
	Cancelled   string
	Entry       int64
	Lines       []PledgeLineView
}

// PledgeLineView is one line of goods pledged, in the item's unit.
type PledgeLineView struct {
	LineNo     int
	Item       Item
	Quantity   int64
	NeedLineID int64  // 0 if not against a need line
	NeedLine   int    // the need line's number, 0 if none
	Place      string // the need line's delivery place (city and district), "" if none
	Deadline   string // the need line's deadline, "" if none
	Received   int64  // received so far
	Over       int64  // of which beyond the pledge (a stated over-delivery)
}

// PledgeTrace is a pledge's public record: the pledge, the lots it was
// received as (custody), and its hash-linked chain of entries.
type PledgeTrace struct {
	Pledge    *Pledge
	Lots      []string
	Chain     []*StoredEntry  // the pledge's own hash chain, oldest first
	Corrected map[int64]int64 // entry index -> the entry.corrected declaring it wrong
	// Where is where the goods received from the pledge are now, over every
	// lot that descends from it (children inherit their origin pledge).
	Where []PledgePlace
	Names Names       // for describing the chain
	Money *MoneyTrace // for a money pledge: what the money became
}

// PledgePlace is a quantity of one item from a pledge, at one organisation:
// held there, in transit from there, used there, or written off there.
type PledgePlace struct {
	Item, Unit string
	Org        int64
	Kind       string // PlaceHeld, PlaceInTransit, PlaceUsed or PlaceWrittenOff
	Quantity   int64
}

// State returns p as the rules know it (Pledges.Step and custody check it).
func (p *Pledge) State() *PledgeState {
	b := PledgeMade{Pledge: p.Code, Donor: p.DonorHandle, Name: p.DisplayName, Need: p.NeedID, DeliverTo: p.DeliverTo, Kind: p.Kind,
		Currency: p.Currency, AmountMinor: p.AmountMinor, Handover: p.Handover, Due: p.Due}
	ps := NewPledgeState(&b)
	ps.Status, ps.Holder = p.Status, p.Holder
	if p.Kind == PledgeMoney {
		ps.Received[0], ps.Over[0] = p.Received, p.Over
	}
	for i, l := range p.Lines {
		ps.Body.Lines = append(ps.Body.Lines, PledgeLine{Item: l.Item.ID, Quantity: l.Quantity, Unit: l.Item.Unit, NeedLine: l.NeedLine})
		if i < len(ps.Received) {
			ps.Received[i], ps.Over[i] = l.Received, l.Over
		} else {
			ps.Received, ps.Over = append(ps.Received, l.Received), append(ps.Over, l.Over)
		}
	}
	return ps
}

// Receivable reports whether m may receive the pledge now: see
// PledgeState.ReceivableBy, the one rule.
func (p *Pledge) Receivable(m Member) bool {
	return m.Custodian() && p.State().ReceivableBy(m.Org) == nil
}

// Age is how long ago the pledge was made, as of now.
func (p *Pledge) Age(now time.Time) time.Duration {
	t, err := ParseTime(p.Created)
	if err != nil {
		return 0
	}
	return now.Sub(t)
}

// Overdue reports whether the handover date has passed without receipt.
func (p *Pledge) Overdue(now time.Time) bool {
	return p.Status == PledgeStatusPledged && p.Due < now.UTC().Format(DateFormat)
}
