package opendata

// HXLTags is the HXL hashtag row of each CSV export of /data/ (the
// NAME.hxl.csv files): one hashtag with attributes per column, all from the
// HXL core dictionary (a test checks). Quantities are #value+num, codes
// +code, names +name; a column's entry is #meta+num (index) and #meta+code
// (leaf hash). Where the dictionary has no closer attribute, columns share
// a hashtag and the header row (kept above it) tells them apart.
var HXLTags = map[string]map[string]string{
	"needs.csv": {
		"need": "#need+code", "line": "#need+num", "org": "#org+code", "org_name": "#org+name", "status": "#status",
		"title": "#need+name", "item": "#item+type", "spec": "#item+text", "unit": "#item+label", "quantity": "#value+num",
		"urgency": "#severity", "deadline": "#date+end", "place": "#loc+name", "pledged": "#value+funder", "delivered": "#output+num",
	},
	"pledges.csv": {
		"pledge": "#activity+code", "status": "#status", "kind": "#modality", "donor": "#org+funder+name", "need": "#need+code",
		"need_line": "#need+num", "item": "#item+type", "unit": "#item+label", "quantity": "#value+num", "currency": "#currency",
		"amount_minor": "#value+funder", "due": "#date+end",
	},
	"lots.csv": {
		"lot": "#item+code", "item": "#item+type", "spec": "#item+text", "unit": "#item+label", "batch": "#item+num",
		"expiry": "#date+end", "condition": "#status", "quantity": "#value+num", "origin_pledge": "#activity+code",
		"parent": "#item+code+origin", "pack": "#item+code+label", "holder": "#org+code", "holder_name": "#org+name",
		"held": "#value+num", "in_transit": "#value+num", "since": "#date+start", "created_entry": "#meta+num",
	},
	"handoffs.csv": {
		"handoff": "#activity+code", "from": "#org+code+origin", "from_name": "#org+name+origin", "to": "#org+code+dest",
		"to_name": "#org+name+dest", "via": "#org+code+impl", "via_name": "#org+name+impl", "status": "#status",
		"dispatched": "#date+start", "lot": "#item+code", "sent": "#value+num", "received": "#value+num", "condition": "#status",
		"reason": "#cause", "note": "#description", "new_lot": "#item+code+dest",
	},
	"funds.csv": {
		"type": "#meta+type", "time": "#date+reported", "org": "#org+code", "org_name": "#org+name", "currency": "#currency",
		"amount_minor": "#value+num", "pledge": "#activity+code", "lot": "#item+code", "category": "#value+type", "supplier": "#org+name+impl",
		"purpose": "#description", "date": "#date+occurred", "invoice_sha256": "#meta+code+source", "bought": "#item+code+dest",
	},
}

// HXLRow returns the hashtag row for an export's header.
func HXLRow(table string, header []string) []string {
	out := make([]string, len(header))
	for i, col := range header {
		switch col {
		case "entry_index":
			out[i] = "#meta+num"
		case "entry_leaf_hash":
			out[i] = "#meta+code"
		default:
			out[i] = HXLTags[table][col]
		}
	}
	return out
}
