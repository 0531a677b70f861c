package views

// Money in words and figures: amounts are integer minor units, written with
// the currency's decimals (ledger.Currencies), never through a float.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// Money writes minor units of currency, e.g. Money("CNY", 123456) is
// "CNY 1,234.56".
func Money(currency string, minor int64) string {
	return currency + " " + Amount(currency, minor)
}

// Amount writes minor units of currency without the code: "1,234.56".
func Amount(currency string, minor int64) string {
	exp := ledger.Currencies[currency]
	neg := minor < 0
	if neg {
		minor = -minor
	}
	div := int64(1)
	for range exp {
		div *= 10
	}
	s := GroupDigits(minor / div)
	if exp > 0 {
		frac := strconv.FormatInt(minor%div, 10)
		s += "." + strings.Repeat("0", exp-len(frac)) + frac
	}
	if neg {
		s = "-" + s
	}
	return s
}

// moneyLot writes an amount of a money lot: "CNY 300.00 (lot 7KQ3PX9M4)".
func (d Describing) moneyLot(code string, q int64) string {
	return fmt.Sprintf(d.T.Public.LotRef, Money(d.Names.Lots[code].Unit, q), code)
}

// Category names a spending category in the reader's language.
func (t *Text) Category(c string) string {
	if s, ok := t.Funds.Categories[c]; ok {
		return s
	}
	return c
}

var _ = AddDescriber(ledger.TypeMoneyReceived, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.MoneyReceived)
	return fmt.Sprintf(d.T.Funds.DescReceived, d.actor(), Money(r.Currency, r.AmountMinor), r.Pledge, r.Date, r.Lot)
})

var _ = AddDescriber(ledger.TypeMoneySpent, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.MoneySpent)
	var from []string
	for _, l := range r.Lines {
		from = append(from, fmt.Sprintf(d.T.Public.LotRef, Money(r.Currency, l.Quantity), l.Lot))
	}
	if r.Category != ledger.SpendSupplies {
		return fmt.Sprintf(d.T.Funds.DescOverhead, d.actor(), Money(r.Currency, r.Total()), d.T.Category(r.Category), r.Purpose, d.list(from))
	}
	var bought []string
	for _, l := range r.Bought {
		bought = append(bought, fmt.Sprintf(d.T.Public.LotRef, fmt.Sprintf(d.T.Public.LotQty, QtyIn(d.Lang, l.Quantity, l.Unit), d.Item(l.Item)), l.Code))
	}
	return fmt.Sprintf(d.T.Funds.DescPurchase, d.actor(), d.list(bought), r.Supplier, Money(r.Currency, r.Total()), d.list(from), r.InvoiceSHA256[:16])
})

// mayHandleMoney reports whether the header shows m the money desk.
func mayHandleMoney(m ledger.Member) bool { return ledger.CheckMoneyParty(m) == nil }
