package views

import (
	"context"
	"strconv"

	"github.com/aidtrail/aidtrail/ledger"
)

// CountRowVM is one stock count of a lot, as the public sees it.
type CountRowVM struct {
	Entry                  int64
	EntryHref              string
	Booked, Counted, Delta string
	Reason, Status         string
	User                   int64
}

// NewCountRowVM lays out a count; unit follows the quantities.
func NewCountRowVM(ctx context.Context, k ledger.Count, unit string) CountRowVM {
	ct := CountT(ctx)
	d := GroupDigits(k.Delta())
	if k.Delta() > 0 {
		d = "+" + d
	}
	return CountRowVM{Entry: k.Entry, EntryHref: "/ledger/" + strconv.FormatInt(k.Entry, 10),
		Booked: Qty(ctx, k.Held, unit), Counted: Qty(ctx, k.Counted, unit), Delta: d,
		Reason: ct.Reasons[k.Reason], Status: ct.Statuses[k.Status], User: k.User}
}

func (vm *LotVM) addCounts(ctx context.Context, p *ledger.LotPage, m ledger.Member) {
	for _, k := range p.Counts {
		vm.Counts = append(vm.Counts, NewCountRowVM(ctx, k, vm.Unit))
	}
	if p.Pending != nil {
		r := NewCountRowVM(ctx, *p.Pending, vm.Unit)
		vm.Pending = &r
		vm.CanReview = m.ActsFor(ledger.OrgWarehouse, ledger.OrgRecipient) && m.Org == p.Lot.Holder && m.User != p.Pending.User
	}
	for _, r := range ledger.CountReasons {
		vm.CountReasons = append(vm.CountReasons, Option{r, CountT(ctx).Reasons[r]})
	}
}
