package views

// FundsText is the money area: receiving, disbursing and spending money,
// balances, the funds page and a money pledge's trace.
type FundsText struct {
	DescReceived, DescPurchase, DescOverhead string
	Categories                               map[string]string

	Title, Lead, NavFunds, DeskNav                                  string
	ColOrg, ColCurrency, ColDonated, ColTransferredIn, ColDisbursed string
	ColSpent, ColHeld, ColInTransit, ColWrittenOff, ColCategory     string
	ColAmount, ColLot, ColPledge, ColDate, ColFrom, ColTo           string
	NoFunds, ChartTitle, ChartDesc, ChartDonors, ChartHeld          string
	TableTitle, ByCategory, Totals                                  string
	ChartMore                                                       string // the transfers drawn, of how many

	ManageTitle, ManageLead, YourBalances, YourLots, NoLots                string
	ReceiveTitle, ReceiveHelp, PledgeCode, AmountLabel, DateLabel          string
	BankRef, BankRefHelp, ReceiveButton, Received                          string
	DisburseTitle, DisburseHelp, FromLot, ToOrg, DisburseButton, Disbursed string
	IncomingTitle, NoIncoming, ReceivedAmount, ReasonLabel, NoteLabel      string
	ConfirmButton, RejectButton, Confirmed, Rejected, Outgoing             string
	SpendTitle, SpendHelp, CategoryLabel, SupplierLabel, InvoiceLabel      string
	InvoicePublic, PurposeLabel, BoughtTitle, ItemLabel, QuantityLabel     string
	SpecLabel, BatchLabel, ExpiryLabel, SpendButton, Spent, MoneyLine      string
	NoReason                                                               string

	TraceTitle, TraceLead, Pledged, ReceivedBy, Shortfall, Surplus      string
	NotReceived, Transfers, TransferLine, Spendings, InvoiceHash        string
	Supplier, DonorShare, LotsBought, FinalRecipients, HeldBy, UsedBy   string
	StillHeld, InTransitTo, Overhead, NoSpendings, ShareMethod, ViewLot string
	ReceiptRef, MoneyLots                                               string
}

var enFunds = FundsText{
	DescReceived: "%s confirmed receiving %s for pledge %s (value date %s) as money lot %s",
	DescPurchase: "%s bought %s from %s for %s, paid from %s; invoice SHA-256 %s…",
	DescOverhead: "%s spent %s on %s (%s), paid from %s",
	Categories: map[string]string{"supplies": "supplies", "bank_fee": "bank fees", "transport": "transport",
		"storage": "storage", "admin": "administration", "other": "other costs"},

	Title: "Funds", Lead: "Every yuan received, passed on and spent, by organisation, re-derived from the public ledger. Overheads are shown as such.",
	NavFunds: "Funds", DeskNav: "Money",
	ColOrg: "Organisation", ColCurrency: "Currency", ColDonated: "Received from donors", ColTransferredIn: "Received from organisations",
	ColDisbursed: "Passed on", ColSpent: "Spent", ColHeld: "Held now", ColInTransit: "of which in transit", ColWrittenOff: "Lost",
	ColCategory: "On", ColAmount: "Amount", ColLot: "Lot", ColPledge: "Pledge", ColDate: "Date", ColFrom: "From", ColTo: "To",
	NoFunds: "No money has been received yet.", ChartTitle: "Where the money went",
	ChartDesc:   "Flow of money from donors through organisations to what it was spent on; the same figures are in the table.",
	ChartDonors: "Donors", ChartHeld: "held", TableTitle: "The figures", ByCategory: "Spent by category", Totals: "Totals",
	ChartMore: "The chart draws the %d largest of the %d transfers between these organisations.",

	ManageTitle: "Your organisation's money", ManageLead: "Confirm money received, pass it on to another verified organisation, and record every purchase and overhead.",
	YourBalances: "Balances", YourLots: "Money lots you hold", NoLots: "You hold no money.",
	ReceiveTitle: "Confirm money received", ReceiveHelp: "Enter the amount that actually arrived, even if it differs from the pledge. The bank reference stays private; only its SHA-256 goes into the ledger.",
	PledgeCode: "Pledge code", AmountLabel: "Amount", DateLabel: "Value date", BankRef: "Bank reference",
	BankRefHelp: "as on the bank statement", ReceiveButton: "Confirm receipt", Received: "Receipt confirmed as money lot %s.",
	DisburseTitle: "Pass money on", DisburseHelp: "The receiving organisation confirms the amount that arrived.", FromLot: "From money lot",
	ToOrg: "To organisation", DisburseButton: "Send", Disbursed: "Transfer %d sent; it waits for the receiver's confirmation.",
	IncomingTitle: "Money on its way to you", NoIncoming: "Nothing is on its way to you.", ReceivedAmount: "Amount received",
	ReasonLabel: "Reason for a difference", NoteLabel: "Note", ConfirmButton: "Confirm", RejectButton: "Refuse",
	Confirmed: "Transfer %d confirmed.", Rejected: "Transfer %d refused; the money returns to the sender.", Outgoing: "Sent, waiting for confirmation",
	SpendTitle: "Record spending", SpendHelp: "A purchase of supplies needs the supplier and the invoice, and creates the lots bought; an overhead needs what it was for.",
	CategoryLabel: "Spent on", SupplierLabel: "Supplier (company)", InvoiceLabel: "Invoice (PDF or photo)", InvoicePublic: "Publish the invoice",
	PurposeLabel: "What for", BoughtTitle: "Supplies bought", ItemLabel: "Item", QuantityLabel: "Quantity", SpecLabel: "Specification",
	BatchLabel: "Batch", ExpiryLabel: "Expiry", SpendButton: "Record", Spent: "Spending recorded (entry %d).", MoneyLine: "Money lot and amount",
	NoReason: "no difference",

	TraceTitle: "Money pledge %s", TraceLead: "What this donation became, step by step, as the ledger records it.",
	Pledged: "Pledged", ReceivedBy: "Received by %s on %s", Shortfall: "%s less than pledged", Surplus: "%s more than pledged",
	NotReceived: "Not received yet.", Transfers: "Passed on", TransferLine: "%s to %s", Spendings: "Spent",
	InvoiceHash: "Invoice SHA-256", Supplier: "Supplier", DonorShare: "This donation's share", LotsBought: "Lots bought",
	FinalRecipients: "Where the supplies are", HeldBy: "held by %s", UsedBy: "used by %s", StillHeld: "Still held",
	InTransitTo: "in transit", Overhead: "overhead", NoSpendings: "Nothing of it has been spent yet.",
	ShareMethod: "When a purchase is paid from several donations, each donation's share is its exact amount; the goods bought are divided in proportion to those amounts, in whole units, by the largest-remainder method, so the shares add up exactly.",
	ViewLot:     "trace", ReceiptRef: "Bank reference SHA-256", MoneyLots: "Money lots",
}

var zhFunds = FundsText{
	DescReceived: "%s确认收到 %s（认捐 %s，到账日 %s），记为资金批次 %s",
	DescPurchase: "%s从%s采购 %s，金额 %s，资金来自 %s；发票 SHA-256 %s…",
	DescOverhead: "%s支出 %s 用于%s（%s），资金来自 %s",
	Categories: map[string]string{"supplies": "物资采购", "bank_fee": "银行手续费", "transport": "运输",
		"storage": "仓储", "admin": "行政", "other": "其他费用"},

	Title: "善款", Lead: "每一笔善款的接收、拨付与支出，按机构列出，均可由公开账本重新推算。管理费用单独列示。",
	NavFunds: "善款", DeskNav: "资金",
	ColOrg: "机构", ColCurrency: "币种", ColDonated: "收到捐款", ColTransferredIn: "收到拨款",
	ColDisbursed: "拨出", ColSpent: "支出", ColHeld: "现存", ColInTransit: "其中在途", ColWrittenOff: "损失",
	ColCategory: "用途", ColAmount: "金额", ColLot: "批次", ColPledge: "认捐", ColDate: "日期", ColFrom: "来自", ColTo: "去向",
	NoFunds: "尚未收到任何善款。", ChartTitle: "善款去向",
	ChartDesc:   "善款从捐赠者经各机构流向各项支出；表格中列有相同数据。",
	ChartDonors: "捐赠者", ChartHeld: "现存", TableTitle: "数据", ByCategory: "按用途支出", Totals: "合计",
	ChartMore: "图中只画出这些机构之间 %[2]d 笔拨付中最大的 %[1]d 笔。",

	ManageTitle: "本机构善款", ManageLead: "确认到账善款，拨付给其他已认证机构，并登记每一笔采购和费用。",
	YourBalances: "余额", YourLots: "持有的资金批次", NoLots: "目前没有持有善款。",
	ReceiveTitle: "确认善款到账", ReceiveHelp: "请填写实际到账金额，即使与认捐金额不同。银行流水号不公开，账本中只记录其 SHA-256。",
	PledgeCode: "认捐编码", AmountLabel: "金额", DateLabel: "到账日期", BankRef: "银行流水号",
	BankRefHelp: "与银行对账单一致", ReceiveButton: "确认到账", Received: "已确认到账，资金批次 %s。",
	DisburseTitle: "拨付善款", DisburseHelp: "由接收机构确认实际到账金额。", FromLot: "来自资金批次",
	ToOrg: "拨付给", DisburseButton: "拨付", Disbursed: "拨付 %d 已发出，等待接收方确认。",
	IncomingTitle: "待确认的拨款", NoIncoming: "没有待确认的拨款。", ReceivedAmount: "实收金额",
	ReasonLabel: "差异原因", NoteLabel: "备注", ConfirmButton: "确认", RejectButton: "拒收",
	Confirmed: "拨付 %d 已确认。", Rejected: "拨付 %d 已拒收，款项退回拨出方。", Outgoing: "已拨出，待确认",
	SpendTitle: "登记支出", SpendHelp: "采购物资须填写供应商并附发票，并生成所购批次；费用须说明用途。",
	CategoryLabel: "支出用途", SupplierLabel: "供应商（公司）", InvoiceLabel: "发票（PDF 或照片）", InvoicePublic: "公开发票",
	PurposeLabel: "用途说明", BoughtTitle: "所购物资", ItemLabel: "物资", QuantityLabel: "数量", SpecLabel: "规格",
	BatchLabel: "批号", ExpiryLabel: "有效期", SpendButton: "登记", Spent: "支出已登记（记录 %d）。", MoneyLine: "资金批次与金额",
	NoReason: "无差异",

	TraceTitle: "善款认捐 %s", TraceLead: "这笔捐款的去向，逐步列出，均以账本记录为准。",
	Pledged: "认捐金额", ReceivedBy: "%s于 %s 确认到账", Shortfall: "比认捐少 %s", Surplus: "比认捐多 %s",
	NotReceived: "尚未到账。", Transfers: "拨付", TransferLine: "%s 拨付给%s", Spendings: "支出",
	InvoiceHash: "发票 SHA-256", Supplier: "供应商", DonorShare: "本笔捐款所占份额", LotsBought: "所购批次",
	FinalRecipients: "物资去向", HeldBy: "由%s持有", UsedBy: "由%s使用", StillHeld: "尚未支出",
	InTransitTo: "在途", Overhead: "费用", NoSpendings: "这笔捐款尚未支出。",
	ShareMethod: "一笔采购动用多笔捐款时，每笔捐款的份额就是其确切金额；所购物资按这些金额比例以最大余额法分配为整数，各份额之和恰好等于总量。",
	ViewLot:     "追溯", ReceiptRef: "银行流水号 SHA-256", MoneyLots: "资金批次",
}

var _ = addErrorsZH(map[string]string{
	"enter the bank reference":                                "请填写银行流水号",
	"this is a pledge of goods; receive it as lots":           "这是物资认捐，请按批次接收",
	"the money of this pledge has already been received":      "这笔认捐的善款已确认到账",
	"this pledge is in %s":                                    "这笔认捐的币种是 %s",
	"choose what the money was spent on":                      "请选择支出用途",
	"spend from 1 to 100 money lots":                          "一次支出须动用 1 到 100 个资金批次",
	"bad invoice hash":                                        "发票哈希无效",
	"say what it was for in at most 200 characters":           "用途说明最多 200 个字符",
	"only a purchase of supplies creates lots":                "只有采购物资才会生成批次",
	"say what the overhead was for (2 to 200 characters)":     "请说明这笔费用的用途（2 到 200 个字符）",
	"name the supplier (2 to 120 characters)":                 "请填写供应商名称（2 到 120 个字符）",
	"attach the invoice":                                      "请附上发票",
	"record 1 to 100 lots bought":                             "请登记 1 到 100 个采购批次",
	"money is spent with a purchase or an overhead, not used": "善款只能通过采购或费用支出，不能登记为使用",
	"money lots cannot be packed":                             "资金批次不能装箱",
	"money is transferred on its own, without a carrier":      "善款须单独拨付，不经承运方",
	"%s is not a money lot":                                   "%s 不是资金批次",
	"money lot %s is in %s, not %s":                           "资金批次 %s 的币种是 %s，不是 %s",
	"the date cannot be in the future":                        "日期不能晚于今天",
	"enter the amount as a number with at most %d decimals":   "金额须为数字，最多 %d 位小数",
})
