package views

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"

	"github.com/aidtrail/aidtrail/ledger"
)

// TotalRow is one item's totals on the transparency page.
type TotalRow struct {
	Item, Name, Unit                               string
	Pledged, Received, Delivered, Used, WrittenOff string
}

// MoneyRow is money pledged in one currency.
type MoneyRow struct{ Currency, Pledged, Received, Spent string }

// NeedRow is an open need with progress per line.
type NeedRow struct {
	ID    int64
	Href  string
	Org   string
	Title string
	Lines []NeedLineRow
}

// NeedLineRow is one need line's progress; Percent is delivered of needed, capped at 100.
type NeedLineRow struct {
	Name, Unit                 string
	Needed, Pledged, Delivered string
	Percent                    int
}

// ItemCharts are one item's charts: the use and flow charts draw the
// largest (Notes say how many) and Href lists them all.
type ItemCharts struct {
	Item, Name, Href     string
	Delivered, UsedBy    LineChart
	Flow                 Sankey
	UsersNote, FlowsNote string
}

// HomeVM is the transparency page's view model.
type HomeVM struct {
	LogSize int64
	LogRoot string
	Totals  []TotalRow
	Money   []MoneyRow
	Needs   []NeedRow
	Charts  []ItemCharts
	Latest  []EntryRow
	// LivePath is what the page reloads itself from when the ledger grows.
	LivePath string
}

// NewHomeVM lays out the transparency page from the ledger's overview.
func NewHomeVM(ctx context.Context, cp ledger.Checkpoint, o *ledger.Overview) HomeVM {
	vm := HomeVM{LogSize: cp.Size, LogRoot: base64.StdEncoding.EncodeToString(cp.Root[:]), LivePath: ChromeOf(ctx).Path}
	d := Describing{T: T(ctx), Lang: LangOf(ctx), Names: o.Names}
	tp := &T(ctx).Public
	for _, it := range o.Items {
		unit := UnitIn(d.Lang, o.Names.Items[it.Item].Unit)
		vm.Totals = append(vm.Totals, TotalRow{Item: it.Item, Name: d.Item(it.Item), Unit: unit, Pledged: GroupDigits(it.Pledged),
			Received: GroupDigits(it.Received), Delivered: GroupDigits(it.Delivered), Used: GroupDigits(it.Used), WrittenOff: GroupDigits(it.WrittenOff)})
	}
	for _, m := range o.Money {
		vm.Money = append(vm.Money, MoneyRow{m.Currency, Amount(m.Currency, m.Pledged), Amount(m.Currency, m.Received), Amount(m.Currency, m.Spent)})
	}
	vm.Needs = NeedRows(d, o.Needs)
	for _, it := range o.Charts {
		name, unit := d.Item(it.Item), UnitIn(d.Lang, o.Names.Items[it.Item].Unit)
		c := ItemCharts{Item: it.Item, Name: name, Href: "/items/" + url.PathEscape(it.Item)}
		c.Delivered = NewLineChart("chart-delivered-"+it.Item, fmt.Sprintf(tp.ChartDelivered, name),
			fmt.Sprintf(tp.ChartDeliveredDesc, name, unit), []ChartSeries{
				{Label: tp.SeriesNeeded, Points: chartPoints(it.NeededOverTime)},
				{Label: tp.SeriesDelivered, Points: chartPoints(it.DeliveredOverTime)}}, true)
		var used []ChartSeries
		for _, s := range it.UsedBy {
			used = append(used, ChartSeries{Label: d.Org(s.Org), Points: chartPoints(s.Points)})
		}
		c.UsedBy = NewLineChart("chart-used-"+it.Item, fmt.Sprintf(tp.ChartUsed, name), fmt.Sprintf(tp.ChartUsedDesc, name, unit), used, false)
		c.Flow = flowChart(d, it.Flows, "chart-flow-"+it.Item, name, unit, o.Kinds)
		if it.MoreUsers {
			c.UsersNote = fmt.Sprintf(tp.ChartTopUsers, len(it.UsedBy))
		}
		if it.MoreFlows {
			c.FlowsNote = fmt.Sprintf(tp.ChartTopFlows, len(it.Flows))
		}
		vm.Charts = append(vm.Charts, c)
	}
	vm.Latest = EntryRows(ctx, o.Latest, o.Names)
	return vm
}

func chartPoints(ps []ledger.Point) []ChartPoint {
	out := make([]ChartPoint, len(ps))
	for i, p := range ps {
		out[i] = ChartPoint{p.Day, p.Value}
	}
	return out
}

// flowChart is the Sankey of one item: donors, then warehouses and
// carriers, then recipients. Flows within one column (warehouse to
// warehouse) stay in the ledger but are not drawn.
func flowChart(d Describing, flows []ledger.Flow, id, name, unit string, kinds map[int64]string) Sankey {
	column := func(org int64) int {
		switch kinds[org] {
		case ledger.OrgDonor:
			return 0
		case ledger.OrgRecipient:
			return 2
		}
		return 1
	}
	seen := map[string]bool{}
	var nodes []SankeyNode
	add := func(id, label string, col int) {
		if !seen[id] {
			seen[id] = true
			nodes = append(nodes, SankeyNode{ID: id, Label: label, Column: col})
		}
	}
	var links []SankeyLink
	for _, f := range flows {
		from := fmt.Sprint(f.From)
		switch {
		case f.From != 0:
			if column(f.From) >= column(f.To) {
				continue
			}
			add(from, d.Org(f.From), column(f.From))
		case f.Anonymous:
			from = "anonymous"
			add(from, d.T.Public.AnonymousDonors, 0)
		case f.Purchased:
			from = "purchased"
			add(from, d.T.Public.Purchased, 0)
		default:
			from = "donor:" + f.Donor
			add(from, f.Donor, 0)
		}
		to := fmt.Sprint(f.To)
		add(to, d.Org(f.To), max(column(f.To), 1))
		links = append(links, SankeyLink{From: from, To: to, Value: f.Quantity})
	}
	return NewSankey(id, fmt.Sprintf(d.T.Public.ChartFlow, name), fmt.Sprintf(d.T.Public.ChartFlowDesc, name, unit), unit, nodes, links)
}

// NeedRows lays out open needs with their progress.
func NeedRows(d Describing, needs []ledger.OpenNeed) []NeedRow {
	var out []NeedRow
	for _, n := range needs {
		r := NeedRow{ID: n.ID, Href: fmt.Sprintf("/needs/%d", n.ID), Org: d.Org(n.Org), Title: n.Title}
		for _, l := range n.Lines {
			pct := 0
			if l.Needed > 0 {
				pct = int(min(100, l.Delivered*100/l.Needed))
			}
			r.Lines = append(r.Lines, NeedLineRow{Name: d.Item(l.Item), Unit: UnitIn(d.Lang, l.Unit), Needed: GroupDigits(l.Needed),
				Pledged: GroupDigits(l.Pledged), Delivered: GroupDigits(l.Delivered), Percent: pct})
		}
		out = append(out, r)
	}
	return out
}
