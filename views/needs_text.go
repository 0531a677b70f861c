package views

import "github.com/aidtrail/aidtrail/ledger"

// NeedsText is the needs board, pledging, receipts and the recipient's
// and auditor's need pages.
type NeedsText struct {
	Anonymous                                          string
	Urgency, NeedStatus, PledgeStatus, Handover        map[string]string
	DescNeedLine                                       string
	DescNeedSubmitted, DescNeedUpdated, DescNeedClosed string
	DescPledgeMade, DescForNeed, DescPledgeCancelled   string
	DescDeliverTo, DescPledgeHandedOn, DescOver        string
	AddItem                                            string
	Age                                                string
	AllItems                                           string
	AllRecipients                                      string
	Amount                                             string
	AnonymousDonor                                     string
	Approve                                            string
	AsJSON                                             string
	BackToBoard                                        string
	BoardLead                                          string
	BoardTitle                                         string
	ByDate                                             string
	CancelButton                                       string
	CancelHint                                         string
	CancelTitle                                        string
	CatalogueLead                                      string
	CatalogueTitle                                     string
	Category                                           string
	ChainTitle                                         string
	ClearFilter                                        string
	CloseButton                                        string
	CloseTitle                                         string
	Code                                               string
	Currency                                           string
	Days                                               string
	Deadline                                           string
	Delivered                                          string
	DeliveryPlace                                      string
	DisplayName                                        string
	Donor                                              string
	DraftHint                                          string
	Due                                                string
	EntryN                                             string
	Filter                                             string
	ForLine                                            string
	Gap                                                string
	GapLead                                            string
	GapNone                                            string
	GapTitle                                           string
	General                                            string
	GoodsLegend                                        string
	HandoverDate                                       string
	HandoverLegend                                     string
	HandoverMethod                                     string
	Item                                               string
	ItemID                                             string
	ItemN                                              string
	KindGoods                                          string
	KindLegend                                         string
	KindMoney                                          string
	LineN                                              string
	LinesCaption                                       string
	Met                                                string
	MoneyLegend                                        string
	MoneyPledged                                       string
	MyDonations                                        string
	MyNeeds                                            string
	NameEN                                             string
	NameHint                                           string
	NameLegend                                         string
	NameZH                                             string
	Named                                              string
	Need                                               string
	NewNeed                                            string
	NoDonations                                        string
	NoNeeds                                            string
	NoOwnNeeds                                         string
	Notes                                              string
	NoticeCancelled                                    string
	NoticeClosed                                       string
	NoticeItemAdded                                    string
	NoticeSaved                                        string
	NoticeSubmitted                                    string
	NoticeUpdated                                      string
	OfQuantity                                         string
	Overdue                                            string
	Place                                              string
	PlaceHint                                          string
	PledgeButton                                       string
	PledgeForNeed                                      string
	PledgeGeneral                                      string
	PledgeGeneralLead                                  string
	PledgeHeading                                      string
	PledgeTitle                                        string
	PledgeToNeed                                       string
	Pledged                                            string
	PledgedOn                                          string
	Progress                                           string
	ProveButton                                        string
	ProveLead                                          string
	ProveNo                                            string
	ProveTitle                                         string
	ProveYes                                           string
	PublicPage                                         string
	QRAlt                                              string
	Quantity                                           string
	Reason                                             string
	ReceiptLead                                        string
	ReceiptTitle                                       string
	Received                                           string
	ReceivedAsLots                                     string
	Recipient                                          string
	Reject                                             string
	ReviewEmpty                                        string
	ReviewFourEyes                                     string
	ReviewSection                                      string
	ReviewTitle                                        string
	ReviewedBy                                         string
	SaveNeed                                           string
	SecretOnce                                         string
	SecretTitle                                        string
	SeeNeeds                                           string
	Spec                                               string
	Standard                                           string
	StatusLabel                                        string
	StillNeeded                                        string
	DeliverTo, DeliverToRecipient, ChooseWarehouse     string
	BeyondNeedLine, ConfirmBeyondNeed, BeyondNeed      string
	MoreThanPledged, LineReceived                      string
	SubmitButton                                       string
	SubmitHint                                         string
	SubmitTitle                                        string
	TitleLabel                                         string
	TotalGap                                           string
	TotalLine                                          string
	TotalQuantity                                      string
	TraceLink                                          string
	TrackingCode                                       string
	Unit                                               string
	UpdateHint                                         string
	UrgencyLabel                                       string
	Used                                               string
	What                                               string
}

// Status names a need status.
func (t NeedsText) Status(s string) string { return label(s, t.NeedStatus) }

var enNeeds = NeedsText{
	Anonymous:           "an anonymous donor",
	Urgency:             map[string]string{ledger.UrgencyCritical: "critical", ledger.UrgencyHigh: "high", ledger.UrgencyNormal: "normal"},
	DescNeedLine:        "%s of %s (%s, by %s, to %s)",
	DescNeedSubmitted:   "%s submitted need %d “%s” for review: %s",
	DescNeedUpdated:     "%s updated need %d; it now asks for %s",
	DescNeedClosed:      "%s closed need %d: %s",
	DescPledgeMade:      "%s pledged %s (pledge %s)",
	DescForNeed:         " for need %d",
	DescPledgeCancelled: "Pledge %s was cancelled by its donor: %s",
	DescDeliverTo:       ", to be delivered to %s",
	DescPledgeHandedOn:  "%s handed pledge %s on to %s, which will receive it",
	DescOver:            "; more than pledged: %s",
	NeedStatus:          map[string]string{"draft": "Draft", "submitted": "Waiting for review", "published": "Published", "rejected": "Rejected", "closed": "Closed"},
	PledgeStatus:        map[string]string{"pledged": "Pledged, not yet received", "received": "Partly received", "closed": "Received in full", "cancelled": "Cancelled"},
	Handover:            map[string]string{"drop-off": "I bring it to the warehouse", "courier": "I send it by courier", "pickup": "Please collect it (arranged privately)", "bank-transfer": "Bank transfer (money)"},
	AddItem:             "Add an item",
	Age:                 "Waiting",
	AllItems:            "All items",
	AllRecipients:       "All recipients",
	Amount:              "Amount",
	AnonymousDonor:      "Anonymous",
	Approve:             "Approve",
	AsJSON:              "This page as JSON",
	BackToBoard:         "Back to the needs board",
	BoardLead:           "What hospitals and communities have asked for, most urgent first, and how much of it donors have pledged and the warehouses have actually received. Pledges that have not arrived are listed below with their age.",
	BoardTitle:          "Needs",
	ByDate:              "by %s",
	CancelButton:        "Cancel this pledge",
	CancelHint:          "You can cancel until the first part of it is received. The cancellation is recorded in the ledger; the pledge stays visible as cancelled.",
	CancelTitle:         "Cancel the pledge",
	CatalogueLead:       "Needs and pledges name items from this list by their id, which never changes. Where an item must meet a standard, it is shown.",
	CatalogueTitle:      "Item catalogue",
	Category:            "Category",
	ChainTitle:          "Ledger entries of this pledge",
	ClearFilter:         "Clear filters",
	CloseButton:         "Close the need",
	CloseTitle:          "Close this need",
	Code:                "Code",
	Currency:            "Currency",
	Days:                "%d days",
	Deadline:            "Deadline",
	Delivered:           "Delivered",
	DeliveryPlace:       "Delivery place (city and district)",
	DisplayName:         "Name to show",
	Donor:               "Donor",
	DraftHint:           "A draft is private to your organisation until you submit it for review. Fill in one row per item; empty rows are ignored.",
	Due:                 "Handover by",
	EntryN:              "entry %d",
	Filter:              "Filter",
	ForLine:             "for need line %d",
	Gap:                 "Pledged, not yet received",
	GapLead:             "Pledges not yet received by the first warehouse or recipient, oldest first. Overdue ones are past the handover date the donor gave.",
	GapNone:             "Every pledge has been received.",
	GapTitle:            "Promised but not yet arrived",
	General:             "General donation (any need)",
	GoodsLegend:         "Supplies",
	HandoverDate:        "Handover date",
	HandoverLegend:      "Handover",
	HandoverMethod:      "How it will be handed over",
	Item:                "Item",
	ItemID:              "Item id",
	ItemN:               "Item %d",
	KindGoods:           "Supplies",
	KindLegend:          "What do you give?",
	KindMoney:           "Money",
	LineN:               "Line %d",
	LinesCaption:        "Lines of the need with their progress",
	Met:                 "Met",
	MoneyLegend:         "Money",
	MoneyPledged:        "Money pledged: ",
	MyDonations:         "My donations",
	MyNeeds:             "Our needs",
	NameEN:              "Name (English)",
	NameHint:            "Leave unticked to give anonymously: the public then sees only “Anonymous”. Your e-mail and account are never shown.",
	NameLegend:          "Named or anonymous",
	NameZH:              "Name (Chinese)",
	Named:               "Show my name publicly with this pledge",
	Need:                "Need",
	NewNeed:             "New need",
	NoDonations:         "You have not pledged anything yet.",
	NoNeeds:             "No open needs match.",
	NoOwnNeeds:          "Your organisation has no needs yet.",
	Notes:               "Notes",
	NoticeCancelled:     "The pledge was cancelled.",
	NoticeClosed:        "Closed.",
	NoticeItemAdded:     "Item added.",
	NoticeSaved:         "Saved.",
	NoticeSubmitted:     "Submitted for review.",
	NoticeUpdated:       "Updated and published.",
	OfQuantity:          "%s of %s (%d%%)",
	Overdue:             "overdue",
	Place:               "Place",
	PlaceHint:           "City and district only; never a person's street address (this is public).",
	PledgeButton:        "Pledge",
	PledgeForNeed:       "For “%s” of %s. Enter the quantity you will give for each line; leave the others empty.",
	PledgeGeneral:       "Pledge in general",
	PledgeGeneralLead:   "A general pledge is not tied to one need: the warehouse allocates it where it is needed most.",
	PledgeHeading:       "Pledge %s",
	PledgeTitle:         "Pledge a donation",
	PledgeToNeed:        "Pledge to this need",
	Pledged:             "Pledged",
	PledgedOn:           "Pledged on",
	Progress:            "Progress",
	ProveButton:         "Check",
	ProveLead:           "Enter a pledge's tracking code and the secret from its receipt: this tells you whether the secret belongs to the pledge, so you can prove an anonymous pledge is yours.",
	ProveNo:             "No: this secret does not belong to that pledge.",
	ProveTitle:          "Prove a pledge is mine",
	ProveYes:            "Yes: this secret belongs to pledge %s.",
	PublicPage:          "public page",
	QRAlt:               "QR code of the trace page of %s",
	Quantity:            "Quantity",
	Reason:              "Reason",
	ReceiptLead:         "Thank you. Keep this page: its code and QR code let anyone follow your donation.",
	ReceiptTitle:        "Your pledge receipt",
	Received:            "Received",
	ReceivedAsLots:      "Received as lots",
	Recipient:           "Recipient",
	Reject:              "Reject",
	ReviewEmpty:         "No needs wait for review.",
	ReviewFourEyes:      "Above the review threshold two different auditors must approve; approvals so far: %d.",
	ReviewSection:       "Needs",
	ReviewTitle:         "Review this need",
	ReviewedBy:          "Submitted by",
	SaveNeed:            "Save",
	SecretOnce:          "This secret is shown only now and cannot be recovered: write it down or print this page. Only its fingerprint (SHA-256) is kept, in the ledger.",
	SecretTitle:         "Receipt secret",
	SeeNeeds:            "See the open needs",
	Spec:                "Specification or standard",
	Standard:            "Standard",
	StatusLabel:         "Status",
	StillNeeded:         "still needed: %s %s",
	DeliverTo:           "Where it will be delivered",
	DeliverToRecipient:  "%s (the hospital that asked)",
	ChooseWarehouse:     "Choose a warehouse",
	BeyondNeedLine:      "This is %s %s more than the line still needs.",
	ConfirmBeyondNeed:   "I know; pledge beyond the need anyway (the surplus is shown on the need as pledged beyond need)",
	BeyondNeed:          "pledged beyond need: %s %s",
	MoreThanPledged:     "more than pledged: %s %s",
	LineReceived:        "received: %s %s",
	SubmitButton:        "Submit for review",
	SubmitHint:          "After submitting, an auditor reviews the need (two auditors for large needs) before it is published. You cannot edit it while it is reviewed.",
	SubmitTitle:         "Submit for review",
	TitleLabel:          "Title",
	TotalGap:            "%d pledges not yet received; the oldest has waited %d days.",
	TotalLine:           "Pledged %d%% · received %d%% of what was asked.",
	TotalQuantity:       "Total quantity",
	TraceLink:           "Trace page",
	TrackingCode:        "Tracking code",
	Unit:                "Unit",
	UpdateHint:          "An update takes effect at once: you can lower quantities, change urgency, deadline, place and notes, or drop a line by emptying its quantity. To ask for more, submit a new need.",
	UrgencyLabel:        "Urgency",
	Used:                "Used",
	What:                "What",
}

var zhNeeds = NeedsText{
	Anonymous:           "一位匿名捐赠者",
	Urgency:             map[string]string{ledger.UrgencyCritical: "特急", ledger.UrgencyHigh: "紧急", ledger.UrgencyNormal: "一般"},
	DescNeedLine:        "%s %s（%s，%s 前，送至 %s）",
	DescNeedSubmitted:   "%s 提交需求 %d「%s」待审核：%s",
	DescNeedUpdated:     "%s 更新了需求 %d，现需要：%s",
	DescNeedClosed:      "%s 关闭了需求 %d：%s",
	DescPledgeMade:      "%s 认捐 %s（认捐编号 %s）",
	DescForNeed:         "，用于需求 %d",
	DescPledgeCancelled: "认捐 %s 已被捐赠者取消：%s",
	DescDeliverTo:       "，交付至 %s",
	DescPledgeHandedOn:  "%s 将认捐 %s 转交 %s 签收",
	DescOver:            "；超出认捐：%s",
	NeedStatus:          map[string]string{"draft": "草稿", "submitted": "待审核", "published": "已公开", "rejected": "已驳回", "closed": "已关闭"},
	PledgeStatus:        map[string]string{"pledged": "已认捐，尚未签收", "received": "已部分签收", "closed": "已全部签收", "cancelled": "已取消"},
	Handover:            map[string]string{"drop-off": "本人送至仓库", "courier": "快递寄送", "pickup": "请上门取件（私下约定）", "bank-transfer": "银行转账（资金）"},
	AddItem:             "添加物品",
	Age:                 "已等待",
	AllItems:            "全部物品",
	AllRecipients:       "全部受助机构",
	Amount:              "金额",
	AnonymousDonor:      "匿名",
	Approve:             "通过",
	AsJSON:              "本页 JSON",
	BackToBoard:         "返回需求公示",
	BoardLead:           "医院和社区提出的需求，按紧急程度排列，以及捐赠者已认捐、仓库已实际签收的数量。尚未到货的认捐及其等待时间列在下方。",
	BoardTitle:          "需求",
	ByDate:              "%s 前",
	CancelButton:        "取消此认捐",
	CancelHint:          "在首批物资签收之前可以取消。取消会记入账本，认捐仍以“已取消”状态公开可见。",
	CancelTitle:         "取消认捐",
	CatalogueLead:       "需求和认捐都按编号引用本目录中的物品，编号永不改变。有强制标准的物品标明其标准。",
	CatalogueTitle:      "物资目录",
	Category:            "类别",
	ChainTitle:          "此认捐的账本记录",
	ClearFilter:         "清除筛选",
	CloseButton:         "关闭需求",
	CloseTitle:          "关闭此需求",
	Code:                "编号",
	Currency:            "币种",
	Days:                "%d 天",
	Deadline:            "截止日期",
	Delivered:           "已送达",
	DeliveryPlace:       "交付地点（城市和区）",
	DisplayName:         "公开显示的名称",
	Donor:               "捐赠者",
	DraftHint:           "草稿仅本机构可见，提交审核后才会公开。每种物品填一行，空行将被忽略。",
	Due:                 "交付期限",
	EntryN:              "第 %d 条",
	Filter:              "筛选",
	ForLine:             "用于需求第 %d 行",
	Gap:                 "已认捐未签收",
	GapLead:             "尚未被首个仓库或受助机构签收的认捐，按时间先后排列。“逾期”表示已过捐赠者承诺的交付日期。",
	GapNone:             "所有认捐均已签收。",
	GapTitle:            "已承诺、未到货",
	General:             "通用捐赠（不限需求）",
	GoodsLegend:         "物资",
	HandoverDate:        "交付日期",
	HandoverLegend:      "交付",
	HandoverMethod:      "交付方式",
	Item:                "物品",
	ItemID:              "物品编号",
	ItemN:               "物品 %d",
	KindGoods:           "物资",
	KindLegend:          "您捐赠什么？",
	KindMoney:           "资金",
	LineN:               "第 %d 行",
	LinesCaption:        "需求各行及其进度",
	Met:                 "已满足",
	MoneyLegend:         "资金",
	MoneyPledged:        "已认捐资金：",
	MyDonations:         "我的捐赠",
	MyNeeds:             "本机构需求",
	NameEN:              "名称（英文）",
	NameHint:            "不勾选即为匿名捐赠：公众只看到“匿名”。您的邮箱和账户永不公开。",
	NameLegend:          "署名或匿名",
	NameZH:              "名称（中文）",
	Named:               "公开显示我的名称",
	Need:                "需求",
	NewNeed:             "新建需求",
	NoDonations:         "您还没有认捐。",
	NoNeeds:             "没有符合条件的需求。",
	NoOwnNeeds:          "本机构还没有需求。",
	Notes:               "备注",
	NoticeCancelled:     "认捐已取消。",
	NoticeClosed:        "已关闭。",
	NoticeItemAdded:     "物品已添加。",
	NoticeSaved:         "已保存。",
	NoticeSubmitted:     "已提交审核。",
	NoticeUpdated:       "已更新并公开。",
	OfQuantity:          "%s / %s（%d%%）",
	Overdue:             "逾期",
	Place:               "地点",
	PlaceHint:           "只填城市和区，不要填写个人的详细地址（此信息公开）。",
	PledgeButton:        "认捐",
	PledgeForNeed:       "用于 %[2]s 的「%[1]s」。请在各行填写您将捐赠的数量，其余留空。",
	PledgeGeneral:       "通用认捐",
	PledgeGeneralLead:   "通用认捐不限定某一需求，由仓库分配到最需要的地方。",
	PledgeHeading:       "认捐 %s",
	PledgeTitle:         "认捐",
	PledgeToNeed:        "认捐此需求",
	Pledged:             "已认捐",
	PledgedOn:           "认捐日期",
	Progress:            "进度",
	ProveButton:         "核验",
	ProveLead:           "输入认捐编号和回执上的密钥，即可核验该密钥是否属于此认捐，从而证明匿名认捐是您的。",
	ProveNo:             "否：此密钥不属于该认捐。",
	ProveTitle:          "证明认捐属于我",
	ProveYes:            "是：此密钥属于认捐 %s。",
	PublicPage:          "公开页面",
	QRAlt:               "%s 追溯页面的二维码",
	Quantity:            "数量",
	Reason:              "理由",
	ReceiptLead:         "谢谢您。请保存本页：凭编号和二维码，任何人都能追踪您的捐赠。",
	ReceiptTitle:        "认捐回执",
	Received:            "已签收",
	ReceivedAsLots:      "签收为以下批次",
	Recipient:           "受助机构",
	Reject:              "驳回",
	ReviewEmpty:         "没有待审核的需求。",
	ReviewFourEyes:      "超过审核阈值，须由两位不同的审核员通过；目前已通过：%d。",
	ReviewSection:       "需求",
	ReviewTitle:         "审核此需求",
	ReviewedBy:          "提交者",
	SaveNeed:            "保存",
	SecretOnce:          "此密钥只显示这一次，无法找回：请抄下或打印本页。账本中只保存其指纹（SHA-256）。",
	SecretTitle:         "回执密钥",
	SeeNeeds:            "查看需求",
	Spec:                "规格或标准",
	Standard:            "标准",
	StatusLabel:         "状态",
	StillNeeded:         "尚需：%s %s",
	DeliverTo:           "交付地点",
	DeliverToRecipient:  "%s（提出需求的医院）",
	ChooseWarehouse:     "请选择仓库",
	BeyondNeedLine:      "比该行尚需的数量多 %s %s。",
	ConfirmBeyondNeed:   "我知道；仍然超出需求认捐（多出部分会在需求上显示为“超出需求的认捐”）",
	BeyondNeed:          "超出需求的认捐：%s %s",
	MoreThanPledged:     "超出认捐：%s %s",
	LineReceived:        "已签收：%s %s",
	SubmitButton:        "提交审核",
	SubmitHint:          "提交后由审核员审核（大额需求须两位审核员），通过后公开。审核期间不能修改。",
	SubmitTitle:         "提交审核",
	TitleLabel:          "标题",
	TotalGap:            "%d 笔认捐尚未签收，最久的已等待 %d 天。",
	TotalLine:           "已认捐 %d%% · 已签收 %d%%（占需求量）。",
	TotalQuantity:       "总数量",
	TraceLink:           "追溯页面",
	TrackingCode:        "追踪编号",
	Unit:                "单位",
	UpdateHint:          "更新立即生效：可以减少数量，修改紧急程度、截止日期、地点和备注；清空某行数量即删除该行。如需更多，请提交新需求。",
	UrgencyLabel:        "紧急程度",
	Used:                "已使用",
	What:                "内容",
}

var _ = addErrorsZH(map[string]string{
	"the date %s must be between %s and today":                                                        "日期 %s 须在 %s 与今天之间",
	"the expiry date %s must be between %s and 30 years from now":                                     "有效期 %s 须在 %s 与 30 年后之间",
	"the note on the over-delivery must be at most 300 characters":                                    "超出认捐的说明最多 300 字",
	"everything pledged has been received; this pledge is closed":                                     "认捐物资已全部签收，该认捐已结清",
	"this pledge is to be delivered to another organisation":                                          "该认捐应交付给其他机构",
	"only %d %s of this pledge are left to receive, not %d; if more arrived, state the over-delivery": "该认捐尚待签收的只有 %d %s，不是 %d；如到货多于认捐，请说明超出情况",
	"not a pledge entry":                                 "不是认捐记录",
	"pledges carry only the donor's handle":              "认捐记录只含捐赠者代号",
	"line %d: the need has no open line %d of this item": "第 %d 行：该需求没有此物品的第 %d 行",
	"choose where the pledge will be delivered: the need's recipient or a verified warehouse":           "请选择交付地点：需求方或一家已认证的仓库",
	"line %d: each item is pledged on one line":                                                         "第 %d 行：每种物品只能认捐一行",
	"hand the pledge on to another verified warehouse or recipient":                                     "请将认捐转交给另一家已认证的仓库或受助机构",
	"this pledge gives more than the need still needs; confirm that you want to pledge beyond the need": "该认捐超出需求尚缺的数量；请确认您要超出需求认捐",
	"a need has 1 to %d lines":                            "一份需求须有 1 至 %d 行",
	"a pledge of goods has 1 to %d lines":                 "物资认捐须有 1 至 %d 行",
	"a pledge of goods has no amount of money":            "物资认捐不含金额",
	"a pledge of money has no lines of goods":             "资金认捐不含物资行",
	"bad donor handle":                                    "捐赠者代号有误",
	"bad line number %d":                                  "行号 %d 有误",
	"bad need id":                                         "需求编号有误",
	"bad number of approvals":                             "审核通过次数有误",
	"bad secret hash":                                     "密钥哈希有误",
	"choose a currency":                                   "请选择币种",
	"choose goods or money":                               "请选择物资或资金",
	"choose how it will be handed over":                   "请选择交付方式",
	"enter the name to show, or choose to stay anonymous": "请填写要公开显示的名称，或选择匿名",
	"give a reason for closing (2 to 300 characters)":     "请填写关闭理由（2 至 300 个字符）",
	"line %d is listed twice":                             "第 %d 行重复",
	"line %d was not in the approved need: submit a new need to ask for more":                    "第 %d 行不在已批准的需求中：如需更多，请提交新需求",
	"line %d: a need line needs a need":                                                          "第 %d 行：指定需求行时须指定需求",
	"line %d: choose an item from the catalogue":                                                 "第 %d 行：请从物资目录中选择物品",
	"line %d: choose an urgency":                                                                 "第 %d 行：请选择紧急程度",
	"line %d: need line %d asks for another item":                                                "第 %d 行：需求第 %d 行需要的是另一种物品",
	"line %d: the deadline must be a date (YYYY-MM-DD)":                                          "第 %d 行：截止日期须为日期（年-月-日）",
	"line %d: the delivery place (city and district) must be 2 to 80 characters":                 "第 %d 行：交付地点（城市和区）须为 2 至 80 个字符",
	"line %d: the item cannot change; submit a new need instead":                                 "第 %d 行：物品不能更改，请提交新需求",
	"line %d: the need has no open line %d":                                                      "第 %d 行：该需求没有未关闭的第 %d 行",
	"line %d: the notes are too long":                                                            "第 %d 行：备注过长",
	"line %d: the quantity cannot rise above the approved %d; submit a new need to ask for more": "第 %d 行：数量不能超过已批准的 %d；如需更多，请提交新需求",
	"line %d: the quantity must be between 1 and %d":                                             "第 %d 行：数量须在 1 至 %d 之间",
	"line %d: the specification is too long":                                                     "第 %d 行：规格过长",
	"no need %d":                                                                                 "没有编号为 %d 的需求",
	"only a draft can be edited; this need is %s":                                                "只有草稿可以编辑；该需求状态为 %s",
	"only a published need can be updated":                                                       "只有已发布的需求可以更新",
	"only a submitted or published need can be closed":                                           "只有已提交或已发布的需求可以关闭",
	"the amount must be positive and at most %d in minor units":                                  "金额须为正数，且不超过 %d（最小货币单位）",
	"the date %s must be between today and two years from now":                                   "日期 %s 须在今天至两年之内",
	"the display name must be at most 80 characters":                                             "显示名称最多 80 个字符",
	"the handover date must be a date (YYYY-MM-DD)":                                              "交付日期须为日期（年-月-日）",
	"the title must be 2 to 120 characters":                                                      "标题须为 2 至 120 个字符",
	"there is no item %q in the catalogue":                                                       "物资目录中没有物品 %q",
	"this need belongs to another organisation":                                                  "该需求属于另一机构",
	"this pledge belongs to another donor":                                                       "该认捐属于另一位捐赠者",
	"this need is not open for pledges":                                                          "该需求目前不接受认捐",
	"this need was already submitted":                                                            "该需求已提交",
	"this pledge cannot be cancelled: part of it was already received":                           "该认捐无法取消：部分物资已签收",
	"this pledge is already cancelled":                                                           "该认捐已取消",
	"this pledge was cancelled and cannot be received":                                           "该认捐已取消，不能签收",
	"unknown pledge status %q":                                                                   "未知的认捐状态 %q",
})
