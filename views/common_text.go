package views

// CommonText is what every page shares: the frame, navigation, errors.
type CommonText struct {
	SiteName        string
	Tagline         string
	NavHome         string
	NavNeeds        string
	NavLedger       string
	NavVerify       string
	NavData         string
	Menu            string // the header's menu button on a phone
	NavMainLabel    string // names the site's navigation for screen readers
	NavAccountLabel string
	SwitchLang      string // label of the button that switches to the other language
	SkipToContent   string
	FooterLog       string // "Log: %d entries"
	FooterRoot      string
	FooterVerify    string
	InternalError   string
	ErrorTitle      string
	NotFound        string
	BackHome        string
	HomeLead        string
	HomeLogTitle    string
	HomeLogSize     string
	HomeVerify      string
	// Hash chains on trace pages.
	ChainLead   string
	Verified    string // mark of a step whose inclusion proof checks
	NotVerified string
	VerifiedTip string
	PrevLink    string // "← %s (entry %d)"
	ChainStart  string
	// Unknown codes.
	UnknownCode string // "There is no lot or pledge %s."
	NearCodes   string
	CodeHelp    string
	// Where a pledge's goods are now.
	WhereTitle      string
	WhereNone       string
	WhereSummary    string // "Used at: %s. Held by: %s."
	WhereNobody     string
	WhereUsed       string // "%s used by %s"
	WhereHeld       string
	WhereTransit    string
	WhereWrittenOff string
}

var enCommon = CommonText{
	SiteName:        "Aidtrail",
	Tagline:         "Relief supplies and funds, traceable from donor to recipient",
	NavHome:         "Overview",
	NavNeeds:        "Needs",
	NavLedger:       "Ledger",
	NavVerify:       "Verify",
	NavData:         "Open data",
	Menu:            "Menu",
	NavMainLabel:    "Site",
	NavAccountLabel: "Your account",
	SwitchLang:      "中文",
	SkipToContent:   "Skip to content",
	FooterLog:       "Ledger: %d entries",
	FooterRoot:      "root",
	FooterVerify:    "How to verify",
	InternalError:   "Something went wrong on our side. Nothing you sent was lost; please try again.",
	ErrorTitle:      "Sorry",
	NotFound:        "There is no such page.",
	BackHome:        "Back to the overview",
	HomeLead:        "Every pledge, receipt, shipment and distribution is confirmed by the party that made it and appended to a public, tamper-evident ledger that anyone can verify.",
	HomeLogTitle:    "The ledger",
	HomeLogSize:     "entries, signed at root",
	HomeVerify:      "Verify it yourself",
	ChainLead:       "Each step names the hash of the step before it; each is checked against the latest signed checkpoint by an inclusion proof.",
	Verified:        "✓ verified",
	NotVerified:     "✗ NOT verified",
	VerifiedTip:     "Its inclusion proof checks against the latest signed checkpoint",
	PrevLink:        "links to %s (entry %d)",
	ChainStart:      "first entry of this chain",
	UnknownCode:     "There is no lot or pledge %s.",
	NearCodes:       "Did you mean one of these?",
	CodeHelp:        "A code has 9 characters, e.g. 7KQ3-PX9M-4; the last one is a check character, so most typos are caught.",
	WhereTitle:      "Where the donation is now",
	WhereNone:       "Nothing of it has been received yet.",
	WhereSummary:    "Used at: %s. Held by: %s.",
	WhereNobody:     "nobody yet",
	WhereUsed:       "%s used by %s",
	WhereHeld:       "%s held by %s",
	WhereTransit:    "%s on the way, sent by %s",
	WhereWrittenOff: "%s written off at %s",
}

var zhCommon = CommonText{
	SiteName:        "善迹",
	Tagline:         "救援物资与善款，从捐赠者到受助者全程可追溯",
	NavHome:         "总览",
	NavNeeds:        "需求",
	NavLedger:       "账本",
	NavVerify:       "验证",
	NavData:         "开放数据",
	Menu:            "菜单",
	NavMainLabel:    "网站",
	NavAccountLabel: "我的账户",
	SwitchLang:      "English",
	SkipToContent:   "跳到正文",
	FooterLog:       "账本：%d 条记录",
	FooterRoot:      "根哈希",
	FooterVerify:    "如何验证",
	InternalError:   "服务器出错了。您提交的内容没有丢失，请重试。",
	ErrorTitle:      "抱歉",
	NotFound:        "没有这个页面。",
	BackHome:        "返回总览",
	HomeLead:        "每一笔认捐、签收、运输和发放都由经手方亲自确认，并写入公开、防篡改、任何人都能验证的账本。",
	HomeLogTitle:    "账本",
	HomeLogSize:     "条记录，签名根哈希",
	HomeVerify:      "自己动手验证",
	ChainLead:       "每一步都记下上一步的哈希；每一步都以包含证明对照最新签名检查点校验。",
	Verified:        "✓ 已验证",
	NotVerified:     "✗ 未通过验证",
	VerifiedTip:     "其包含证明与最新签名检查点相符",
	PrevLink:        "指向 %s（第 %d 条）",
	ChainStart:      "此链的第一条记录",
	UnknownCode:     "没有编码为 %s 的批次或认捐。",
	NearCodes:       "您要找的是不是：",
	CodeHelp:        "编码共 9 位，例如 7KQ3-PX9M-4；最后一位是校验位，大多数输入错误都能发现。",
	WhereTitle:      "这份捐赠现在在哪里",
	WhereNone:       "尚未签收任何物资。",
	WhereSummary:    "已在以下机构使用：%s。由以下机构持有：%s。",
	WhereNobody:     "暂无",
	WhereUsed:       "%s 由%s使用",
	WhereHeld:       "%s 由%s持有",
	WhereTransit:    "%s 运输中，由%s发出",
	WhereWrittenOff: "%s 在%s报损",
}

var _ = addErrorsZH(map[string]string{
	"not saved — please try again later":                                                      "未保存——请稍后再试",
	"not confirmed as saved — a disk error stopped the server; check again after it restarts": "未能确认已保存——磁盘错误使服务器停止；请在其重启后再查看",
	"not saved — a disk error stopped the server; please try again after it restarts":         "未保存——磁盘错误使服务器停止；请在其重启后再试",
	"entry cannot be encoded: %v":                                                             "记录无法编码：%v",
	"entry is too large (%d bytes, at most %d)":                                               "记录过大（%d 字节，最多 %d）",
	"unknown entry format version %d":                                                         "未知的记录格式版本 %d",
	"unknown entry type %q":                                                                   "未知的记录类型 %q",
	"bad entry time %q":                                                                       "记录时间有误 %q",
	"bad actor":                                                                               "操作方有误",
	"entry has no subject":                                                                    "记录没有对象",
	"bad subject %q":                                                                          "对象有误 %q",
	"subject %q listed twice":                                                                 "对象 %q 重复",
	"prev link for %q, which is not a subject":                                                "%q 不是本记录的对象，却有前序链接",
	"bad prev link for %q":                                                                    "%q 的前序链接有误",
	"two prev links for %q":                                                                   "%q 有两个前序链接",
	"entry has no body":                                                                       "记录没有内容",
	"malformed entry body: %v":                                                                "记录内容格式有误：%v",
	"the store is closed":                                                                     "存储已关闭",
	"saving failed: %v":                                                                       "保存失败：%v",
	"no such tile":                                                                            "没有这个瓦片",
	"no checkpoint of size %d":                                                                "没有大小为 %d 的检查点",
	"there is no such page":                                                                   "没有这个页面",
	"no entry %d":                                                                             "没有第 %d 条记录",
	"no entry %d in a tree of size %d":                                                        "大小为 %[2]d 的树中没有第 %[1]d 条记录",
	"no tree of size %d":                                                                      "没有大小为 %d 的树",
	"item id must be 2 to 40 lowercase letters, digits or dashes":                             "物品编号须为 2 至 40 个小写字母、数字或连字符",
	"item names must be 1 to 100 characters":                                                  "物品名称须为 1 至 100 个字符",
	"unit must be 1 to 20 characters":                                                         "单位须为 1 至 20 个字符",
	"standard or category is too long":                                                        "标准或类别过长",
	"item %q already exists":                                                                  "物品 %q 已存在",
})

var _ = addErrorsZH(map[string]string{
	"this page link is damaged or was not made by this site: start again from the first page": "此翻页链接已损坏或并非本站生成：请从第一页重新开始",
})

// The start-up check (ledger/sqlite/startcheck.go).
var _ = addErrorsZH(map[string]string{
	"not saved — the server found its data damaged and stopped; please try again after it is restored": "未保存——服务器发现其数据已损坏并已停止；请在数据恢复后再试",
	"the server is checking its data after an unclean stop; try again in a minute":                     "服务器在非正常停止后正在检查数据，请稍后再试",
})
