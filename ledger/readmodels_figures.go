package ledger

// OrgFacts is an organisation's public registration, from org.registered.
type OrgFacts struct {
	ID   int64
	Name string
	Kind string
}

// Discrepancy is a handoff line whose received quantity or condition differs
// from what was sent: public, and shown for both sides.
type Discrepancy struct {
	Index    int64 // the handoff.received entry
	Line     int   // its position among the entry's lines
	Time     string
	Handoff  int64
	From, To int64
	Lot      string
	Item     string
	Sent     int64
	Received int64
	Reason   string
	Note     string
}

// Overview is the transparency page's data.
type Overview struct {
	Size   int64
	Items  []ItemTotals // by item id, only items with any movement
	Charts []ItemChart  // of the ChartItems items received most, most first
	Latest []*StoredEntry
	Names  Names
	Kinds  map[int64]string // organisation kinds, by id
	Money  []MoneyFigures   // by currency
	Needs  []OpenNeed       // the first TopNeeds published needs in the board's order
}

// OrgRecord is an organisation's public record.
type OrgRecord struct {
	Org                  OrgFacts
	Received, Sent, Used map[string]int64  // by item
	Discrepancies        []Discrepancy     // reported by it or about it, newest first
	Adjustments          []Count           // its stock counts that differed, newest first
	AdjustmentUnits      map[string]string // unit of each adjusted lot
	Needs                []OpenNeed        // its first TopNeeds published needs, in the board's order
	Latest               []*StoredEntry    // its entries, newest first
	Names                Names
	// Page keys of the next page of Discrepancies, Adjustments and
	// Latest, "" on the last.
	DiscrepanciesNext, AdjustmentsNext, LatestNext string
}

// ItemTotals are the public totals of one item.
type ItemTotals struct {
	Item                                           string
	Pledged, Received, Delivered, Used, WrittenOff int64
}

// Flow is a quantity of an item moving to an organisation: from another
// organisation, or (From 0) from a donor's pledge, by the donor's public
// name or anonymous.
type Flow struct {
	From, To  int64
	Donor     string
	Anonymous bool
	Purchased bool // bought with donated money
	Quantity  int64
}

// Point is one day of a cumulative series.
type Point struct {
	Day   string // YYYY-MM-DD
	Value int64  // running total up to and including Day
}

// Series is one named line of a chart.
type Series struct {
	Org    int64 // for per-organisation series
	Points []Point
}

// MoneyFigures are the money totals of one currency, in minor units:
// pledged (cancelled deducted), received on the bank account, spent.
type MoneyFigures struct {
	Currency                 string
	Pledged, Received, Spent int64
}

// OpenNeed is a published need with its progress per line, from the
type OpenNeed struct {
	ID    int64
	Org   int64
	Title string
	Lines []NeedLineProgress
}

// NeedLineProgress is one line of a need: asked, pledged against it, and
// received by the needing organisation from those pledges.
type NeedLineProgress struct {
	Line                       int
	Item, Unit                 string
	Needed, Pledged, Delivered int64
}

// ItemChart is one item's charts on the transparency page: its needed and
// delivered series, the ChartTop organisations that used most of it with
// their series, and its FlowTop largest flows.
type ItemChart struct {
	Item                 string
	NeededOverTime       []Point // published need quantities, running total
	DeliveredOverTime    []Point
	UsedBy               []Series // the largest users, most first
	MoreUsers, MoreFlows bool     // more than shown: the item's page lists them
	Flows                []Flow   // the largest, most first
}

// ItemFigures is a page of an item's public figures: its totals, the
// organisations that used it (most first) and its flows (largest first),
// each list a page at a time.
type ItemFigures struct {
	Item   Item
	Totals ItemTotals
	Users  []ItemUse
	Flows  []Flow
	Names  Names
	Kinds  map[int64]string
	// Page keys of the next page of Users and of Flows, "" on the last.
	UsersNext, FlowsNext string
}

// ItemUse is what one organisation used of an item.
type ItemUse struct {
	Org      int64
	Quantity int64
}

// StockLine is a lot an organisation holds, with how long it has held it.
type StockLine struct {
	Lot      string
	Item     string
	Quantity int64
	Since    string // entry time
	Days     int    // dwell time in whole days, as of now
}
