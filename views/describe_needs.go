package views

// Plain-words descriptions of the needs and pledges entries.

import (
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

func (d Describing) needLines(lines []ledger.NeedLine) string {
	var parts []string
	for _, l := range lines {
		parts = append(parts, fmt.Sprintf(d.T.Needs.DescNeedLine, QtyIn(d.Lang, l.Quantity, l.Unit), d.Item(l.Item), d.T.Needs.Urgency[l.Urgency], l.Deadline, l.Place))
	}
	return d.list(parts)
}

// donor is how a pledge's donor reads in public: the name they chose, or
// "an anonymous donor".
func (d Describing) donor(name string) string {
	if name == "" {
		return d.T.Needs.Anonymous
	}
	return name
}

var _ = AddDescriber(ledger.TypeNeedSubmitted, func(d Describing, b ledger.Body) string {
	n := b.(*ledger.NeedSubmitted)
	return fmt.Sprintf(d.T.Needs.DescNeedSubmitted, d.actor(), n.Need, n.Title, d.needLines(n.Lines))
})

var _ = AddDescriber(ledger.TypeNeedUpdated, func(d Describing, b ledger.Body) string {
	n := b.(*ledger.NeedUpdated)
	return fmt.Sprintf(d.T.Needs.DescNeedUpdated, d.actor(), n.Need, d.needLines(n.Lines))
})

var _ = AddDescriber(ledger.TypeNeedClosed, func(d Describing, b ledger.Body) string {
	n := b.(*ledger.NeedClosed)
	return fmt.Sprintf(d.T.Needs.DescNeedClosed, d.actor(), n.Need, n.Reason)
})

var _ = AddDescriber(ledger.TypePledgeMade, func(d Describing, b ledger.Body) string {
	p := b.(*ledger.PledgeMade)
	what := Money(p.Currency, p.AmountMinor)
	if p.Kind == ledger.PledgeGoods {
		var parts []string
		for _, l := range p.Lines {
			parts = append(parts, fmt.Sprintf(d.T.Public.LotQty, QtyIn(d.Lang, l.Quantity, l.Unit), d.Item(l.Item)))
		}
		what = d.list(parts)
	}
	s := fmt.Sprintf(d.T.Needs.DescPledgeMade, d.donor(p.Name), what, p.Pledge)
	if p.Need != 0 {
		s += fmt.Sprintf(d.T.Needs.DescForNeed, p.Need)
	}
	if p.DeliverTo != 0 {
		s += fmt.Sprintf(d.T.Needs.DescDeliverTo, d.Org(p.DeliverTo))
	}
	return s
})

var _ = AddDescriber(ledger.TypePledgeHandedOn, func(d Describing, b ledger.Body) string {
	p := b.(*ledger.PledgeHandedOn)
	s := fmt.Sprintf(d.T.Needs.DescPledgeHandedOn, d.actor(), p.Pledge, d.Org(p.To))
	if p.Reason != "" {
		s += ": " + p.Reason
	}
	return s
})

var _ = AddDescriber(ledger.TypePledgeCancelled, func(d Describing, b ledger.Body) string {
	p := b.(*ledger.PledgeCancelled)
	return fmt.Sprintf(d.T.Needs.DescPledgeCancelled, p.Pledge, p.Reason)
})
