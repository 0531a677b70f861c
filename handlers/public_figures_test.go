package handlers_test

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
)

// exportFigures are the public figures recomputed from entries.jsonl alone,
// independently of the server's replay: a reader with the export and a
// spreadsheet would get the same.
type exportFigures struct {
	entries                                        int
	pledged, received, delivered, used, writtenOff map[string]int64 // by item
	money, moneyIn, moneySpent                     map[string]int64 // pledged, received, spent, by currency
	orgReceived, orgSent, orgUsed, orgWrittenOff   map[int64]map[string]int64
	orgDiscrepancies                               map[int64]int
	needLines                                      map[int64]map[int]needLineFig // open needs only
	orgs                                           map[int64]string              // kind
}

type needLineFig struct {
	item                       string
	needed, pledged, delivered int64
}

func add(m map[int64]map[string]int64, org int64, item string, q int64) {
	if m[org] == nil {
		m[org] = map[string]int64{}
	}
	m[org][item] += q
}

func recompute(t *testing.T, jsonl string) *exportFigures {
	t.Helper()
	f := &exportFigures{pledged: map[string]int64{}, received: map[string]int64{}, delivered: map[string]int64{}, used: map[string]int64{},
		writtenOff: map[string]int64{}, money: map[string]int64{}, moneyIn: map[string]int64{}, moneySpent: map[string]int64{}, orgReceived: map[int64]map[string]int64{}, orgSent: map[int64]map[string]int64{},
		orgUsed: map[int64]map[string]int64{}, orgWrittenOff: map[int64]map[string]int64{}, orgDiscrepancies: map[int64]int{}, orgs: map[int64]string{}}
	type line struct {
		Item     string `json:"item"`
		Quantity int64  `json:"quantity"`
		Line     int    `json:"line"`
		NeedLine int    `json:"need_line"`
	}
	type pledge struct {
		Pledge, Kind, Currency string
		Need                   int64
		AmountMinor            int64 `json:"amount_minor"`
		Lines                  []line
	}
	type need struct {
		org       int64
		approvals int
		approved  int
		status    string
		lines     []line
	}
	itemOf, originOf := map[string]string{}, map[string]string{} // lot -> item, lot -> pledge
	pledges := map[string]pledge{}
	needs := map[int64]*need{}
	needDelivered := map[int64]map[string]int64{}
	shipments := map[int64]struct {
		from  int64
		lines map[string]int64
	}{}
	finals := map[int64]struct {
		typ, item string
		org, q    int64
	}{}
	sc := bufio.NewScanner(strings.NewReader(jsonl))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l struct {
			Index int64 `json:"index"`
			Entry struct {
				Type  string `json:"type"`
				Actor struct {
					Org int64 `json:"org"`
				} `json:"actor"`
				Subjects []string        `json:"subjects"`
				Body     json.RawMessage `json:"body"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		f.entries++
		e, actor := l.Entry, l.Entry.Actor.Org
		var b struct {
			Org, Need, Handoff, To, Entry int64
			Kind, Pledge, Lot, Subject    string
			Currency                      string
			AmountMinor                   int64 `json:"amount_minor"`
			Bought                        []struct {
				Code, Item string
				Quantity   int64
			}
			Decision  string
			Approvals int
			Quantity  int64
			Lines     []struct {
				line
				Lot      string
				Received int64
				NewLot   string `json:"new_lot"`
				Reason   string
			}
			Lots []struct {
				Code, Item string
				Quantity   int64
			}
			Children []struct {
				Code string
			}
		}
		if err := json.Unmarshal(e.Body, &b); err != nil {
			t.Fatal(err)
		}
		switch e.Type {
		case "org.registered":
			f.orgs[b.Org] = b.Kind
		case "need.submitted", "need.updated":
			n := needs[b.Need]
			if n == nil {
				n = &need{org: actor, status: "submitted"}
				needs[b.Need] = n
			}
			if e.Type == "need.submitted" {
				n.approvals = b.Approvals
			}
			n.lines = nil
			for _, x := range b.Lines {
				n.lines = append(n.lines, x.line)
			}
		case "need.closed":
			needs[b.Need].status = "closed"
		case "review.decided":
			var id int64
			if _, err := fmt.Sscanf(b.Subject, "need:%d", &id); err == nil {
				if b.Decision == "approve" {
					needs[id].approved++
					if needs[id].approved >= needs[id].approvals {
						needs[id].status = "published"
					}
				} else {
					needs[id].status = "rejected"
				}
			}
		case "pledge.made":
			var p pledge
			json.Unmarshal(e.Body, &p)
			pledges[p.Pledge] = p
			f.money[p.Currency] += p.AmountMinor
			for _, x := range p.Lines {
				f.pledged[x.Item] += x.Quantity
			}
		case "pledge.cancelled":
			p := pledges[b.Pledge]
			f.money[p.Currency] -= p.AmountMinor
			for _, x := range p.Lines {
				f.pledged[x.Item] -= x.Quantity
			}
			delete(pledges, b.Pledge)
		case "lot.received":
			for _, x := range b.Lots {
				itemOf[x.Code], originOf[x.Code] = x.Item, b.Pledge
				f.received[x.Item] += x.Quantity
				add(f.orgReceived, actor, x.Item, x.Quantity)
			}
		case "money.received":
			f.moneyIn[b.Currency] += b.AmountMinor
			itemOf[b.Lot] = "money"
		case "money.spent":
			for _, x := range b.Lines {
				f.moneySpent[b.Currency] += x.Quantity
			}
			for _, x := range b.Bought {
				itemOf[x.Code] = x.Item
				f.received[x.Item] += x.Quantity
				add(f.orgReceived, actor, x.Item, x.Quantity)
			}
		case "lot.split":
			for _, c := range b.Children {
				itemOf[c.Code], originOf[c.Code] = itemOf[b.Lot], originOf[b.Lot]
			}
		case "handoff.dispatched":
			s := struct {
				from  int64
				lines map[string]int64
			}{actor, map[string]int64{}}
			for _, x := range b.Lines {
				if itemOf[x.Lot] == "money" {
					continue // money passed on is in the money figures
				}
				s.lines[x.Lot] = x.Quantity
				add(f.orgSent, actor, itemOf[x.Lot], x.Quantity)
			}
			shipments[b.Handoff] = s
		case "handoff.rejected":
			s := shipments[b.Handoff]
			for lot, q := range s.lines {
				add(f.orgSent, s.from, itemOf[lot], -q)
			}
		case "handoff.received":
			s := shipments[b.Handoff]
			for _, x := range b.Lines {
				it := itemOf[x.Lot]
				if it == "money" {
					continue
				}
				if x.NewLot != "" {
					itemOf[x.NewLot], originOf[x.NewLot] = it, originOf[x.Lot]
				}
				add(f.orgReceived, actor, it, x.Received)
				if f.orgs[actor] == "recipient" {
					f.delivered[it] += x.Received
				}
				if x.Received != s.lines[x.Lot] || x.Reason != "" {
					f.orgDiscrepancies[actor]++
					f.orgDiscrepancies[s.from]++
				}
				if p, ok := pledges[originOf[x.Lot]]; ok && p.Need != 0 && needs[p.Need].org == actor {
					if needDelivered[p.Need] == nil {
						needDelivered[p.Need] = map[string]int64{}
					}
					needDelivered[p.Need][it] += x.Received
				}
			}
		case "lot.used", "lot.written_off":
			finals[l.Index] = struct {
				typ, item string
				org, q    int64
			}{e.Type, itemOf[b.Lot], actor, b.Quantity}
			if e.Type == "lot.used" {
				f.used[itemOf[b.Lot]] += b.Quantity
				add(f.orgUsed, actor, itemOf[b.Lot], b.Quantity)
			} else {
				f.writtenOff[itemOf[b.Lot]] += b.Quantity
				add(f.orgWrittenOff, actor, itemOf[b.Lot], b.Quantity)
			}
		case "entry.corrected":
			x := finals[b.Entry]
			if x.typ == "lot.used" {
				f.used[x.item] -= x.q
				add(f.orgUsed, x.org, x.item, -x.q)
			} else {
				f.writtenOff[x.item] -= x.q
				add(f.orgWrittenOff, x.org, x.item, -x.q)
			}
		}
	}
	f.needLines = map[int64]map[int]needLineFig{}
	for id, n := range needs {
		if n.status != "published" {
			continue
		}
		f.needLines[id] = map[int]needLineFig{}
		credited := map[string]bool{}
		for _, x := range n.lines {
			fig := needLineFig{item: x.Item, needed: x.Quantity}
			for _, p := range pledges {
				for _, pl := range p.Lines {
					if p.Need == id && pl.NeedLine == x.Line {
						fig.pledged += pl.Quantity
					}
				}
			}
			if !credited[x.Item] {
				fig.delivered, credited[x.Item] = needDelivered[id][x.Item], true
			}
			f.needLines[id][x.Line] = fig
		}
	}
	return f
}

// rows returns the numeric cells of each table row with an id, by row id
// and cell class.
func rows(d *doc) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, tr := range d.all(func(n *html.Node) bool { return n.Data == "tr" && attr(n, "id") != "" }) {
		out[attr(tr, "id")] = numCells(tr)
	}
	return out
}

// numCells returns the numeric cells (td class="num X") of a table row by X.
func numCells(tr *html.Node) map[string]string {
	cells := map[string]string{}
	for n := range tr.Descendants() {
		if c := strings.Fields(attr(n, "class")); n.Data == "td" && len(c) == 2 && c[0] == "num" {
			cells[c[1]] = text(n)
		}
	}
	return cells
}

func checkCell(t *testing.T, page string, got map[string]map[string]string, row, class, want string) {
	t.Helper()
	if got[row][class] != want {
		t.Errorf("%s: %s %s = %q, recomputed from entries.jsonl %q", page, row, class, got[row][class], want)
	}
}

// Every number on / and /orgs/{id} equals the figure recomputed from the
// open-data export alone: for the fixture operation and for the demo.
func TestPublicFiguresMatchTheExport(t *testing.T) {
	s := sqlitetest.Open(t)
	op := seedOperation(t, s)
	f := checkFigures(t, s)
	if f.delivered["mask-medical-protective"] != 2280 || f.used["mask-medical-protective"] != 650 {
		t.Errorf("fixture: delivered %d, used %d", f.delivered["mask-medical-protective"], f.used["mask-medical-protective"])
	}
	if f.moneyIn["CNY"] != 1234567 || f.moneySpent["CNY"] != 1000000 || f.received["goggles"] != 100 {
		t.Errorf("fixture money: in %v, spent %v, goggles %d", f.moneyIn, f.moneySpent, f.received["goggles"])
	}
	if f.orgDiscrepancies[op.hospital.Org] != 1 || f.orgDiscrepancies[op.warehouse.Org] != 1 {
		t.Errorf("fixture discrepancies: %v", f.orgDiscrepancies)
	}
	// The entries read in plain words, with items and quantities, on every list.
	srv := serverFor(t, s)
	for org, want := range map[int64]int{op.hospital.Org: 1, op.carrier.Org: 1, op.clin.Org: 1, op.warehouse.Org: 2} {
		_, body := get(t, srv, fmt.Sprintf("/ledger?type=handoff.dispatched&org=%d", org))
		if n := parseHTML(t, body).count(func(n *html.Node) bool { return n.Data == "tr" && idPrefixed("entry-")(n) }); n != want {
			t.Errorf("organisation %d: %d dispatches listed, want %d (sent, received or carried)", org, n, want)
		}
	}
	mask := "Medical protective mask (N95 class) (lot " + ledger.FormatCode(op.lots[0]) + ")"
	for _, path := range []string{"/ledger", fmt.Sprintf("/orgs/%d", op.hospital.Org), "/"} {
		_, body := get(t, srv, path)
		for _, want := range []string{
			"Jinyintan Hospital wrote off 30 pcs of " + mask + " (damage): wet in storage",
			"Jinyintan Hospital confirmed receipt of 1,980 of 2,000 pcs of " + mask + " from Hankou Relief Warehouse — 20 damaged",
		} {
			if path == "/" && strings.Contains(want, "receipt") {
				continue // older than the ten latest
			}
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
	}
}

func TestDemoFiguresMatchTheExport(t *testing.T) {
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	checkFigures(t, s)
}

// checkFigures compares / and every organisation's page with the figures
// recomputed from entries.jsonl, and returns those.
func checkFigures(t *testing.T, s *sqlite.Store) *exportFigures {
	t.Helper()
	srv := serverFor(t, s)
	_, jsonl := get(t, srv, "/data/entries.jsonl")
	f := recompute(t, jsonl)
	_, body := get(t, srv, "/")
	home := parseHTML(t, body)
	got := rows(home)
	all := map[string]bool{}
	for _, m := range []map[string]int64{f.pledged, f.received, f.delivered, f.used, f.writtenOff} {
		for it, q := range m {
			if q != 0 {
				all[it] = true
			}
		}
	}
	items := 0
	for it := range all {
		items++
		for class, m := range map[string]map[string]int64{"pledged": f.pledged, "received": f.received, "delivered": f.delivered, "used": f.used, "written-off": f.writtenOff} {
			checkCell(t, "/", got, "total-"+it, class, views.GroupDigits(m[it]))
		}
	}
	if n := home.count(func(n *html.Node) bool { return n.Data == "tr" && idPrefixed("total-")(n) }); n != items {
		t.Errorf("/ shows %d item rows, the export has %d items", n, items)
	}
	for cur, minor := range f.money {
		if cur != "" {
			checkCell(t, "/", got, "money-"+cur, "pledged", views.Amount(cur, minor))
			checkCell(t, "/", got, "money-"+cur, "received", views.Amount(cur, f.moneyIn[cur]))
			checkCell(t, "/", got, "money-"+cur, "spent", views.Amount(cur, f.moneySpent[cur]))
		}
	}

	needs := home.all(func(n *html.Node) bool { return n.Data == "article" && hasClass(n, "need") && idPrefixed("need-")(n) })
	if len(needs) != len(f.needLines) {
		t.Errorf("/ shows %d open needs, the export has %d", len(needs), len(f.needLines))
	}
	for _, need := range needs {
		id, _ := strconv.ParseInt(strings.TrimPrefix(attr(need, "id"), "need-"), 10, 64)
		var trs []*html.Node
		for n := range first(need, is("tbody")).Descendants() {
			if n.Data == "tr" {
				trs = append(trs, n)
			}
		}
		for i, tr := range trs {
			fig := f.needLines[id][i+1]
			cells := numCells(tr)
			if !strings.HasPrefix(cells["needed"], views.GroupDigits(fig.needed)+" ") || cells["pledged"] != views.GroupDigits(fig.pledged) || cells["delivered"] != views.GroupDigits(fig.delivered) {
				t.Errorf("need %d line %d: page %v, export %+v", id, i+1, cells, fig)
			}
		}
	}
	// The charts' final values: delivered per item, used per recipient.
	charts := 0
	for _, g := range home.all(is("div", "chart-group")) {
		item := strings.TrimPrefix(attr(g, "id"), "charts-")
		charts++
		// Each chart's legend says where each line ends.
		var delivered, usedBy []string
		for fig := range g.ChildNodes() {
			if fig.Data != "figure" {
				continue
			}
			legend := within(fig).texts(is("li"))
			switch {
			case delivered == nil:
				delivered = legend
			case strings.HasPrefix(attr(fig, "id"), "chart-used-"):
				usedBy = legend
			}
		}
		if f.delivered[item] > 0 && !slices.ContainsFunc(delivered, func(s string) bool { return strings.HasSuffix(s, "delivered: "+views.GroupDigits(f.delivered[item])) }) {
			t.Errorf("/: chart of %s does not end at %d delivered", item, f.delivered[item])
		}
		// The use chart draws the sqlite.ChartTop organisations that used
		// most; the item's page lists every one.
		var uses []int64
		for _, used := range f.orgUsed {
			if used[item] > 0 {
				uses = append(uses, used[item])
			}
		}
		slices.SortFunc(uses, func(a, b int64) int { return cmp.Compare(b, a) })
		drawn := uses[:min(len(uses), sqlite.ChartTop)]
		if len(usedBy) != len(drawn) {
			t.Errorf("/: use chart of %s draws %d organisations, want %d of %d", item, len(usedBy), len(drawn), len(uses))
		}
		for _, used := range drawn {
			if !slices.ContainsFunc(usedBy, func(s string) bool { return strings.HasSuffix(s, ": "+views.GroupDigits(used)) }) {
				t.Errorf("/: use chart of %s lacks the use of %d", item, used)
			}
		}
		_, itemBody := get(t, srv, "/items/"+item)
		itemRows := rows(parseHTML(t, itemBody))
		for class, m := range map[string]map[string]int64{"pledged": f.pledged, "received": f.received, "delivered": f.delivered, "used": f.used, "written-off": f.writtenOff} {
			checkCell(t, "/items/"+item, itemRows, "total-"+item, class, views.GroupDigits(m[item]))
		}
		listed := map[string]string{}
		for path := "/items/" + item; path != ""; {
			_, body := get(t, srv, path)
			d := parseHTML(t, body)
			for _, tr := range within(d.byID("item-users")).all(is("tr")) {
				a, td := within(tr).first(is("a")), within(tr).first(is("td", "used"))
				if a != nil && td != nil {
					listed[attr(a, "href")] = text(td)
				}
			}
			path = ""
			if next := d.first(func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" }); next != nil {
				path = attr(next, "href")
			}
		}
		for org, used := range f.orgUsed {
			if href := fmt.Sprintf("/orgs/%d", org); used[item] > 0 && listed[href] != views.GroupDigits(used[item]) {
				t.Errorf("/items/%s: organisation %d used %q, recomputed %d", item, org, listed[href], used[item])
			}
		}
		if len(listed) != len(uses) {
			t.Errorf("/items/%s lists %d organisations that used it, recomputed %d", item, len(listed), len(uses))
		}
	}
	if len(f.delivered) > 0 && charts == 0 {
		t.Error("/ has no charts to check")
	}
	if text(home.byID("log-size")) != fmt.Sprint(f.entries) {
		t.Errorf("/ does not show the log's %d entries", f.entries)
	}

	for m, kind := range f.orgs {
		if kind == "platform" {
			continue
		}
		page := fmt.Sprintf("/orgs/%d", m)
		resp, body := get(t, srv, page)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", page, resp.StatusCode)
		}
		od := parseHTML(t, body)
		got := rows(od)
		held := map[string]int64{}
		for it := range f.received {
			for class, mm := range map[string]map[int64]map[string]int64{"received": f.orgReceived, "sent": f.orgSent, "used": f.orgUsed} {
				if _, ok := got["org-item-"+it]; ok || mm[m][it] != 0 {
					checkCell(t, page, got, "org-item-"+it, class, views.GroupDigits(mm[m][it]))
				}
			}
			held[it] = f.orgReceived[m][it] - f.orgSent[m][it] - f.orgUsed[m][it] - f.orgWrittenOff[m][it]
		}
		// Stock held: every shipment of the fixture was received, so what an
		// organisation holds is what it received less what it sent, used and wrote off.
		// The day's totals by item say it.
		shown := map[string]int64{}
		for _, card := range od.all(is("li", "stock-item")) {
			name, td := within(card).first(is("", "item-name")), within(card).first(is("", "held"))
			q, _ := strconv.ParseInt(strings.ReplaceAll(strings.Fields(text(td) + " ")[0], ",", ""), 10, 64)
			shown[text(name)] += q
		}
		d := views.Describing{T: views.T(t.Context()), Names: mustNames(t, s)}
		for it, q := range held {
			if shown[d.Item(it)] != q {
				t.Errorf("%s: holds %d of %s, recomputed %d", page, shown[d.Item(it)], it, q)
			}
		}
		disc := 0
		if tb := first(od.byID("org-discrepancies"), is("tbody")); tb != nil {
			disc = within(tb).count(is("tr"))
		}
		if disc != f.orgDiscrepancies[m] {
			t.Errorf("%s: %d discrepancies shown, recomputed %d", page, disc, f.orgDiscrepancies[m])
		}
	}
	return f
}

// The CSV exports: right type and name, the documented columns, and each
// row names an entry by index and leaf hash as entries.jsonl has them.
func TestTableExports(t *testing.T) {
	s := sqlitetest.Open(t)
	op := seedOperation(t, s)
	srv := serverFor(t, s)
	_, jsonl := get(t, srv, "/data/entries.jsonl")
	leaves := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(jsonl))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l struct {
			Index    int64  `json:"index"`
			LeafHash string `json:"leaf_hash"`
		}
		json.Unmarshal(sc.Bytes(), &l)
		leaves[strconv.FormatInt(l.Index, 10)] = l.LeafHash
	}
	tables := map[string][]map[string]string{}
	for name, cols := range opendata.ExportTables {
		resp, body := get(t, srv, "/data/"+name)
		if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("%s: content type %q", name, ct)
		}
		if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="aidtrail-`+name+`"` {
			t.Errorf("%s: disposition %q", name, cd)
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Join(recs[0], ",") != strings.Join(cols, ",") {
			t.Errorf("%s: header %v", name, recs[0])
		}
		for _, r := range recs[1:] {
			m := map[string]string{}
			for i, c := range cols {
				m[c] = r[i]
			}
			if leaves[m["entry_index"]] == "" || leaves[m["entry_index"]] != m["entry_leaf_hash"] {
				t.Errorf("%s: row %v names entry %s with leaf %s", name, r, m["entry_index"], m["entry_leaf_hash"])
			}
			tables[name] = append(tables[name], m)
		}
	}
	if resp, _ := get(t, srv, "/data/secrets.csv"); resp.StatusCode != 404 {
		t.Errorf("unknown export: %d", resp.StatusCode)
	}
	// Spot checks against the fixture.
	donors := map[string]bool{}
	for _, p := range tables["pledges.csv"] {
		donors[p["donor"]] = true
	}
	if !donors["Wuhan Alumni Fund"] || !donors["anonymous"] || len(tables["pledges.csv"]) != 5 {
		t.Errorf("pledges.csv: %v", tables["pledges.csv"])
	}
	var short bool
	for _, h := range tables["handoffs.csv"] {
		short = short || (h["sent"] == "2000" && h["received"] == "1980" && h["reason"] == "damaged" && h["to_name"] == "Jinyintan Hospital")
	}
	if !short {
		t.Errorf("handoffs.csv lacks the shortfall: %v", tables["handoffs.csv"])
	}
	held := map[string]int64{}
	for _, l := range tables["lots.csv"] {
		if l["holder"] == strconv.FormatInt(op.hospital.Org, 10) {
			q, _ := strconv.ParseInt(l["held"], 10, 64)
			held[l["item"]] += q
		}
	}
	if held["mask-medical-protective"] != 1980-650-30 {
		t.Errorf("lots.csv: the hospital holds %d masks, want %d", held["mask-medical-protective"], 1980-650-30)
	}
	if len(tables["funds.csv"]) != 2 || tables["needs.csv"][0]["delivered"] != "1980" {
		t.Errorf("funds.csv %v, needs.csv %v", tables["funds.csv"], tables["needs.csv"])
	}
}
