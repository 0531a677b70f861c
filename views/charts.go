package views

// SVG charts built on the server: a line/step chart of running totals and a
// Sankey flow. The geometry is computed here (and unit-tested); charts.templ
// only draws it, with a text alternative and a data table beside each.

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Chart sizes in SVG user units; the SVG scales to its container.
const (
	chartW, chartH = 640, 300
	padL, padR     = 64, 16
	padT, padB     = 16, 40
	maxSeries      = 6  // colour classes s0..s5; more series share them
	maxDays        = 60 // days drawn and tabled; a longer span is sampled evenly
)

// ChartPoint is one value on a day.
type ChartPoint struct {
	Day   string // YYYY-MM-DD
	Value int64
}

// ChartSeries is one line of a chart.
type ChartSeries struct {
	Label  string
	Points []ChartPoint
}

// XY is a point in SVG units.
type XY struct{ X, Y float64 }

// Tick is an axis mark.
type Tick struct {
	Pos   float64
	Label string
}

// DrawnSeries is a series laid out: its path and the points it joins.
type DrawnSeries struct {
	Label string
	Class string // s0..s5
	Path  string
	Dots  []XY
	// DotsSVG is the dots' markup (a circle each, of class "dot" and
	// Class), written with the path: numbers and a class of ours only.
	DotsSVG string
	Last    string // the final value, for the legend
}

// LineChart is a chart of running totals over days, ready to draw.
type LineChart struct {
	ID, Title, Desc string
	W, H            int
	Series          []DrawnSeries
	XTicks, YTicks  []Tick
	Plot            struct{ X0, Y0, X1, Y1 float64 }
	// The data table: one row per day, one column per series.
	Columns []string
	Rows    []TableRow
}

// TableRow is one row of a chart's data table.
type TableRow struct {
	Head  string
	Cells []string
}

// NewLineChart lays out series over days. step draws steps (a running
// total is flat between days); otherwise straight lines.
func NewLineChart(id, title, desc string, series []ChartSeries, step bool) LineChart {
	c := LineChart{ID: id, Title: title, Desc: desc, W: chartW, H: chartH}
	c.Plot.X0, c.Plot.Y0, c.Plot.X1, c.Plot.Y1 = padL, padT, chartW-padR, chartH-padB
	days := map[string]bool{}
	var maxV int64
	for _, s := range series {
		for _, p := range s.Points {
			days[p.Day] = true
			maxV = max(maxV, p.Value)
		}
	}
	if len(days) == 0 {
		return c
	}
	sorted := make([]string, 0, len(days))
	for d := range days {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted)
	if len(sorted) > maxDays {
		sorted, series = sampleDays(sorted, series)
	}
	first, _ := time.Parse(time.DateOnly, sorted[0])
	last, _ := time.Parse(time.DateOnly, sorted[len(sorted)-1])
	span := last.Sub(first).Hours() / 24
	if span == 0 {
		span = 1
	}
	at := func(day string) float64 {
		t, _ := time.Parse(time.DateOnly, day)
		return round2(c.Plot.X0 + (c.Plot.X1-c.Plot.X0)*(t.Sub(first).Hours()/24)/span)
	}
	// Each day drawn is parsed once, not once per series through it. Every
	// point and tick is on a day of sorted (the days of the points, or the
	// days sampleDays kept and moved the points to).
	x := make(map[string]float64, len(sorted))
	for _, d := range sorted {
		x[d] = at(d)
	}
	top := niceMax(maxV)
	y := func(v int64) float64 { return round2(c.Plot.Y1 - (c.Plot.Y1-c.Plot.Y0)*float64(v)/float64(top)) }
	for i := 0; i <= 4; i++ {
		v := top * int64(i) / 4
		c.YTicks = append(c.YTicks, Tick{y(v), GroupDigits(v)})
	}
	for _, d := range tickDays(sorted, 5) {
		c.XTicks = append(c.XTicks, Tick{x[d], d[5:]})
	}
	// The path and the dots are written as they are laid out, each
	// coordinate formatted once (not once for the path and again per dot
	// by the template: the dots are most of a chart's markup).
	var path, dots []byte
	for i, s := range series {
		ds := DrawnSeries{Label: s.Label, Class: "s" + strconv.Itoa(i%maxSeries)}
		path, dots = path[:0], dots[:0]
		for j, p := range s.Points {
			pt := XY{x[p.Day], y(p.Value)}
			switch {
			case j == 0:
				path = append(path, 'M')
			case step:
				path = append(path, " H"...)
			default:
				path = append(path, " L"...)
			}
			xAt := len(path)
			path = appendNum(path, pt.X)
			xs := path[xAt:]
			if step && j > 0 {
				path = append(path, " V"...)
			} else {
				path = append(path, ' ')
			}
			yAt := len(path)
			path = appendNum(path, pt.Y)
			dots = append(dots, `<circle class="dot `...)
			dots = append(dots, ds.Class...)
			dots = append(dots, `" cx="`...)
			dots = append(dots, xs...)
			dots = append(dots, `" cy="`...)
			dots = append(dots, path[yAt:]...)
			dots = append(dots, `" r="3"></circle>`...)
			ds.Dots = append(ds.Dots, pt)
		}
		if step && len(s.Points) > 0 {
			path = append(path, " H"...)
			path = appendNum(path, c.Plot.X1) // the total holds to the last day shown
		}
		if n := len(s.Points); n > 0 {
			ds.Last = GroupDigits(s.Points[n-1].Value)
		}
		ds.Path, ds.DotsSVG = string(path), string(dots)
		c.Series = append(c.Series, ds)
		c.Columns = append(c.Columns, s.Label)
	}
	// The table carries each series' running total on every day shown.
	totals := make([]runningTotal, len(series))
	for i, s := range series {
		totals[i].pts = s.Points
	}
	for _, d := range sorted {
		row := TableRow{Head: d}
		for i := range totals {
			row.Cells = append(row.Cells, GroupDigits(totals[i].on(d)))
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

// runningTotal reads a running total's value on days asked in ascending
// order: the last point not after the day. One pass over the points for
// all the days (not one per day), so a table of n days over a series of m
// points costs n+m, not n*m.
type runningTotal struct {
	pts []ChartPoint // by day
	i   int          // the points before i are not after the last day asked
	v   int64
}

func (r *runningTotal) on(day string) int64 {
	for r.i < len(r.pts) && r.pts[r.i].Day <= day {
		r.v = r.pts[r.i].Value
		r.i++
	}
	return r.v
}

// sampleDays keeps at most maxDays of days, evenly spaced, always the
// last, and each series' running total on them: a chart over a long
// crisis stays the same size, and every value shown is exact.
func sampleDays(days []string, series []ChartSeries) ([]string, []ChartSeries) {
	step := (len(days) + maxDays - 1) / maxDays
	var kept []string
	for i := len(days) - 1; i >= 0; i -= step {
		kept = append(kept, days[i])
	}
	slices.Reverse(kept)
	out := make([]ChartSeries, len(series))
	for i, s := range series {
		out[i].Label = s.Label
		total := runningTotal{pts: s.Points}
		for _, d := range kept {
			if len(s.Points) > 0 && d >= s.Points[0].Day {
				out[i].Points = append(out[i].Points, ChartPoint{d, total.on(d)})
			}
		}
	}
	return kept, out
}

// niceMax is the axis top: four ticks of a round step (1, 2 or 5 times a
// power of ten) reaching at least v.
func niceMax(v int64) int64 {
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if 4*m*p >= v {
				return 4 * m * p
			}
		}
	}
}

// tickDays picks at most n days spread evenly, always the first and last.
func tickDays(days []string, n int) []string {
	if len(days) <= n {
		return days
	}
	out := []string{}
	for i := 0; i < n; i++ {
		out = append(out, days[i*(len(days)-1)/(n-1)])
	}
	return out
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// appendNum appends num(f) to b.
func appendNum(b []byte, f float64) []byte { return strconv.AppendFloat(b, f, 'f', -1, 64) }

// SankeyNode is one party in a flow chart; Column 0 is the source side.
type SankeyNode struct {
	ID     string
	Label  string
	Column int
}

// SankeyLink is a quantity flowing between two nodes.
type SankeyLink struct {
	From, To string
	Value    int64
}

// DrawnNode is a node laid out as a bar.
type DrawnNode struct {
	SankeyNode
	X, Y, W, H float64
	Value      int64
	LabelX     float64
	LabelEnd   bool // label to the left of the bar (last column)
}

// DrawnLink is a link laid out as a band.
type DrawnLink struct {
	SankeyLink
	FromLabel, ToLabel string
	Path               string
	Width              float64
	Class              string
}

// Sankey is a flow chart ready to draw, with its data table.
type Sankey struct {
	ID, Title, Desc string
	W, H            int
	Nodes           []DrawnNode
	Links           []DrawnLink
	Unit            string
	Currency        string // if set, values are minor units of it, written as amounts
}

// Qty writes a value of the chart with its unit (or as an amount of money).
func (sk Sankey) Qty(v int64) string {
	if sk.Currency != "" {
		return Money(sk.Currency, v)
	}
	return GroupDigits(v) + " " + sk.Unit
}

const (
	sankeyNodeW = 14
	sankeyGap   = 12
)

// NewSankey lays out nodes in columns (left to right) with heights
// proportional to what flows through them, and links as bands between.
func NewSankey(id, title, desc, unit string, nodes []SankeyNode, links []SankeyLink) Sankey {
	sk := Sankey{ID: id, Title: title, Desc: desc, W: chartW, H: chartH, Unit: unit}
	in, out := map[string]int64{}, map[string]int64{}
	for _, l := range links {
		out[l.From] += l.Value
		in[l.To] += l.Value
	}
	cols := 0
	byCol := map[int][]SankeyNode{}
	for _, n := range nodes {
		if in[n.ID] == 0 && out[n.ID] == 0 {
			continue
		}
		byCol[n.Column] = append(byCol[n.Column], n)
		cols = max(cols, n.Column+1)
	}
	if cols == 0 {
		return sk
	}
	// One scale for all columns: the fullest column fills the height.
	scale := math.Inf(1)
	for _, ns := range byCol {
		var total int64
		for _, n := range ns {
			total += max(in[n.ID], out[n.ID])
		}
		room := float64(chartH-padT-padT) - float64(len(ns)-1)*sankeyGap
		if total > 0 {
			scale = math.Min(scale, room/float64(total))
		}
	}
	colX := func(c int) float64 {
		if cols == 1 {
			return padT
		}
		return round2(float64(padT) + float64(c)*(float64(chartW-2*padT-sankeyNodeW))/float64(cols-1))
	}
	pos := map[string]*DrawnNode{}
	for c := 0; c < cols; c++ {
		y := float64(padT)
		for _, n := range byCol[c] {
			v := max(in[n.ID], out[n.ID])
			d := DrawnNode{SankeyNode: n, X: colX(c), Y: round2(y), W: sankeyNodeW, H: round2(float64(v) * scale), Value: v}
			d.LabelX = d.X + sankeyNodeW + 4
			if c == cols-1 && cols > 1 {
				d.LabelX, d.LabelEnd = d.X-4, true
			}
			sk.Nodes = append(sk.Nodes, d)
			y += float64(v)*scale + sankeyGap
		}
	}
	for i := range sk.Nodes {
		pos[sk.Nodes[i].ID] = &sk.Nodes[i]
	}
	outY, inY := map[string]float64{}, map[string]float64{}
	for i, l := range links {
		a, b := pos[l.From], pos[l.To]
		if a == nil || b == nil || l.Value <= 0 {
			continue
		}
		w := float64(l.Value) * scale
		y0, y1 := a.Y+outY[l.From], b.Y+inY[l.To]
		outY[l.From] += w
		inY[l.To] += w
		x0, x1 := a.X+a.W, b.X
		xm := (x0 + x1) / 2
		path := fmt.Sprintf("M%s %s C%s %s, %s %s, %s %s L%s %s C%s %s, %s %s, %s %s Z",
			num(x0), num(round2(y0)), num(round2(xm)), num(round2(y0)), num(round2(xm)), num(round2(y1)), num(x1), num(round2(y1)),
			num(x1), num(round2(y1+w)), num(round2(xm)), num(round2(y1+w)), num(round2(xm)), num(round2(y0+w)), num(x0), num(round2(y0+w)))
		sk.Links = append(sk.Links, DrawnLink{SankeyLink: l, FromLabel: a.Label, ToLabel: b.Label, Path: path, Width: round2(w), Class: "s" + strconv.Itoa(i%maxSeries)})
	}
	return sk
}
