package views

// FormsText is what every form shares: the question asked when the same
// form comes back with a new key (the back button, then submit again).
type FormsText struct {
	ResentTitle string
	ResentLead  string // "You sent this same form %s. It was recorded once."
	ResentSee   string // link to what the first submission made
	ResentAgain string // the box to tick for a second, separate one
	ResentFile  string // "Choose the file again: %s" (its name): a page cannot send a file back
	ResentSend  string
	JustNow     string // "less than a minute ago"
	MinutesAgo  string // "%d minutes ago"
	// Handing a pledge on to another organisation, on its receipt form.
	HandOnTitle, HandOnHelp, HandOnTo, HandOnChoose, HandOnReason, HandOnButton string
}

var enForms = FormsText{
	ResentTitle:  "You already sent this",
	ResentLead:   "You sent this same form %s. It was recorded once; nothing more was made.",
	ResentSee:    "See what it made",
	ResentAgain:  "I mean a second, separate one",
	ResentFile:   "To send it again, choose the file again: %s",
	ResentSend:   "Send it again",
	JustNow:      "less than a minute ago",
	MinutesAgo:   "%d minutes ago",
	HandOnTitle:  "Hand this pledge on",
	HandOnHelp:   "If another organisation should receive this delivery instead (it was redirected, or you cannot take it), hand the pledge on: from then on only that organisation can receive it. This is recorded in the public ledger.",
	HandOnTo:     "Organisation that will receive it",
	HandOnChoose: "Choose an organisation",
	HandOnReason: "Why (public, optional)",
	HandOnButton: "Hand it on",
}

var zhForms = FormsText{
	ResentTitle:  "您已提交过",
	ResentLead:   "您在%s提交过内容完全相同的表单，已记录一次，没有再生成新的记录。",
	ResentSee:    "查看上次提交的结果",
	ResentAgain:  "我确实要再提交一份新的",
	ResentFile:   "如需再次提交，请重新选择文件：%s",
	ResentSend:   "再次提交",
	JustNow:      "不到一分钟前",
	MinutesAgo:   "%d 分钟前",
	HandOnTitle:  "转交此认捐",
	HandOnHelp:   "如果这批捐赠应由另一家机构签收（已改送别处，或本机构无法接收），请转交此认捐：此后只有该机构可以签收。转交会记入公开账本。",
	HandOnTo:     "改由哪家机构签收",
	HandOnChoose: "请选择机构",
	HandOnReason: "原因（公开，可不填）",
	HandOnButton: "转交",
}
