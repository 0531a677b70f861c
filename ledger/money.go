package ledger

import (
	"slices"
	"strconv"
	"strings"
)

// Money is a lot too (DESIGN.md). A money lot is a custody Lot whose Item
// is ItemMoney, whose Unit is an ISO 4217 currency (a key of Currencies)
// and whose quantities are minor units (fen, cents): integers, never
// floats. It is created when a verified organisation confirms the money of
// a pledge as received (money.received), moves like goods (lot.split, and
// handoffs for a disbursement: custody moves when the receiver confirms),
// and ends in money.spent: a purchase of supplies (money lots in, supply
// lots out, the invoice's SHA-256 as evidence) or an overhead with its
// category, never silently. Held quantities bound every step (take), so no
// organisation can disburse or spend more than it holds.
const (
	TypeMoneyReceived = "money.received"
	TypeMoneySpent    = "money.spent"
)

func init() {
	Register(TypeMoneyReceived, &MoneyReceived{})
	Register(TypeMoneySpent, &MoneySpent{})
}

// ItemMoney is the item of every money lot. The catalogue never has it.
const ItemMoney = "money"

// IsMoney reports whether l is a money lot.
func (l *Lot) IsMoney() bool { return l.Item == ItemMoney }

// Spending categories. Supplies is a purchase that creates supply lots; the
// others are overheads, each stated as such.
const (
	SpendSupplies  = "supplies"
	SpendBankFee   = "bank_fee"
	SpendTransport = "transport"
	SpendStorage   = "storage"
	SpendAdmin     = "admin"
	SpendOther     = "other"
)

// SpendCategories lists the categories, purchases first.
var SpendCategories = []string{SpendSupplies, SpendBankFee, SpendTransport, SpendStorage, SpendAdmin, SpendOther}

// MoneyReceived is the body of money.received: the receiving organisation
// confirms the amount that actually arrived for a money pledge and its
// value date, as a new money lot. The bank reference stays private; the
// entry holds its SHA-256 (lowercase hex of the reference as typed,
// trimmed), so the bank statement can later be matched to the entry.
// Subjects: the pledge and the lot.
type MoneyReceived struct {
	Pledge          string `json:"pledge"`
	Lot             string `json:"lot"`
	Currency        string `json:"currency"`
	AmountMinor     int64  `json:"amount_minor"`
	Date            string `json:"date"` // YYYY-MM-DD, the value date
	ReferenceSHA256 string `json:"reference_sha256"`
	// OverDelivery is the receiver's note when more arrived than pledged.
	OverDelivery string `json:"over_delivery,omitempty"`
}

// Validate checks the codes, amount, date and hash.
func (b *MoneyReceived) Validate() error {
	switch {
	case !isCode(b.Pledge):
		return Errorf(EINVALID, "bad pledge code")
	case !isCode(b.Lot):
		return Errorf(EINVALID, "bad lot code")
	case !isDate(b.Date):
		return Errorf(EINVALID, "the date must be YYYY-MM-DD")
	case !isSHA256Hex(b.ReferenceSHA256):
		return Errorf(EINVALID, "enter the bank reference").In("reference")
	case !sensibleText(b.OverDelivery, 0, 300):
		return Errorf(EINVALID, "the note on the over-delivery must be at most 300 characters").In("over_delivery")
	}
	if err := CheckAmount(b.Currency, b.AmountMinor); err != nil {
		return err
	}
	return distinctCodes([]string{b.Pledge, b.Lot})
}

// ReceivedPledge returns the pledge an entry receives, if any, whose
// facts Step needs in c.Pledges.
func ReceivedPledge(body Body) string {
	switch b := body.(type) {
	case *LotReceived:
		return b.Pledge
	case *MoneyReceived:
		return b.Pledge
	}
	return ""
}

// MoneySpent is the body of money.spent: an organisation spends amounts of
// money lots it holds, all in one currency. A purchase (SpendSupplies)
// names the supplier (a company, public), the invoice's SHA-256 and the
// supply lots bought, which start their custody at the buyer; an overhead
// names its category and says what it was for. Subjects: the money lots
// and the lots bought.
type MoneySpent struct {
	Category      string    `json:"category"`
	Currency      string    `json:"currency"`
	Lines         []SentLot `json:"lines"` // money lots and amounts in minor units
	Supplier      string    `json:"supplier,omitempty"`
	InvoiceSHA256 string    `json:"invoice_sha256,omitempty"`
	Purpose       string    `json:"purpose,omitempty"`
	Date          string    `json:"date"` // YYYY-MM-DD, of the invoice or payment
	Bought        []NewLot  `json:"bought,omitempty"`
}

// Total is the amount spent, in minor units.
func (b *MoneySpent) Total() int64 {
	var t int64
	for _, l := range b.Lines {
		t += l.Quantity
	}
	return t
}

// Validate checks the spending on its own.
func (b *MoneySpent) Validate() error {
	if !slices.Contains(SpendCategories, b.Category) {
		return Errorf(EINVALID, "choose what the money was spent on").In("category")
	}
	if _, ok := Currencies[b.Currency]; !ok {
		return Errorf(EINVALID, "choose a currency")
	}
	if len(b.Lines) == 0 || len(b.Lines) > 100 {
		return Errorf(EINVALID, "spend from 1 to 100 money lots")
	}
	var codes []string
	var total int64
	for _, l := range b.Lines {
		if !isCode(l.Lot) {
			return Errorf(EINVALID, "bad lot code")
		}
		if l.Quantity < 1 || l.Quantity > MaxAmountMinor {
			return Errorf(EINVALID, "the amount must be positive and at most %d in minor units", MaxAmountMinor)
		}
		total += l.Quantity
		codes = append(codes, l.Lot)
	}
	switch {
	case total > MaxAmountMinor:
		return Errorf(EINVALID, "the amount must be positive and at most %d in minor units", MaxAmountMinor)
	case !isDate(b.Date):
		return Errorf(EINVALID, "the date must be YYYY-MM-DD")
	case b.InvoiceSHA256 != "" && !isSHA256Hex(b.InvoiceSHA256):
		return Errorf(EINVALID, "bad invoice hash")
	case !sensibleText(b.Purpose, 0, 200):
		return Errorf(EINVALID, "say what it was for in at most 200 characters").In("purpose")
	}
	if b.Category != SpendSupplies {
		if len(b.Bought) > 0 {
			return Errorf(EINVALID, "only a purchase of supplies creates lots")
		}
		if !sensibleText(b.Supplier, 0, 120) || !sensibleText(b.Purpose, 2, 200) {
			return Errorf(EINVALID, "say what the overhead was for (2 to 200 characters)").In("purpose")
		}
		return distinctCodes(codes)
	}
	switch {
	case !sensibleText(b.Supplier, 2, 120):
		return Errorf(EINVALID, "name the supplier (2 to 120 characters)").In("supplier")
	case b.InvoiceSHA256 == "":
		return Errorf(EINVALID, "attach the invoice").In("invoice")
	case len(b.Bought) == 0 || len(b.Bought) > 100:
		return Errorf(EINVALID, "record 1 to 100 lots bought")
	}
	for _, l := range b.Bought {
		if err := l.validate(); err != nil {
			return err
		}
		codes = append(codes, l.Code)
	}
	return distinctCodes(codes)
}

// CheckMoneyParty says whether m may handle money: a custodian (a
// charity's warehouse or a recipient).
func CheckMoneyParty(m Member) error { return m.Require(m.Custodian()) }

// moneyGuard keeps money lots out of the steps of goods: money is not
// packed or used (it is spent), travels without a carrier, and never
// shares a shipment with goods.
func (c *Custody) moneyGuard(body Body) error {
	isMoney := func(code string) bool { l, ok := c.Lots[code]; return ok && l.IsMoney() }
	switch b := body.(type) {
	case *LotUsed:
		if isMoney(b.Lot) {
			return Errorf(EINVALID, "money is spent with a purchase or an overhead, not used")
		}
	case *LotPacked:
		if slices.ContainsFunc(b.Lots, isMoney) {
			return Errorf(EINVALID, "money lots cannot be packed")
		}
	case *HandoffDispatched:
		n := 0
		for _, l := range b.Lines {
			if isMoney(l.Lot) {
				n++
			}
		}
		if n > 0 && (n < len(b.Lines) || b.Via != 0) {
			return Errorf(EINVALID, "money is transferred on its own, without a carrier")
		}
	}
	return nil
}

// stepMoney checks the money entry types (called by Step).
func (c *Custody) stepMoney(index int64, time string, actor Actor, typ string, body Body) (*Step, error) {
	switch b := body.(type) {
	case *MoneyReceived:
		return c.stepMoneyReceived(index, time, actor, b)
	case *MoneySpent:
		return c.stepMoneySpent(index, time, actor, b)
	}
	return nil, Errorf(EINVALID, "unknown entry type %q", typ)
}

func (c *Custody) stepMoneyReceived(index int64, time string, actor Actor, b *MoneyReceived) (*Step, error) {
	p, ok := c.Pledges[b.Pledge]
	if !ok {
		return nil, Errorf(ENOTFOUND, "no pledge %s", FormatCode(b.Pledge))
	}
	if p.Body.Kind != PledgeMoney {
		return nil, Errorf(EINVALID, "this is a pledge of goods; receive it as lots")
	}
	if err := p.ReceivableBy(actor.Org); err != nil {
		return nil, err
	}
	if p.Body.Currency != b.Currency {
		return nil, Errorf(EINVALID, "this pledge is in %s", p.Body.Currency)
	}
	if err := CheckPastDate(b.Date, entryTime(time)); err != nil {
		return nil, err
	}
	if err := c.fresh(b.Lot); err != nil {
		return nil, err
	}
	r, err := p.receipt(map[int]int64{0: b.AmountMinor}, b.OverDelivery)
	if err != nil {
		return nil, err
	}
	return &Step{Subjects: []string{Subject(SubjectPledge, b.Pledge), lotSubject(b.Lot)}, Received: &r, apply: func() {
		p.receive(r)
		// Money arrives in one transfer: what arrived is shown beside
		// what was pledged, and the pledge is closed.
		p.Status = PledgeStatusClosed
		c.Lots[b.Lot] = &Lot{Code: b.Lot, Item: ItemMoney, Unit: b.Currency, Condition: ConditionGood, Pledge: b.Pledge,
			Holder: actor.Org, Held: b.AmountMinor, Since: time, Created: index}
	}}, nil
}

func (c *Custody) stepMoneySpent(index int64, time string, actor Actor, b *MoneySpent) (*Step, error) {
	if err := CheckPastDate(b.Date, entryTime(time)); err != nil {
		return nil, err
	}
	var subjects []string
	for _, sl := range b.Lines {
		l, err := c.heldLot(actor, sl.Lot)
		if err != nil {
			return nil, err
		}
		if !l.IsMoney() {
			return nil, Errorf(EINVALID, "%s is not a money lot", FormatCode(sl.Lot))
		}
		if l.Unit != b.Currency {
			return nil, Errorf(EINVALID, "money lot %s is in %s, not %s", FormatCode(sl.Lot), l.Unit, b.Currency)
		}
		if err := take(l, sl.Quantity); err != nil {
			return nil, err
		}
		subjects = append(subjects, lotSubject(sl.Lot))
	}
	for _, nl := range b.Bought {
		if err := c.checkNewLot(nl, time, ""); err != nil {
			return nil, err
		}
		subjects = append(subjects, lotSubject(nl.Code))
	}
	return &Step{Subjects: subjects, apply: func() {
		for _, sl := range b.Lines {
			c.Lots[sl.Lot].Held -= sl.Quantity
		}
		for _, nl := range b.Bought {
			c.Lots[nl.Code] = &Lot{Code: nl.Code, Item: nl.Item, Spec: nl.Spec, Unit: nl.Unit, Batch: nl.Batch, GTIN: nl.GTIN, Expiry: nl.Expiry,
				Condition: nl.Condition, Holder: actor.Org, Held: nl.Quantity, Since: time, Created: index}
		}
	}}, nil
}

// checkNewLot checks a lot about to be created at time: a fresh code, a
// catalogue item, counted in its unit, an expiry within reason (an error
// about expiryField, the form's input, if not "").
func (c *Custody) checkNewLot(nl NewLot, time, expiryField string) error {
	if err := c.fresh(nl.Code); err != nil {
		return err
	}
	it, ok := c.Items[nl.Item]
	if !ok {
		return Errorf(EINVALID, "unknown item %q", nl.Item)
	}
	if it.Unit != nl.Unit {
		return Errorf(EINVALID, "%s is counted in %s", nl.Item, it.Unit)
	}
	if nl.Expiry != "" {
		return InField(CheckExpiry(nl.Expiry, entryTime(time)), expiryField)
	}
	return nil
}

// ParseAmount reads a decimal amount typed in a form ("1,234.5", "1234")
// as minor units of currency; it returns EINVALID for anything else,
// including more decimals than the currency has.
func ParseAmount(currency, s string) (int64, error) {
	exp, ok := Currencies[currency]
	if !ok {
		return 0, Errorf(EINVALID, "choose a currency").In("currency")
	}
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, hasFrac := strings.Cut(s, ".")
	bad := Errorf(EINVALID, "enter the amount as a number with at most %d decimals", exp).In("amount")
	if whole == "" || len(whole) > 13 || len(frac) > exp || (hasFrac && frac == "") || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, bad
	}
	frac += strings.Repeat("0", exp-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, bad
	}
	if err := CheckAmount(currency, n); err != nil {
		return 0, err
	}
	return n, nil
}
