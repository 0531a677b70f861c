package views

import (
	"context"
	"maps"
	"net/url"
	"slices"
	"strconv"

	"github.com/aidtrail/aidtrail/ledger"
)

// OrgItemRow is one item's quantities in an organisation's record.
type OrgItemRow struct {
	Item, Name, Unit     string
	Received, Sent, Used string
}

// AdjustmentRow is a stock count that differed from the books.
type AdjustmentRow struct {
	CountRowVM
	Lot, LotHref string
}

// DiscrepancyRow is a difference between what was sent and received.
type DiscrepancyRow struct {
	Index                        int64
	Href, Time, From, To         string
	Lot, LotHref, Name           string
	Sent, Received, Reason, Note string
}

// OrgVM is an organisation's public record.
type OrgVM struct {
	ID            int64
	Name, Kind    string
	Items         []OrgItemRow
	Discrepancies []DiscrepancyRow
	Adjustments   []AdjustmentRow
	Needs         []NeedRow
	Latest        []EntryRow
	LedgerHref    string
	Keys          OrgKeysVM   // its signing keys and signature policy
	Day           *StockDayVM // a warehouse's or recipient's expected deliveries, shipments and lots by expiry
	// Each long list's links to its next page ("" on its last) and back
	// to its first ("" on it); the other lists keep their pages.
	DiscrepanciesMore, DiscrepanciesFirst string
	AdjustmentsMore, AdjustmentsFirst     string
	LatestMore, LatestFirst               string
}

// NewOrgVM lays out an organisation's record as shown at page, whose
// lists' cursors (?discrepancies=, ?adjustments=, ?entries=) r's next
// keys are, sealed.
func NewOrgVM(ctx context.Context, r *ledger.OrgRecord, page *url.URL) OrgVM {
	d := Describing{T: T(ctx), Lang: LangOf(ctx), Names: r.Names}
	vm := OrgVM{ID: r.Org.ID, Name: r.Org.Name, Kind: d.T.Public.OrgKinds[r.Org.Kind], LedgerHref: "/ledger?org=" + strconv.FormatInt(r.Org.ID, 10)}
	items := map[string]bool{}
	for _, m := range []map[string]int64{r.Received, r.Sent, r.Used} {
		for it := range m {
			items[it] = true
		}
	}
	for _, it := range slices.Sorted(maps.Keys(items)) {
		vm.Items = append(vm.Items, OrgItemRow{Item: it, Name: d.Item(it), Unit: UnitIn(d.Lang, r.Names.Items[it].Unit),
			Received: GroupDigits(r.Received[it]), Sent: GroupDigits(r.Sent[it]), Used: GroupDigits(r.Used[it])})
	}
	for _, x := range r.Discrepancies {
		vm.Discrepancies = append(vm.Discrepancies, DiscrepancyRow{Index: x.Index, Href: entryHref(x.Index), Time: displayTime(x.Time),
			From: d.Org(x.From), To: d.Org(x.To), Lot: x.Lot, LotHref: SubjectHref("lot:" + x.Lot), Name: d.Item(x.Item),
			Sent: GroupDigits(x.Sent), Received: GroupDigits(x.Received), Reason: d.reason(x.Reason), Note: x.Note})
	}
	for _, k := range r.Adjustments {
		vm.Adjustments = append(vm.Adjustments, AdjustmentRow{CountRowVM: NewCountRowVM(ctx, k, r.AdjustmentUnits[k.Lot]),
			Lot: ledger.FormatCode(k.Lot), LotHref: TraceHref(k.Lot)})
	}
	vm.Needs = NeedRows(d, r.Needs)
	vm.Latest = EntryRows(ctx, r.Latest, r.Names)
	vm.DiscrepanciesMore, vm.DiscrepanciesFirst = pageLinks(page, "discrepancies", r.DiscrepanciesNext, "#org-disc-h")
	vm.AdjustmentsMore, vm.AdjustmentsFirst = pageLinks(page, "adjustments", r.AdjustmentsNext, "#org-adj-h")
	vm.LatestMore, vm.LatestFirst = pageLinks(page, "entries", r.LatestNext, "#org-latest-h")
	return vm
}
