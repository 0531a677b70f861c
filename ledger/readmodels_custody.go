package ledger

// LotPage is a lot's public record and, for a member of its holder, the
// actions allowed now with the choices their forms need.
type LotPage struct {
	*LotTrace
	Actions     []string  // LotActions
	Receivers   []OrgName // verified warehouses and recipients, but m's own
	Carriers    []OrgName // verified logistics firms
	Correctable []int64   // uses and write-offs m's organisation may still correct
	Counts      []Count   // stock counts, newest first (public)
	Pending     *Count    // a count waiting for a second member: the lot cannot move
	// NeedRecipient is the organisation whose need the lot's pledge answers
	// (0 if none): where dispatch sends it unless told otherwise.
	NeedRecipient int64
}

// LotTrace is a lot's public record: the lot, its item and holder, its
// family (origin, parent, children, a pack's contents), open shipments
// carrying it, and its own hash-linked chain of entries.
type LotTrace struct {
	Lot        Lot
	Item       Item // zero for a pack
	HolderName string
	Children   []string
	Contents   []Lot
	Open       []*HandoffView
	Chain      []*StoredEntry  // the lot's own hash chain, oldest first
	Corrected  map[int64]int64 // entry index -> the entry.corrected declaring it wrong
	Names      Names           // for describing the chain
}

// HandoffView is a shipment with names for people.
type HandoffView struct {
	Handoff
	FromName, ToName, ViaName string
	Items                     []Item // per line; zero for a pack
	Units                     []string
}

// NeedMatch is an open need line for an item, for "dispatch to this need".
type NeedMatch struct {
	Need      int64
	Org       int64
	OrgName   string
	Remaining int64
}

// StockItem is one item an organisation holds: the total (lots in its
// packs at hand included), its loose lot that expires first (the one to send; zero if
// all is packed or no need asks for it), and open needs it could fill.
type StockItem struct {
	Item  Item
	Held  int64
	First Lot
	Needs []NeedMatch // open published needs this item could fill
}

// Stock is an organisation's day: what it holds (totals by item, and a
// page of its lots, soonest expiry first), the pledges it is to receive,
// and the shipments on the way to, from or with it.
type Stock struct {
	Org      *Org
	Items    []StockItem
	Lots     []Lot     // loose lots and packs held, soonest expiry first, no expiry last
	Next     string    // page key after the page's last lot when more follow, else ""
	Expected []*Pledge // pledges of goods to be delivered to it, not yet received in full, soonest due first
	// ExpectedNext is the page key after the last pledge shown when more follow.
	ExpectedNext string
	Incoming     []*HandoffView // open shipments to it
	Outgoing     []*HandoffView // open shipments from it
	Carrying     []*HandoffView // open shipments it carries
}
