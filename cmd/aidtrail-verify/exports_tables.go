package main

// The CSV exports of /data/ (needs, pledges, lots, handoffs, funds) compared
// with the state re-derived from the verified log: every row names an entry
// of the log by index and leaf hash, and what a row says of a need, pledge,
// lot or shipment must be what the replay says. Rows whose entry is past
// the verified checkpoint (the log grew meanwhile) are skipped.

import (
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/aidtrail/aidtrail/ledger"
)

func init() {
	for _, name := range []string{"needs.csv", "pledges.csv", "lots.csv", "handoffs.csv", "funds.csv"} {
		exportChecks = append(exportChecks, exportCheck{"data/" + name, func(body io.Reader, d *derived, rep *report) error {
			return compareTable(name, body, d, rep)
		}})
	}
}

// tableRow is one CSV row by column name.
type tableRow map[string]string

func (r tableRow) int(col string) int64 {
	n, _ := strconv.ParseInt(r[col], 10, 64)
	return n
}

// compareTable checks each row's entry and, for state rows, the figures.
func compareTable(name string, body io.Reader, d *derived, rep *report) error {
	recs, err := csv.NewReader(body).ReadAll()
	if err != nil {
		return fmt.Errorf("malformed CSV: %v", err)
	}
	if len(recs) == 0 {
		return fmt.Errorf("no header")
	}
	header := recs[0]
	for _, col := range []string{"entry_index", "entry_leaf_hash"} {
		if !slices.Contains(header, col) {
			return fmt.Errorf("no %s column", col)
		}
	}
	cust := ledger.CustodyOf(d.state)
	seen := map[string]bool{}
	for i, rec := range recs[1:] {
		if len(rec) != len(header) {
			return fmt.Errorf("row %d has %d cells, the header %d", i+1, len(rec), len(header))
		}
		r := tableRow{}
		for j, col := range header {
			r[col] = rec[j]
		}
		for _, key := range []string{"lot", "handoff", "pledge", "need"} {
			if name == key+"s.csv" {
				seen[r[key]] = true
			}
		}
		idx := r.int("entry_index")
		if idx >= d.size {
			continue // written after the verified checkpoint
		}
		where := fmt.Sprintf("/data/%s row %d", name, i+1)
		if want := d.leaf(idx); r["entry_leaf_hash"] != hex.EncodeToString(want[:]) {
			rep.addAt(idx, kindExport, "%s names entry %d with leaf hash %q, but its leaf hash is %s", where, idx, r["entry_leaf_hash"], hex.EncodeToString(want[:]))
			continue
		}
		var diff string
		switch name {
		case "lots.csv":
			l, ok := cust.Lots[r["lot"]]
			switch {
			case !ok:
				diff = "a lot the log does not have"
			case r["item"] != l.Item || r.int("holder") != l.Holder || r.int("held") != l.Held || r.int("in_transit") != l.InTransit:
				diff = fmt.Sprintf("item %s held by %s: %s (%s in transit), but the log says %s held by %d: %d (%d in transit)",
					r["item"], r["holder"], r["held"], r["in_transit"], l.Item, l.Holder, l.Held, l.InTransit)
			}
		case "handoffs.csv":
			h, ok := cust.Handoffs[r.int("handoff")]
			if !ok {
				diff = "a shipment the log does not have"
				break
			}
			found := false
			for _, l := range h.Lines {
				if l.Lot == r["lot"] {
					found = true
					if r["status"] != h.Status || r.int("sent") != l.Quantity || (h.Status == ledger.StatusReceived && r.int("received") != l.Received) {
						diff = fmt.Sprintf("shipment %d lot %s: %s, sent %s, received %s, but the log says %s, %d, %d", h.ID, l.Lot, r["status"], r["sent"], r["received"], h.Status, l.Quantity, l.Received)
					}
				}
			}
			if !found {
				diff = fmt.Sprintf("lot %s is not in shipment %d", r["lot"], h.ID)
			}
		case "pledges.csv":
			p, ok := ledger.ReplayedPledges(d.state)[r["pledge"]]
			if !ok {
				diff = "a pledge the log does not have"
				break
			}
			donor := p.Body.Name
			if donor == "" {
				donor = "anonymous"
			}
			if r["status"] != p.Status || r["donor"] != donor || r["kind"] != p.Body.Kind {
				diff = fmt.Sprintf("pledge %s: %s by %q, but the log says %s by %q", p.Code, r["status"], r["donor"], p.Status, donor)
			}
		case "needs.csv":
			n, ok := ledger.ReplayedNeeds(d.state)[r.int("need")]
			if !ok {
				diff = "a need the log does not have"
				break
			}
			line := int(r.int("line"))
			var q int64 = -1
			for _, l := range n.Lines {
				if l.Line == line {
					q = l.Quantity
				}
			}
			if r["status"] != n.Status || r.int("quantity") != q || r.int("pledged") != n.Pledged[line] {
				diff = fmt.Sprintf("need %d line %d: %s, %s needed, %s pledged, but the log says %s, %d, %d", n.ID, line, r["status"], r["quantity"], r["pledged"], n.Status, q, n.Pledged[line])
			}
		}
		if diff != "" {
			rep.addAt(idx, kindExport, "%s: %s", where, diff)
		}
	}
	// Nothing the log holds may be left out.
	missing := func(what, key string) {
		if !seen[key] {
			rep.add(kindExport, "/data/%s leaves out %s %s", name, what, key)
		}
	}
	switch name {
	case "lots.csv":
		for code := range cust.Lots {
			missing("lot", code)
		}
	case "handoffs.csv":
		for id := range cust.Handoffs {
			missing("shipment", strconv.FormatInt(id, 10))
		}
	case "pledges.csv":
		for code := range ledger.ReplayedPledges(d.state) {
			missing("pledge", code)
		}
	case "needs.csv":
		for id, n := range ledger.ReplayedNeeds(d.state) {
			if len(n.Lines) > 0 {
				missing("need", strconv.FormatInt(id, 10))
			}
		}
	}
	return nil
}
