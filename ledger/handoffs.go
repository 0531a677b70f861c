package ledger

import "slices"

// Entry types of handoffs: lots moving from a sender to a receiver,
// optionally via a carrier. Each step is confirmed by the party that made
// it; custody moves only when the receiver confirms.
const (
	TypeHandoffDispatched = "handoff.dispatched"
	TypeHandoffPickedUp   = "handoff.picked_up"
	TypeHandoffDelivered  = "handoff.delivered"
	TypeHandoffReceived   = "handoff.received"
	TypeHandoffRejected   = "handoff.rejected"
)

func init() {
	Register(TypeHandoffDispatched, &HandoffDispatched{})
	Register(TypeHandoffPickedUp, &HandoffStep{})
	Register(TypeHandoffDelivered, &HandoffStep{})
	Register(TypeHandoffReceived, &HandoffReceived{})
	Register(TypeHandoffRejected, &HandoffRejected{})
}

// Handoff statuses.
const (
	StatusDispatched = "dispatched"
	StatusPickedUp   = "picked_up"
	StatusDelivered  = "delivered"
	StatusReceived   = "received"
	StatusRejected   = "rejected"
)

// HandoffStatuses lists every handoff status (the handoffs table's CHECK).
var HandoffStatuses = []string{StatusDispatched, StatusPickedUp, StatusDelivered, StatusReceived, StatusRejected}

// Reasons for a difference between what was sent and what was received,
// and for a rejection.
const (
	ReasonDamaged     = "damaged"
	ReasonMissing     = "missing"
	ReasonSubstandard = "substandard" // fails its standard, or no certificate
	ReasonWrongItem   = "wrong_item"
	ReasonOther       = "other"
)

// DiscrepancyReasons are the reasons a receiver can give.
var DiscrepancyReasons = []string{ReasonDamaged, ReasonMissing, ReasonSubstandard, ReasonWrongItem, ReasonOther}

// SentLot is one line of a dispatch: a quantity of one lot.
type SentLot struct {
	Lot      string `json:"lot"`
	Quantity int64  `json:"quantity"`
}

// HandoffDispatched is the body of handoff.dispatched, by the sender.
// Subjects: the handoff and every lot it carries (with a pack's contents).
type HandoffDispatched struct {
	Handoff int64     `json:"handoff"`
	To      int64     `json:"to"`            // the receiving organisation
	Via     int64     `json:"via,omitempty"` // the carrier, if any
	Lines   []SentLot `json:"lines"`
}

// Validate checks the parties and lines on their own.
func (b *HandoffDispatched) Validate() error {
	switch {
	case b.Handoff <= 0:
		return Errorf(EINVALID, "bad handoff id")
	case b.To <= PlatformOrgID || b.Via < 0 || b.Via == PlatformOrgID || (b.Via != 0 && b.Via == b.To):
		return Errorf(EINVALID, "choose a receiving organisation and, if any, a different carrier")
	case len(b.Lines) == 0 || len(b.Lines) > 100:
		return Errorf(EINVALID, "dispatch 1 to 100 lots")
	}
	var codes []string
	for _, l := range b.Lines {
		if !isCode(l.Lot) {
			return Errorf(EINVALID, "bad lot code")
		}
		if !checkQuantity(l.Quantity) {
			return errQuantity()
		}
		codes = append(codes, l.Lot)
	}
	return distinctCodes(codes)
}

// HandoffStep is the body of handoff.picked_up and handoff.delivered, by
// the carrier. Subjects: as the dispatch.
type HandoffStep struct {
	Handoff int64 `json:"handoff"`
}

// Validate checks the id.
func (b *HandoffStep) Validate() error {
	if b.Handoff <= 0 {
		return Errorf(EINVALID, "bad handoff id")
	}
	return nil
}

// ReceivedLot is the receiver's count of one dispatched line. A line whose
// whole lot was sent keeps its code at the receiver; a part of a lot
// becomes a new lot there, NewLot.
type ReceivedLot struct {
	Lot       string `json:"lot"`
	Received  int64  `json:"received"`
	Condition string `json:"condition"`
	Reason    string `json:"reason,omitempty"` // required for any difference
	Note      string `json:"note,omitempty"`
	NewLot    string `json:"new_lot,omitempty"`
}

// HandoffReceived is the body of handoff.received, by the receiver.
// Subjects: as the dispatch, plus the new lots.
type HandoffReceived struct {
	Handoff int64         `json:"handoff"`
	Lines   []ReceivedLot `json:"lines"`
}

// Validate checks each line on its own; the comparison with what was sent
// is a rule of custody.go.
func (b *HandoffReceived) Validate() error {
	if b.Handoff <= 0 {
		return Errorf(EINVALID, "bad handoff id")
	}
	if len(b.Lines) == 0 || len(b.Lines) > 100 {
		return Errorf(EINVALID, "dispatch 1 to 100 lots")
	}
	var codes []string
	for _, l := range b.Lines {
		switch {
		case !isCode(l.Lot) || (l.NewLot != "" && !isCode(l.NewLot)):
			return Errorf(EINVALID, "bad lot code")
		case l.Received < 0 || l.Received > MaxQuantity:
			return errQuantity()
		case !slices.Contains(Conditions, l.Condition):
			return Errorf(EINVALID, "choose the condition")
		case l.Reason != "" && !slices.Contains(DiscrepancyReasons, l.Reason):
			return Errorf(EINVALID, "choose a reason for the difference")
		case !sensibleText(l.Note, 0, 500):
			return Errorf(EINVALID, "the note is too long")
		}
		codes = append(codes, l.Lot)
		if l.NewLot != "" {
			codes = append(codes, l.NewLot)
		}
	}
	return distinctCodes(codes)
}

// HandoffRejected is the body of handoff.rejected, by the receiver: the
// whole shipment is refused and its quantities return to the sender.
type HandoffRejected struct {
	Handoff int64  `json:"handoff"`
	Reason  string `json:"reason"`
	Note    string `json:"note,omitempty"`
}

// Validate checks the reason.
func (b *HandoffRejected) Validate() error {
	switch {
	case b.Handoff <= 0:
		return Errorf(EINVALID, "bad handoff id")
	case !slices.Contains(DiscrepancyReasons, b.Reason):
		return Errorf(EINVALID, "choose a reason for the rejection")
	case !sensibleText(b.Note, 0, 500):
		return Errorf(EINVALID, "the note is too long")
	}
	return nil
}
