package views

// CustodyText is the phone flow of lots and shipments, the stock page and labels.
type CustodyText struct {
	Statuses            map[string]string // of shipments
	LotTitle            string
	PackTitle           string
	Item                string
	Spec                string
	Held                string
	InTransit           string
	Holder              string
	Nobody              string
	Condition           string
	Batch               string
	GTIN                string
	Expiry              string
	Origin              string
	Parent              string
	Children            string
	Contents            string
	PackedIn            string
	Since               string
	ChainTitle          string
	ChainLead           string
	CorrectedMark       string
	OnTheWay            string
	SignInToAct         string
	ActionsTitle        string
	SplitTitle          string
	SplitHelp           string
	SplitButton         string
	PrintLabel          string
	DownloadPNG         string
	DispatchTitle       string
	SendTo              string
	Carrier             string
	NoCarrier           string
	Quantity            string
	DispatchButton      string
	UseTitle            string
	UseLabel            string
	Date                string
	UseButton           string
	WriteOffTitle       string
	Cause               string
	Reason              string
	WriteOffButton      string
	UnpackButton        string
	CorrectTitle        string
	CorrectEntry        string
	CorrectReason       string
	CorrectQuantity     string
	CorrectButton       string
	ReceiveLink         string
	HandoffTitle        string
	From                string
	To                  string
	Status              string
	Dispatched          string
	Lot                 string
	Sent                string
	Received            string
	Note                string
	Difference          string
	PickupButton        string
	DeliverButton       string
	ReceiveTitle        string
	ReceiveHelp         string
	ReceiveButton       string
	RejectTitle         string
	RejectHelp          string
	RejectButton        string
	NoDifference        string
	StockTitle          string
	StockLots           string
	NoStock             string
	Incoming            string
	Outgoing            string
	Carrying            string
	None                string
	Packs               string
	NeedsTitle          string
	DispatchToNeed      string
	Remaining           string
	Selected            string
	PackDescription     string
	PackButton          string
	PrintSelected       string
	DoneTitle           string
	DoneSplit           string
	DoneDispatched      string
	DoneUsed            string
	DoneWrittenOff      string
	DoneUnpacked        string
	DonePacked          string
	DoneCorrected       string
	DonePickedUp        string
	DoneDelivered       string
	DoneReceived        string
	DoneRejected        string
	DoneReceivedPledge  string
	BackToLot           string
	ChooseReceiver      string // the dispatch form's "send to" before a choice
	ToStock             string
	LabelsTitle         string
	LabelsHelp          string
	ReceiveDelivery     string
	ReceivePledgeTitle  string
	ReceivePledgeHelp   string
	ReceivePledgeButton string
	Pledged             string
	ReceivedSoFar       string
	OverDelivery        string
	OverDeliveryHelp    string
	NavStock            string
	HeldFor             string
	Days                string
	Progress            string
}

var enCustody = CustodyText{
	Statuses:            map[string]string{"dispatched": "dispatched", "picked_up": "picked up by the carrier", "delivered": "delivered, awaiting receipt", "received": "received", "rejected": "rejected"},
	LotTitle:            "Lot %s",
	PackTitle:           "Pack %s",
	Item:                "Item",
	Spec:                "Spec",
	Held:                "Held",
	InTransit:           "In transit",
	Holder:              "Held by",
	Nobody:              "nobody (lost in transit)",
	Condition:           "Condition",
	Batch:               "Batch",
	GTIN:                "GTIN (manufacturer's barcode)",
	Expiry:              "Expiry",
	Origin:              "Origin pledge",
	Parent:              "Made from lot",
	Children:            "Lots made from it",
	Contents:            "In this pack",
	PackedIn:            "Packed in",
	Since:               "Held since",
	ChainTitle:          "Hash chain of this lot",
	ChainLead:           "Each entry names the previous entry of this lot by its hash; a wrong entry stays and is marked.",
	CorrectedMark:       "declared wrong by entry %d",
	OnTheWay:            "On the way",
	SignInToAct:         "Sign in to act on this lot",
	ActionsTitle:        "What you can do now",
	SplitTitle:          "Split",
	SplitHelp:           "Quantities of the new lots, separated by spaces; the rest stays in this lot.",
	SplitButton:         "Split",
	PrintLabel:          "Print label",
	DownloadPNG:         "Download label (PNG)",
	DispatchTitle:       "Dispatch",
	SendTo:              "Send to",
	Carrier:             "Carrier",
	NoCarrier:           "No carrier (handed over directly)",
	Quantity:            "Quantity",
	DispatchButton:      "Dispatch",
	UseTitle:            "Record distribution or use",
	UseLabel:            "Department or use",
	Date:                "Date",
	UseButton:           "Record use",
	WriteOffTitle:       "Write off",
	Cause:               "Cause",
	Reason:              "Reason",
	WriteOffButton:      "Write off",
	UnpackButton:        "Unpack",
	CorrectTitle:        "Correct a mistake",
	CorrectEntry:        "Wrong entry",
	CorrectReason:       "What was wrong",
	CorrectQuantity:     "Right quantity (leave empty if it never happened)",
	CorrectButton:       "Declare wrong and correct",
	ReceiveLink:         "Confirm receipt of shipment %d",
	HandoffTitle:        "Shipment %d",
	From:                "From",
	To:                  "To",
	Status:              "Status",
	Dispatched:          "Dispatched",
	Lot:                 "Lot",
	Sent:                "Sent",
	Received:            "Received",
	Note:                "Note",
	Difference:          "Difference",
	PickupButton:        "Confirm pickup",
	DeliverButton:       "Confirm delivery",
	ReceiveTitle:        "Confirm receipt",
	ReceiveHelp:         "Count what arrived. Give a reason for any difference in quantity or condition.",
	ReceiveButton:       "Confirm receipt",
	RejectTitle:         "Reject the whole shipment",
	RejectHelp:          "The goods return to the sender’s stock.",
	RejectButton:        "Reject",
	NoDifference:        "no difference",
	StockTitle:          "Stock of %s",
	StockLots:           "Lots",
	NoStock:             "No stock.",
	Incoming:            "Incoming shipments",
	Outgoing:            "Sent, awaiting receipt",
	Carrying:            "Shipments to pick up or deliver",
	None:                "None.",
	Packs:               "Packs",
	NeedsTitle:          "Open needs it could fill",
	DispatchToNeed:      "Dispatch to %s",
	Remaining:           "still needed",
	Selected:            "With the selected lots",
	PackDescription:     "Pack description (e.g. pallet 3)",
	PackButton:          "Pack together",
	PrintSelected:       "Print labels",
	DoneTitle:           "Done",
	DoneSplit:           "Split into new lots:",
	DoneDispatched:      "Shipment %d dispatched. Custody moves when the receiver confirms receipt.",
	DoneUsed:            "The use is recorded.",
	DoneWrittenOff:      "The write-off is recorded.",
	DoneUnpacked:        "The pack is open; its lots are loose again.",
	DonePacked:          "Packed as a new lot:",
	DoneCorrected:       "The entry is declared wrong and corrected; both stay in the ledger.",
	DonePickedUp:        "Pickup confirmed.",
	DoneDelivered:       "Delivery confirmed. The receiver confirms receipt.",
	DoneReceived:        "Receipt confirmed. What arrived is now in your stock.",
	DoneRejected:        "Shipment rejected; the goods return to the sender’s stock.",
	DoneReceivedPledge:  "Received as lots:",
	BackToLot:           "Back to the lot",
	ChooseReceiver:      "Choose where to send it",
	ToStock:             "Your stock",
	LabelsTitle:         "Labels",
	LabelsHelp:          "Print on A4 at 100% scale (no “fit to page”).",
	ReceiveDelivery:     "Receive this delivery as lots",
	ReceivePledgeTitle:  "Receive pledge %s",
	ReceivePledgeHelp:   "Record what arrived as lots: one line per item, with batch and expiry where relevant.",
	ReceivePledgeButton: "Receive and create lots",
	Pledged:             "Pledged",
	ReceivedSoFar:       "received so far",
	OverDelivery:        "More arrived than was pledged? Say so here",
	OverDeliveryHelp:    "Without this note nothing beyond what was pledged is received. With it, the surplus is shown publicly as more than pledged.",
	NavStock:            "Stock",
	HeldFor:             "held for %s",
	Days:                "%d days",
	Progress:            "Received %s · delivered %s · used %s",
}

var zhCustody = CustodyText{
	Statuses:            map[string]string{"dispatched": "已发运", "picked_up": "承运方已提货", "delivered": "已送达，待签收", "received": "已签收", "rejected": "已拒收"},
	LotTitle:            "批次 %s",
	PackTitle:           "包装件 %s",
	Item:                "物品",
	Spec:                "规格",
	Held:                "在库数量",
	InTransit:           "运输中",
	Holder:              "保管方",
	Nobody:              "无（运输中丢失）",
	Condition:           "状况",
	Batch:               "批号",
	GTIN:                "GTIN（厂家条码）",
	Expiry:              "有效期至",
	Origin:              "来源认捐",
	Parent:              "来自批次",
	Children:            "由此产生的批次",
	Contents:            "包内批次",
	PackedIn:            "装于",
	Since:               "保管起始",
	ChainTitle:          "本批次的哈希链",
	ChainLead:           "每条记录都以哈希指向本批次的上一条记录；错误记录保留并加以标注。",
	CorrectedMark:       "已由第 %d 条记录声明有误",
	OnTheWay:            "运输中",
	SignInToAct:         "登录后操作此批次",
	ActionsTitle:        "现在可以做的操作",
	SplitTitle:          "拆分",
	SplitHelp:           "新批次的数量，以空格分隔；余量留在本批次。",
	SplitButton:         "拆分",
	PrintLabel:          "打印标签",
	DownloadPNG:         "下载标签（PNG）",
	DispatchTitle:       "发运",
	SendTo:              "收货方",
	Carrier:             "承运方",
	NoCarrier:           "无承运方（直接交接）",
	Quantity:            "数量",
	DispatchButton:      "发运",
	UseTitle:            "登记发放或使用",
	UseLabel:            "科室或用途",
	Date:                "日期",
	UseButton:           "登记使用",
	WriteOffTitle:       "核销",
	Cause:               "原因",
	Reason:              "理由",
	WriteOffButton:      "核销",
	UnpackButton:        "拆包",
	CorrectTitle:        "更正错误",
	CorrectEntry:        "错误记录",
	CorrectReason:       "错在哪里",
	CorrectQuantity:     "正确数量（若未发生请留空）",
	CorrectButton:       "声明错误并更正",
	ReceiveLink:         "签收第 %d 号运输",
	HandoffTitle:        "第 %d 号运输",
	From:                "发货方",
	To:                  "收货方",
	Status:              "状态",
	Dispatched:          "发运时间",
	Lot:                 "批次",
	Sent:                "发出",
	Received:            "收到",
	Note:                "备注",
	Difference:          "差异",
	PickupButton:        "确认提货",
	DeliverButton:       "确认送达",
	ReceiveTitle:        "确认签收",
	ReceiveHelp:         "清点到货数量。数量或状况有任何差异，请说明原因。",
	ReceiveButton:       "确认签收",
	RejectTitle:         "整批拒收",
	RejectHelp:          "货物退回发货方库存。",
	RejectButton:        "拒收",
	NoDifference:        "无差异",
	StockTitle:          "%s 的库存",
	StockLots:           "批次",
	NoStock:             "暂无库存。",
	Incoming:            "待签收的运输",
	Outgoing:            "已发出、待对方签收",
	Carrying:            "待提货或送达的运输",
	None:                "无。",
	Packs:               "包装件",
	NeedsTitle:          "可满足的公开需求",
	DispatchToNeed:      "发运给 %s",
	Remaining:           "尚缺",
	Selected:            "对选中的批次",
	PackDescription:     "包装描述（如：3 号托盘）",
	PackButton:          "合并装箱",
	PrintSelected:       "打印标签",
	DoneTitle:           "已完成",
	DoneSplit:           "已拆分为新批次：",
	DoneDispatched:      "第 %d 号运输已发出。收货方确认签收后保管权才转移。",
	DoneUsed:            "已登记使用。",
	DoneWrittenOff:      "已登记核销。",
	DoneUnpacked:        "已拆包，包内批次恢复为散件。",
	DonePacked:          "已合并为新批次：",
	DoneCorrected:       "已声明该记录有误并更正；两者都保留在账本中。",
	DonePickedUp:        "已确认提货。",
	DoneDelivered:       "已确认送达，待收货方签收。",
	DoneReceived:        "已确认签收，到货已计入本机构库存。",
	DoneRejected:        "已拒收，货物退回发货方库存。",
	DoneReceivedPledge:  "已签收为以下批次：",
	BackToLot:           "返回批次",
	ChooseReceiver:      "请选择收货方",
	ToStock:             "本机构库存",
	LabelsTitle:         "标签",
	LabelsHelp:          "请用 A4 纸按 100% 比例打印（不要“适合页面”）。",
	ReceiveDelivery:     "签收这批到货并生成批次",
	ReceivePledgeTitle:  "签收认捐 %s",
	ReceivePledgeHelp:   "将到货登记为批次：每种物品一行，如有批号和有效期请填写。",
	ReceivePledgeButton: "签收并生成批次",
	Pledged:             "认捐数量",
	ReceivedSoFar:       "已签收",
	OverDelivery:        "到货多于认捐？请在此说明",
	OverDeliveryHelp:    "不填写说明，超出认捐的数量不予签收；填写后，多出部分将公开显示为“超出认捐”。",
	NavStock:            "库存",
	HeldFor:             "已保管 %s",
	Days:                "%d 天",
	Progress:            "已入库 %s · 已送达 %s · 已使用 %s",
}

var _ = addErrorsZH(map[string]string{
	"%s is a pack; unpack it first":                  "%s 是包装件，请先拆包",
	"%s is counted in %s":                            "%s 的计量单位是 %s",
	"%s is not a pack at hand":                       "%s 不是在库的包装件",
	"a pack is dispatched whole":                     "包装件只能整件发运",
	"a pack is received whole (1) or not at all (0)": "包装件只能整件签收（1）或未收到（0）",
	"a quantity must be a whole number from 1 to %d": "数量须为 1 至 %d 的整数",
	"at most 20 corrective entries":                  "更正记录最多 20 条",
	"bad entry index":                                "记录序号有误",
	"bad handoff id":                                 "交接单号有误",
	"bad lot code":                                   "批次编码有误",
	"bad pledge code":                                "认捐编码有误",
	"choose a reason for the difference":             "请选择差异原因",
	"choose a reason for the rejection":              "请选择拒收原因",
	"choose a receiving organisation and, if any, a different carrier": "请选择收货机构，如有承运方须为另一机构",
	"choose an item":                                                         "请选择物品",
	"choose the cause":                                                       "请选择原因",
	"choose the condition":                                                   "请选择状况",
	"confirm every lot of the shipment":                                      "请逐一确认本次运输的每个批次",
	"describe the pack (1 to 100 characters)":                                "请描述包装件（1 至 100 个字符）",
	"dispatch 1 to 100 lots":                                                 "每次发运 1 至 100 个批次",
	"entry %d has already been corrected":                                    "第 %d 条记录已被更正",
	"entry %d is not a use or write-off; only those can be corrected":        "第 %d 条记录不是使用或核销记录；只有这两类可以更正",
	"give a reason (2 to 500 characters)":                                    "请填写理由（2 至 500 个字符）",
	"give a reason for the difference in lot %s":                             "请说明批次 %s 的差异原因",
	"handoff %d already exists":                                              "交接单 %d 已存在",
	"lot %s holds only %d %s here, not %d":                                   "批次 %s 在此仅有 %d %s，不足 %d",
	"lot %s is not held by your organisation":                                "批次 %s 不在本机构保管",
	"lot %s is not in this shipment":                                         "批次 %s 不在本次运输中",
	"lot %s is packed in %s; unpack it first":                                "批次 %s 装在 %s 中，请先拆包",
	"more of lot %s arrived than was sent: explain it in a note":             "批次 %s 收到的数量多于发出的数量，请在备注中说明",
	"name the department or use (2 to 100 characters)":                       "请填写科室或用途（2 至 100 个字符）",
	"no handoff %d":                                                          "没有交接单 %d",
	"no lot %s":                                                              "没有批次 %s",
	"only organisations handle lots":                                         "只有机构可以经手批次",
	"only pledges of goods are received as lots":                             "只有物资认捐可以按批次签收",
	"only the carrier of this shipment can confirm pickup and delivery":      "只有本次运输的承运方可以确认提货和送达",
	"only the organisation that made entry %d can correct it":                "只有做出第 %d 条记录的机构可以更正它",
	"only the receiving organisation can confirm or reject this shipment":    "只有收货机构可以签收或拒收本次运输",
	"only whole lots at hand can be packed; %s is not":                       "只有整批在库的批次可以装箱；%s 不是",
	"pack 1 to 200 lots":                                                     "每个包装件装 1 至 200 个批次",
	"record 1 to 100 lots":                                                   "请登记 1 至 100 个批次",
	"split into 1 to 100 lots":                                               "拆分为 1 至 100 个批次",
	"the code %s is taken":                                                   "编码 %s 已被使用",
	"the code %s is used twice":                                              "编码 %s 重复",
	"the corrective entries must follow the declaration":                     "更正记录须紧随错误声明",
	"the date must be YYYY-MM-DD":                                            "日期格式须为 YYYY-MM-DD",
	"the expiry date must be YYYY-MM-DD":                                     "有效期格式须为 YYYY-MM-DD",
	"the note is too long":                                                   "备注过长",
	"the GTIN must be 14 digits ending in its check digit":                   "GTIN 应为 14 位数字，末位为校验位",
	"the spec must be at most 100 and the batch at most 60 characters":       "规格最多 100 个字符，批号最多 60 个字符",
	"this pledge cannot be received now":                                     "该认捐现在不能签收",
	"this pledge has already been received":                                  "该认捐已签收",
	"this pledge was cancelled; it cannot be received":                       "该认捐已取消，不能签收",
	"this shipment is %s, so this step is not possible (already confirmed?)": "本次运输状态为 %s，不能执行此步骤（是否已确认过？）",
	"this shipment was already %s":                                           "本次运输已%s",
	"unknown item %q":                                                        "未知物品 %q",
	"this form has expired; reload the page and try again":                   "表单已过期，请刷新页面后重试",
	"this form was already submitted; it was applied once":                   "表单已提交过，只执行了一次",
	"you sent this same form a moment ago; it was applied once":              "您刚刚提交过内容相同的表单，只执行了一次",
	"choose the organisation that will receive it":                           "请选择改由哪家机构签收",
	"the receiver must be a verified warehouse or recipient":                 "收货方须为已认证的仓库或受助机构",
	"the carrier must be a verified logistics firm":                          "承运方须为已认证的物流企业",
	"no pledge %s":            "没有认捐 %s",
	"%s was not pledged":      "认捐中没有 %s",
	"choose 1 to 200 lots":    "请选择 1 至 200 个批次",
	"choose where to send it": "请选择收货方",
})
