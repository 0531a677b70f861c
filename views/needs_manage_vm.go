package views

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// MyNeedsVM is a recipient organisation's list of its needs.
type MyNeedsVM struct {
	Needs []NeedVM
}

// NewMyNeedsVM lists an organisation's needs.
func NewMyNeedsVM(ctx context.Context, ns []*ledger.Need) MyNeedsVM {
	var vm MyNeedsVM
	for _, n := range ns {
		vm.Needs = append(vm.Needs, NewNeedVM(ctx, n))
	}
	return vm
}

// NeedFormVM is the recipient's page for one need: a new or draft need's
// form, a published need's update form, and the submit and close actions.
type NeedFormVM struct {
	Need    *NeedVM // nil for a new need
	Action  string  // where the lines form posts
	Title   string
	Rows    []NeedRowVM
	Items   []Option
	Error   FormError
	Notice  string
	MinDate string
	Fixed   bool // a published need's update: items and line numbers are fixed
}

// NeedRowVM is one line row of the form (strings, as typed).
type NeedRowVM struct {
	I                                                     int
	No                                                    string
	Item, Spec, Quantity, Urgency, Deadline, Place, Notes string
	ItemName                                              string
}

// NeedFormRows is how many empty rows a new need's form offers.
const NeedFormRows = 8

// NewNeedFormVM builds the form: from what was sent (form, on an error),
// else from the need's current lines, else empty rows.
func NewNeedFormVM(ctx context.Context, n *ledger.Need, items []ledger.Item, form url.Values, fe FormError, notice string, now time.Time) NeedFormVM {
	vm := NeedFormVM{Action: "/my/needs", Error: fe, Notice: notice, MinDate: now.UTC().Format(ledger.DateFormat)}
	names := map[string]string{}
	for _, it := range items {
		vm.Items = append(vm.Items, Option{it.ID, ItemName(ctx, it) + " (" + Unit(ctx, it.Unit) + ")"})
		names[it.ID] = ItemName(ctx, it)
	}
	if n != nil {
		nv := NewNeedVM(ctx, n)
		vm.Need = &nv
		vm.Title = n.Title
		vm.Action = "/my/needs/" + strconv.FormatInt(n.ID, 10)
		if n.Status == ledger.NeedStatusPublished {
			vm.Action += "/update"
			vm.Fixed = true
		}
		for i, l := range n.OpenLines() {
			vm.Rows = append(vm.Rows, NeedRowVM{I: i + 1, No: strconv.Itoa(l.Line), Item: l.Item.ID, ItemName: names[l.Item.ID], Spec: l.Spec,
				Quantity: strconv.FormatInt(l.Quantity, 10), Urgency: l.Urgency, Deadline: l.Deadline, Place: l.Place, Notes: l.Notes})
		}
	}
	if form != nil {
		vm.Title = form.Get("title")
		vm.Rows = nil
		for i := 1; i <= ledger.MaxNeedLines; i++ {
			r := NeedRowVM{I: i}
			f := func(k string) string { return form.Get("line_" + strconv.Itoa(i) + "_" + k) }
			r.No, r.Item, r.Spec, r.Quantity, r.Urgency, r.Deadline, r.Place, r.Notes = f("no"), f("item"), f("spec"), f("quantity"), f("urgency"), f("deadline"), f("place"), f("notes")
			r.ItemName = names[r.Item]
			if r.Item == "" && i > NeedFormRows {
				break
			}
			vm.Rows = append(vm.Rows, r)
		}
	}
	for len(vm.Rows) < NeedFormRows && !vm.Fixed {
		vm.Rows = append(vm.Rows, NeedRowVM{I: len(vm.Rows) + 1})
	}
	return vm
}

// CatalogueVM is /catalogue: the items, and for auditors a form to add one.
type CatalogueVM struct {
	Items  []ledger.Item
	CanAdd bool
	Form   url.Values
	Error  string
	Notice string
}

// NeedsReviewSection is the needs' part of the auditors' review queue.
func NeedsReviewSection(ctx context.Context, ns []*ledger.Need) ReviewSection {
	t := T(ctx).Needs
	sec := ReviewSection{Title: t.ReviewSection, Empty: t.ReviewEmpty}
	for _, n := range ns {
		vm := NewNeedVM(ctx, n)
		var lines []string
		for _, l := range vm.Lines {
			lines = append(lines, fmt.Sprintf(t.DescNeedLine, Qty(ctx, l.Quantity, l.Unit), l.ItemName, t.Urgency[l.Urgency], l.Deadline, l.Place))
		}
		sec.Items = append(sec.Items, ReviewItem{
			Title: n.Title,
			Facts: []Fact{
				{Label: t.Recipient, Value: n.OrgName, Link: "/orgs/" + strconv.FormatInt(n.OrgID, 10)},
				{Label: t.TotalQuantity, Value: GroupDigits(vm.Total.Quantity)},
				{Label: t.Item, Value: strings.Join(lines, "; ")},
				{Label: t.PublicPage, Value: vm.URL, Link: vm.URL},
			},
			Action: vm.URL + "/review",
			Stage:  n.Reviews + 1,
		})
	}
	return sec
}
