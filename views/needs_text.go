package views

import "github.com/aidtrail/aidtrail/ledger"

// NeedsText is the needs board, pledging, receipts and the recipient's
// and auditor's need pages.
type NeedsText struct {
	Anonymous                                          string
	Urgency                                            map[string]string
	DescNeedLine                                       string
	DescNeedSubmitted, DescNeedUpdated, DescNeedClosed string
	DescPledgeMade, DescForNeed, DescPledgeCancelled   string
}

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
}

var _ = addErrorsZH(map[string]string{
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
	"this need is not open for pledges":                                                          "该需求目前不接受认捐",
	"this need was already submitted":                                                            "该需求已提交",
	"this pledge cannot be cancelled: part of it was already received":                           "该认捐无法取消：部分物资已签收",
	"this pledge is already cancelled":                                                           "该认捐已取消",
	"this pledge was cancelled and cannot be received":                                           "该认捐已取消，不能签收",
	"unknown pledge status %q":                                                                   "未知的认捐状态 %q",
})
