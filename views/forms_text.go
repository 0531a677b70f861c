package views

// FormsText is what every form shares: the question asked when the same
// form comes back with a new key (the back button, then submit again).
type FormsText struct {
	ResentTitle string
	ResentLead  string // "You sent this same form %s. It was recorded once."
	ResentSee   string // link to what the first submission made
	ResentAgain string // the box to tick for a second, separate one
	ResentSend  string
	JustNow     string // "less than a minute ago"
	MinutesAgo  string // "%d minutes ago"
}

var enForms = FormsText{
	ResentTitle: "You already sent this",
	ResentLead:  "You sent this same form %s. It was recorded once; nothing more was made.",
	ResentSee:   "See what it made",
	ResentAgain: "I mean a second, separate one",
	ResentSend:  "Send it again",
	JustNow:     "less than a minute ago",
	MinutesAgo:  "%d minutes ago",
}

var zhForms = FormsText{
	ResentTitle: "您已提交过",
	ResentLead:  "您在%s提交过内容完全相同的表单，已记录一次，没有再生成新的记录。",
	ResentSee:   "查看上次提交的结果",
	ResentAgain: "我确实要再提交一份新的",
	ResentSend:  "再次提交",
	JustNow:     "不到一分钟前",
	MinutesAgo:  "%d 分钟前",
}
