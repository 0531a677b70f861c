package views

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestLineChartGeometry(t *testing.T) {
	c := NewLineChart("c", "Delivered", "Running total of masks delivered", []ChartSeries{
		{Label: "needed", Points: []ChartPoint{{"2026-02-01", 100}, {"2026-02-05", 300}}},
		{Label: "delivered", Points: []ChartPoint{{"2026-02-02", 50}, {"2026-02-03", 150}, {"2026-02-05", 290}}},
	}, true)
	// Axis: 300 rounds up to 400 (four ticks of 100).
	if c.YTicks[len(c.YTicks)-1].Label != "400" || c.YTicks[0].Pos != c.Plot.Y1 {
		t.Errorf("y ticks %v", c.YTicks)
	}
	d := c.Series[1].Dots
	// Days map linearly onto the plot's width: 02-02 is a quarter of the way from 02-01 to 02-05.
	if want := c.Plot.X0 + (c.Plot.X1-c.Plot.X0)/4; d[0].X != want {
		t.Errorf("x of 02-02 = %v, want %v", d[0].X, want)
	}
	if d[2].X != c.Plot.X1 || c.Series[0].Dots[0].X != c.Plot.X0 {
		t.Errorf("first and last days not at the plot's edges: %v", d)
	}
	// Values map onto the height: 150 of 400.
	if want := round2(c.Plot.Y1 - (c.Plot.Y1-c.Plot.Y0)*150/400); d[1].Y != want {
		t.Errorf("y of 150 = %v, want %v", d[1].Y, want)
	}
	for _, s := range c.Series {
		for _, p := range s.Dots {
			if p.X < c.Plot.X0 || p.X > c.Plot.X1 || p.Y < c.Plot.Y0 || p.Y > c.Plot.Y1 {
				t.Errorf("point %v outside the plot", p)
			}
		}
	}
	if !strings.HasPrefix(c.Series[1].Path, "M") || !strings.Contains(c.Series[1].Path, " H") || !strings.Contains(c.Series[1].Path, " V") {
		t.Errorf("step path %q", c.Series[1].Path)
	}
	if c.Series[1].Last != "290" || c.Series[0].Class == c.Series[1].Class {
		t.Errorf("legend: %+v", c.Series)
	}
	// The table has every day, and running totals hold between points.
	if len(c.Rows) != 4 || c.Rows[1].Head != "2026-02-02" || c.Rows[1].Cells[0] != "100" || c.Rows[0].Cells[1] != "0" {
		t.Errorf("table %v", c.Rows)
	}
	// Text alternative: the SVG is labelled by the title and description.
	var buf bytes.Buffer
	if err := LineChartView(c).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{`role="img"`, `aria-labelledby="c-title c-desc"`, `<desc id="c-desc">Running total of masks delivered</desc>`, `<th scope="row">2026-02-03</th>`, "delivered: 290"} {
		if !strings.Contains(html, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if strings.Contains(html, "style=") {
		t.Error("inline style (blocked by the CSP)")
	}
}

// A chart over a long span stays the same size: at most maxDays days are
// drawn and tabled, evenly spaced, the last always, each value exact.
func TestLineChartSamplesLongSpans(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var a, b []ChartPoint
	for i := range 400 {
		day := start.AddDate(0, 0, i).Format(time.DateOnly)
		a = append(a, ChartPoint{day, int64(i + 1)})
		if i >= 200 {
			b = append(b, ChartPoint{day, int64(2 * (i - 199))})
		}
	}
	c := NewLineChart("c", "t", "d", []ChartSeries{{Label: "a", Points: a}, {Label: "b", Points: b}}, false)
	if len(c.Rows) > maxDays || len(c.Rows) < maxDays/2 {
		t.Fatalf("%d table rows for 400 days, want at most %d", len(c.Rows), maxDays)
	}
	if last := c.Rows[len(c.Rows)-1]; last.Head != a[399].Day || last.Cells[0] != "400" || last.Cells[1] != "400" {
		t.Errorf("last row %v, want %s: 400, 400", last, a[399].Day)
	}
	for _, r := range c.Rows {
		d, _ := time.Parse(time.DateOnly, r.Head)
		i := int(d.Sub(start).Hours() / 24)
		if r.Cells[0] != GroupDigits(int64(i+1)) {
			t.Errorf("%s: a is %s, want %d", r.Head, r.Cells[0], i+1)
		}
	}
	for _, s := range c.Series {
		if len(s.Dots) > maxDays {
			t.Errorf("series %s draws %d points", s.Label, len(s.Dots))
		}
	}
	if c.Series[0].Last != "400" || c.Series[1].Last != "400" {
		t.Errorf("legend %+v", c.Series)
	}
}

func TestNiceMax(t *testing.T) {
	for v, want := range map[int64]int64{0: 4, 3: 4, 5: 8, 9: 20, 290: 400, 1000: 2000, 1980: 2000, 2001: 4000} {
		if got := niceMax(v); got != want {
			t.Errorf("niceMax(%d) = %d, want %d", v, got, want)
		}
	}
}

func TestSankeyGeometry(t *testing.T) {
	nodes := []SankeyNode{{"d", "Donors", 0}, {"w1", "Warehouse 1", 1}, {"w2", "Warehouse 2", 1}, {"h1", "Hospital 1", 2}, {"h2", "Hospital 2", 2}, {"idle", "Idle", 1}}
	links := []SankeyLink{{"d", "w1", 600}, {"d", "w2", 400}, {"w1", "h1", 500}, {"w2", "h2", 300}, {"w1", "h2", 100}}
	sk := NewSankey("s", "Flow", "Masks from donors to hospitals", "pcs", nodes, links)
	if len(sk.Nodes) != 5 {
		t.Fatalf("%d nodes; a node with no flow must be left out", len(sk.Nodes))
	}
	byID := map[string]DrawnNode{}
	for _, n := range sk.Nodes {
		byID[n.ID] = n
		if n.X < 0 || n.X+n.W > float64(sk.W) || n.Y < 0 || n.Y+n.H > float64(sk.H) {
			t.Errorf("node %s outside the chart: %+v", n.ID, n)
		}
	}
	// Heights are proportional to throughput: donors 1000, warehouse 1 600.
	if r := byID["w1"].H / byID["d"].H; r < 0.599 || r > 0.601 {
		t.Errorf("w1/d height ratio %v, want 0.6", r)
	}
	// Columns left to right; nodes of a column do not overlap.
	if !(byID["d"].X < byID["w1"].X && byID["w1"].X < byID["h1"].X) || byID["w1"].X != byID["w2"].X {
		t.Errorf("columns: %+v", sk.Nodes)
	}
	if byID["w1"].Y+byID["w1"].H > byID["w2"].Y {
		t.Error("nodes overlap")
	}
	// Band widths are proportional to values, and one node's bands stack.
	if r := sk.Links[2].Width / sk.Links[0].Width; r < 0.83 || r > 0.84 {
		t.Errorf("band ratio %v, want 500/600", r)
	}
	if !byID["h1"].LabelEnd || byID["d"].LabelEnd {
		t.Error("labels of the last column go to the left of their bars")
	}
	var buf bytes.Buffer
	if err := SankeyView(sk).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{`aria-labelledby="s-title s-desc"`, "<title>Warehouse 1 → Hospital 2: 100 pcs</title>", "<td>Warehouse 2</td><td>Hospital 2</td><td class=\"num\">300 pcs</td>"} {
		if !strings.Contains(html, want) {
			t.Errorf("sankey lacks %q", want)
		}
	}
	if empty := NewSankey("e", "", "", "", nodes, nil); len(empty.Nodes) != 0 {
		t.Error("an empty flow draws nodes")
	}
}

// Sparse series (an organisation that used an item on some days only):
// every cell of the table is that series' running total on the row's day,
// the last point not after it, 0 before its first, sampled or not.
func TestLineChartTableSparseSeries(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, days := range []int{40, 150} {
		var series []ChartSeries
		for k := 1; k <= 3; k++ {
			var pts []ChartPoint
			var sum int64
			for i := k * 3; i < days; i += k*k + 1 {
				sum += int64(i)
				pts = append(pts, ChartPoint{start.AddDate(0, 0, i).Format(time.DateOnly), sum})
			}
			series = append(series, ChartSeries{Label: strconv.Itoa(k), Points: pts})
		}
		c := NewLineChart("c", "t", "d", series, true)
		if len(c.Rows) == 0 {
			t.Fatalf("%d days: no rows", days)
		}
		for _, r := range c.Rows {
			for i, s := range series {
				var want int64
				for _, p := range s.Points {
					if p.Day <= r.Head {
						want = p.Value
					}
				}
				if r.Cells[i] != GroupDigits(want) {
					t.Errorf("%d days, %s, series %s: %s, want %d", days, r.Head, s.Label, r.Cells[i], want)
				}
			}
		}
	}
}

// The drawn chart is its points: each series' path and circles, as the
// SVG carries them (parsed), are the series' points in order, placed on
// the axes, for step and straight charts. NewLineChart writes the path and
// the circles' markup as it lays them out, so this is what catches a dot or
// a path that drifts from the points (or the markup breaking).
func TestLineChartDrawsItsPoints(t *testing.T) {
	series := []ChartSeries{
		{Label: "needed", Points: []ChartPoint{{"2026-02-01", 100}, {"2026-02-05", 300}}},
		{Label: "delivered", Points: []ChartPoint{{"2026-02-02", 50}, {"2026-02-03", 150}, {"2026-02-05", 290}}},
		{Label: "one day", Points: []ChartPoint{{"2026-02-04", 7}}},
	}
	for _, step := range []bool{true, false} {
		c := NewLineChart("c", "t", "d", series, step)
		var buf bytes.Buffer
		if err := LineChartView(c).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(&buf)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		dots := map[string][]XY{} // by class
		for n := range doc.Descendants() {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			switch {
			case n.Data == "path":
				paths = append(paths, a["class"]+": "+a["d"])
			case n.Data == "circle":
				x, errX := strconv.ParseFloat(a["cx"], 64)
				y, errY := strconv.ParseFloat(a["cy"], 64)
				if errX != nil || errY != nil || a["r"] != "3" {
					t.Fatalf("circle %v", n.Attr)
				}
				dots[a["class"]] = append(dots[a["class"]], XY{x, y})
			}
		}
		// Where each day and value sits: the first and last days at the
		// plot's edges, 02-02 a quarter across; 400 is the axis top.
		x := func(day string) float64 {
			d, _ := time.Parse(time.DateOnly, day)
			return round2(c.Plot.X0 + (c.Plot.X1-c.Plot.X0)*d.Sub(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)).Hours()/24/4)
		}
		y := func(v int64) float64 { return round2(c.Plot.Y1 - (c.Plot.Y1-c.Plot.Y0)*float64(v)/400) }
		var want []string
		for i, s := range series {
			class := "s" + strconv.Itoa(i)
			var d strings.Builder
			var pts []XY
			for j, p := range s.Points {
				pt := XY{x(p.Day), y(p.Value)}
				switch {
				case j == 0:
					fmt.Fprintf(&d, "M%v %v", pt.X, pt.Y)
				case step:
					fmt.Fprintf(&d, " H%v V%v", pt.X, pt.Y)
				default:
					fmt.Fprintf(&d, " L%v %v", pt.X, pt.Y)
				}
				pts = append(pts, pt)
			}
			if step {
				fmt.Fprintf(&d, " H%v", c.Plot.X1)
			}
			want = append(want, "series "+class+": "+d.String())
			if got := dots["dot "+class]; !slices.Equal(got, pts) {
				t.Errorf("step %v: %s's dots %v, want %v", step, s.Label, got, pts)
			}
		}
		if !slices.Equal(paths, want) {
			t.Errorf("step %v: paths\n%q\nwant\n%q", step, paths, want)
		}
		if len(dots) != len(series) {
			t.Errorf("step %v: dots of classes %v", step, slices.Collect(maps.Keys(dots)))
		}
	}
}
