package ledger

// FundsReport is a page of the public funds page: the platform's totals by
// currency, a page of organisations' balances and the transfers between
// them, with their public names.
type FundsReport struct {
	Totals    []*Balance // every organisation's, by currency (Org 0)
	Balances  []*Balance // the page's organisations'
	Transfers []Transfer // between the page's organisations: the largest, for the chart
	// TransferCounts is how many transfers there are between the page's
	// organisations, by currency (the chart draws only the largest).
	TransferCounts map[string]int
	Names          map[int64]string
	Next           string // the page key of the next page, "" if none
}

// Transfer is the money one organisation passed on to another (sent, not
// refused), in one currency.
type Transfer struct {
	From, To int64
	Currency string
	Amount   int64
}

// MoneyDesk is what an organisation's members see of its money: balances,
// the money lots it holds, transfers to confirm and transfers waiting for
// their receiver, the organisations it may pass money to, and its spending.
type MoneyDesk struct {
	Org       *Org
	Balances  []*Balance
	Lots      []Lot
	Incoming  []*HandoffView
	Outgoing  []*HandoffView
	Receivers []OrgName
	Spendings []SpendingRow
	Items     []Item // the catalogue, for purchases
}

// SpendingRow is one money.spent as listed.
type SpendingRow struct {
	Entry         int64
	Category      string
	Currency      string
	Total         int64
	Supplier      string
	InvoiceSHA256 string
	Purpose       string
	Date          string
}

// MoneyTrace is what a money pledge became: its receipt, its money lots,
// every transfer of them, every spending drawing on them with this
// pledge's share, the lots bought and where those are now.
type MoneyTrace struct {
	Pledge    *Pledge
	Receipt   *MoneyReceiptRow // nil until the money is received
	Lots      []Lot            // the pledge's money lots, oldest first
	Transfers []*HandoffView
	Spendings []*TracedSpending
	Names     map[int64]string
}

// MoneyReceiptRow is a confirmed receipt of a money pledge.
type MoneyReceiptRow struct {
	Entry       int64
	Org         int64
	Lot         string
	Currency    string
	AmountMinor int64
	Date        string
	RefSHA256   string
}

// TracedSpending is a spending that drew on the pledge's money.
type TracedSpending struct {
	Entry int64
	Org   int64
	Body  *MoneySpent
	Share Share // this pledge's share; its Quantities follow Bought
	// Donors is how many donations paid for it.
	Donors int
	Bought []*BoughtLot
}

// BoughtLot is a lot bought and where its goods are now.
type BoughtLot struct {
	NewLot
	Item   Item
	Places []Place
}

// Place kinds: where goods from a pledge (or bought with its money) are.
const (
	PlaceHeld      = "held"
	PlaceInTransit = "in_transit"
	PlaceUsed      = "used"
	// PlaceWrittenOff: lost, damaged, expired or destroyed (not corrected).
	PlaceWrittenOff = "written_off"
)

// Place is some of a bought lot's goods (in the lot or a lot split off it)
// held, in transit from, or used by an organisation.
type Place struct {
	Lot      string
	Org      int64
	Kind     string // PlaceHeld, PlaceInTransit or PlaceUsed
	Quantity int64
}
