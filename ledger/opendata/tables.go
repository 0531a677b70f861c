package opendata

// ExportTables are the CSV exports of /data/, by file name, with their
// columns (the store fills them from its read models, the tests from a
// replay of the log; the data page documents them).
var ExportTables = map[string][]string{
	"needs.csv":    {"need", "line", "org", "org_name", "status", "title", "item", "spec", "unit", "quantity", "urgency", "deadline", "place", "pledged", "delivered", "entry_index", "entry_leaf_hash"},
	"pledges.csv":  {"pledge", "status", "kind", "donor", "need", "need_line", "item", "unit", "quantity", "currency", "amount_minor", "due", "entry_index", "entry_leaf_hash"},
	"lots.csv":     {"lot", "item", "spec", "unit", "batch", "expiry", "condition", "quantity", "origin_pledge", "parent", "pack", "holder", "holder_name", "held", "in_transit", "since", "created_entry", "entry_index", "entry_leaf_hash"},
	"handoffs.csv": {"handoff", "from", "from_name", "to", "to_name", "via", "via_name", "status", "dispatched", "lot", "sent", "received", "condition", "reason", "note", "new_lot", "entry_index", "entry_leaf_hash"},
	"funds.csv":    {"entry_index", "entry_leaf_hash", "type", "time", "org", "org_name", "currency", "amount_minor", "pledge", "lot", "category", "supplier", "purpose", "date", "invoice_sha256", "bought"},
}
