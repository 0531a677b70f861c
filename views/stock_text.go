package views

import "context"

// StockText is the warehouse's and hospital's day on /stock (expected
// deliveries, stock cards, expiry marks), the pledge receipt's restatement
// and the printable pages.
type StockText struct {
	AwaitsCarrier    string
	Print, PrintHint string
	PledgedTitle     string
	DeliveryPlace    string
	NeedDeadline     string
	LabelTo          string
}

var enStock = StockText{
	AwaitsCarrier: "On its way: the carrier has not confirmed delivery yet. You can confirm receipt once it has arrived.",
	Print:         "Print",
	PrintHint:     "To keep a copy on paper, print this page (Ctrl+P, or Share → Print on a phone).",
	PledgedTitle:  "What you pledged, where and by when",
	DeliveryPlace: "Delivery place",
	NeedDeadline:  "The need's deadline",
	LabelTo:       "To %s (shipment %d)",
}

var zhStock = StockText{
	AwaitsCarrier: "运输途中：承运方尚未确认送达。到货后即可确认签收。",
	Print:         "打印",
	PrintHint:     "如需纸质留存，请打印本页（Ctrl+P，手机上为“分享 → 打印”）。",
	PledgedTitle:  "认捐内容、交付地点与时间",
	DeliveryPlace: "交付地点",
	NeedDeadline:  "需求截止日期",
	LabelTo:       "发往 %s（第 %d 号运输）",
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
