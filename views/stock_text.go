package views

import "context"

// StockText is the warehouse's and hospital's day on /stock (expected
// deliveries, stock cards, expiry marks), the pledge receipt's restatement
// and the printable pages.
type StockText struct {
	AwaitsCarrier string
}

var enStock = StockText{
	AwaitsCarrier: "On its way: the carrier has not confirmed delivery yet. You can confirm receipt once it has arrived.",
}

var zhStock = StockText{
	AwaitsCarrier: "运输途中：承运方尚未确认送达。到货后即可确认签收。",
}

// StockT is the stock pages' text in the reader's language.
func StockT(ctx context.Context) *StockText {
	if LangOf(ctx) == ZH {
		return &zhStock
	}
	return &enStock
}

var _ = addErrorsZH(map[string]string{
	"the carrier has not delivered this shipment yet; confirm receipt once it has arrived": "承运方尚未送达本次运输，请在到货后确认签收",
})
