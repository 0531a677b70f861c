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
	Expired          string // days ago
	ExpiresIn        string // days
	OverdueBy        string // days
	PledgedAgo       string // days
	ReceivedOf       string // quantity
	ExpectedTitle    string
	ExpectedLead     string
	NoExpected       string
	Partly           string
	Receive          string
	Need             string
	Due              string
	LotsTitle        string
	LotsLead         string
	ItemsTitle       string
	More, First      string
	Select           string
}

var enStock = StockText{
	AwaitsCarrier: "On its way: the carrier has not confirmed delivery yet. You can confirm receipt once it has arrived.",
	Print:         "Print",
	PrintHint:     "To keep a copy on paper, print this page (Ctrl+P, or Share → Print on a phone).",
	PledgedTitle:  "What you pledged, where and by when",
	DeliveryPlace: "Delivery place",
	NeedDeadline:  "The need's deadline",
	LabelTo:       "To %s (shipment %d)",
	Expired:       "⚠ Expired %d days ago",
	ExpiresIn:     "⚠ Expires in %d days",
	OverdueBy:     "⚠ Overdue by %d days",
	PledgedAgo:    "pledged %d days ago",
	ReceivedOf:    "%s received",
	ExpectedTitle: "Expected deliveries",
	ExpectedLead:  "Pledges to be delivered here and not yet received in full, soonest handover date first.",
	NoExpected:    "No pledges are on their way here.",
	Partly:        "partly received",
	Receive:       "Receive",
	Need:          "For need",
	Due:           "Handover by",
	LotsTitle:     "Lots held",
	LotsLead:      "Soonest expiry first; expired lots and those expiring within 30 days are marked.",
	ItemsTitle:    "Totals by item",
	More:          "More →",
	First:         "← Back to the first",
	Select:        "Select",
}

var zhStock = StockText{
	AwaitsCarrier: "运输途中：承运方尚未确认送达。到货后即可确认签收。",
	Print:         "打印",
	PrintHint:     "如需纸质留存，请打印本页（Ctrl+P，手机上为“分享 → 打印”）。",
	PledgedTitle:  "认捐内容、交付地点与时间",
	DeliveryPlace: "交付地点",
	NeedDeadline:  "需求截止日期",
	LabelTo:       "发往 %s（第 %d 号运输）",
	Expired:       "⚠ 已过期 %d 天",
	ExpiresIn:     "⚠ %d 天后到期",
	OverdueBy:     "⚠ 已逾期 %d 天",
	PledgedAgo:    "%d 天前认捐",
	ReceivedOf:    "已签收 %s",
	ExpectedTitle: "待到货",
	ExpectedLead:  "应交付至本机构、尚未全部签收的认捐，按交付日期由近及远排列。",
	NoExpected:    "暂无运往本机构的认捐。",
	Partly:        "部分已签收",
	Receive:       "签收",
	Need:          "对应需求",
	Due:           "交付日期",
	LotsTitle:     "在库批次",
	LotsLead:      "按有效期由近及远排列；已过期及 30 天内到期的批次均有标注。",
	ItemsTitle:    "按物品合计",
	More:          "更多 →",
	First:         "← 返回第一页",
	Select:        "选择",
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
