package views

// Plain-words descriptions of the custody entries: lots and handoffs.

import (
	"fmt"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// LotQty writes q of a lot, e.g. "2,000 pcs of Surgical mask (lot 7KQ3PX9M)".
func (d Describing) LotQty(code string, q int64) string {
	if d.Names.Lots[code].Item == ledger.ItemMoney {
		return d.moneyLot(code, q)
	}
	if l, ok := d.Names.Lots[code]; ok && l.Item != "" {
		return fmt.Sprintf(d.T.Public.LotRef, fmt.Sprintf(d.T.Public.LotQty, QtyIn(d.Lang, q, l.Unit), d.Item(l.Item)), code)
	}
	return fmt.Sprintf(d.T.Public.LotRef, GroupDigits(q), code)
}

func (d Describing) actor() string { return d.Org(d.Entry.Actor.Org) }

func (d Describing) list(parts []string) string { return strings.Join(parts, d.T.Public.ListSep) }

func (d Describing) reason(r string) string {
	if w, ok := d.T.Public.Reasons[r]; ok {
		return w
	}
	return r
}

var _ = AddDescriber(ledger.TypeLotReceived, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.LotReceived)
	var parts []string
	for _, l := range r.Lots {
		parts = append(parts, fmt.Sprintf(d.T.Public.LotRef, fmt.Sprintf(d.T.Public.LotQty, QtyIn(d.Lang, l.Quantity, l.Unit), d.Item(l.Item)), l.Code))
	}
	s := fmt.Sprintf(d.T.Public.DescLotReceived, d.actor(), r.Pledge, d.list(parts))
	if r.OverDelivery != "" {
		s += fmt.Sprintf(d.T.Needs.DescOver, r.OverDelivery)
	}
	return s
})

var _ = AddDescriber(ledger.TypeLotSplit, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.LotSplit)
	var parts []string
	for _, c := range r.Children {
		parts = append(parts, d.LotQty(c.Code, c.Quantity))
	}
	return fmt.Sprintf(d.T.Public.DescLotSplit, d.actor(), r.Lot, d.list(parts))
})

var _ = AddDescriber(ledger.TypeLotPacked, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.LotPacked)
	return fmt.Sprintf(d.T.Public.DescLotPacked, d.actor(), strings.Join(r.Lots, d.T.Public.Join), r.Pack, r.Description)
})

var _ = AddDescriber(ledger.TypeLotUnpacked, func(d Describing, b ledger.Body) string {
	return fmt.Sprintf(d.T.Public.DescLotUnpacked, d.actor(), b.(*ledger.LotUnpacked).Pack)
})

var _ = AddDescriber(ledger.TypeLotUsed, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.LotUsed)
	return fmt.Sprintf(d.T.Public.DescLotUsed, d.actor(), d.LotQty(r.Lot, r.Quantity), r.Use, r.Date)
})

var _ = AddDescriber(ledger.TypeLotWrittenOff, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.LotWrittenOff)
	return fmt.Sprintf(d.T.Public.DescWrittenOff, d.actor(), d.LotQty(r.Lot, r.Quantity), d.reason(r.Cause), r.Reason)
})

var _ = AddDescriber(ledger.TypeHandoffDispatched, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.HandoffDispatched)
	var parts []string
	for _, l := range r.Lines {
		parts = append(parts, d.LotQty(l.Lot, l.Quantity))
	}
	s := fmt.Sprintf(d.T.Public.DescDispatched, d.actor(), d.list(parts), d.Org(r.To))
	if r.Via != 0 {
		s += fmt.Sprintf(d.T.Public.DescVia, d.Org(r.Via))
	}
	return s
})

var _ = AddDescriber(ledger.TypeHandoffPickedUp, func(d Describing, b ledger.Body) string {
	return fmt.Sprintf(d.T.Public.DescPickedUp, d.actor(), b.(*ledger.HandoffStep).Handoff)
})

var _ = AddDescriber(ledger.TypeHandoffDelivered, func(d Describing, b ledger.Body) string {
	return fmt.Sprintf(d.T.Public.DescDelivered, d.actor(), b.(*ledger.HandoffStep).Handoff)
})

// handoff.received: "Hospital A confirmed receipt of 1,980 of 2,000 pcs of
// N95 mask (lot X) from Warehouse B — 20 damaged".
var _ = AddDescriber(ledger.TypeHandoffReceived, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.HandoffReceived)
	h, known := d.Names.Handoffs[r.Handoff]
	var parts, short []string
	for _, l := range r.Lines {
		sent, ok := h.Sent[l.Lot]
		if !ok || sent == l.Received {
			parts = append(parts, d.LotQty(l.Lot, l.Received))
			continue
		}
		parts = append(parts, fmt.Sprintf(d.T.Public.DescShort, GroupDigits(l.Received), d.LotQty(l.Lot, sent)))
		if sent > l.Received {
			short = append(short, GroupDigits(sent-l.Received)+" "+d.reason(l.Reason))
		}
	}
	s := fmt.Sprintf(d.T.Public.DescReceived, d.actor(), d.list(parts))
	if known {
		s += fmt.Sprintf(d.T.Public.DescReceivedFrom, d.Org(h.From))
	}
	if len(short) > 0 {
		s += d.T.Public.Dash + strings.Join(short, d.T.Public.Join)
	}
	return s
})

var _ = AddDescriber(ledger.TypeHandoffRejected, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.HandoffRejected)
	return fmt.Sprintf(d.T.Public.DescRejected2, d.actor(), r.Handoff, d.reason(r.Reason))
})

var _ = AddDescriber(ledger.TypeEntryCorrected, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.EntryCorrected)
	return fmt.Sprintf(d.T.Public.DescCorrected, d.actor(), r.Entry, r.Reason)
})
