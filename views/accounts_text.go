package views

import "github.com/aidtrail/aidtrail/ledger"

// AccountsText is the text of accounts, organisations, review and the access log.
type AccountsText struct {
	LoginTitle          string
	Email               string
	Password            string
	LoginButton         string
	NoAccount           string
	SignupTitle         string
	InviteJoinAs        string
	SignupLead          string
	DisplayName         string
	DisplayNameHint     string
	PasswordHint        string
	SignupButton        string
	AccountTitle        string
	Organisation        string
	PersonalAccount     string
	RegisterOrgTitle    string
	RegisterOrgLead     string
	MembersTitle        string
	ReviewTitle         string
	ReviewLead          string
	AccessLogTitle      string
	AccessLogLead       string
	PasswordTitle       string
	Logout              string
	CurrentPassword     string
	NewPassword         string
	PasswordButton      string
	PasswordChanged     string
	OrgKind             string
	OrgName             string
	RegistrationNo      string
	Contact             string
	ContactHint         string
	Evidence            string
	EvidenceHint        string
	RegisterOrgButton   string
	OrgRegistered       string
	InviteTitle         string
	InviteLead          string
	InviteButton        string
	InviteMade          string
	InviteExpires       string
	InviteSignupLead    string
	InviteNeedsPersonal string
	InviteHaveAccount   string
	AcceptButton        string
	Joined              string
	RoleLabel           string
	RemoveButton        string
	MemberRemoved       string
	ReviewOrgsTitle     string
	ReviewOrgsEmpty     string
	AccessLogEmpty      string
	ReReview            string
	Reason              string
	Approve             string
	Reject              string
	Decided             string
	ViewEvidence        string
	NoEvidence          string
	RegisteredEntry     string
	RejectedBecause     string
	When                string
	Viewer              string
	ViewerFmt           string
	What                string
	ClientIP            string
	NavAccount          string
	NavSignIn           string
	NavSignUp           string
	NavReview           string
	NavOrg              string
	Welcome             string
	KindDonor           string
	KindLogistics       string
	KindWarehouse       string
	KindRecipient       string
	KindPlatform        string
	StatusPending       string
	StatusVerified      string
	StatusRejected      string
	RoleAdmin           string
	RoleStaff           string
	RoleAuditor         string
	RoleDonor           string
}

var enAccounts = AccountsText{
	LoginTitle:          "Sign in",
	Email:               "E-mail",
	Password:            "Password",
	LoginButton:         "Sign in",
	NoAccount:           "No account yet?",
	SignupTitle:         "Create an account",
	InviteJoinAs:        "Join %s as staff",
	SignupLead:          "A personal account lets you pledge supplies or money and follow where they go. Your e-mail and name are never shown publicly.",
	DisplayName:         "Your name",
	DisplayNameHint:     "Optional. Seen only by you, your organisation's admin and auditors.",
	PasswordHint:        "At least 10 characters.",
	SignupButton:        "Create account",
	AccountTitle:        "My account",
	Organisation:        "Organisation",
	PersonalAccount:     "Personal account (no organisation)",
	RegisterOrgTitle:    "Register an organisation",
	RegisterOrgLead:     "The organisation stays pending until an auditor has checked it. You become its admin. Its name, kind and registration number are public; the contact and the evidence file are not.",
	MembersTitle:        "Members",
	ReviewTitle:         "Review queue",
	ReviewLead:          "Check each submission before it is published. You cannot review your own organisation's submissions; viewing contacts and evidence is recorded in the access log.",
	AccessLogTitle:      "Access log",
	AccessLogLead:       "Every view of private data (contacts, evidence files, donor identities), newest first.",
	PasswordTitle:       "Change password",
	Logout:              "Sign out",
	CurrentPassword:     "Current password",
	NewPassword:         "New password",
	PasswordButton:      "Change password",
	PasswordChanged:     "Your password has been changed. Other sessions have been signed out.",
	OrgKind:             "Kind of organisation",
	OrgName:             "Name of the organisation",
	RegistrationNo:      "Registration number",
	Contact:             "Contact (phone or e-mail)",
	ContactHint:         "Private: only auditors and your organisation see it.",
	Evidence:            "Evidence (registration certificate, optional)",
	EvidenceHint:        "At most 10 MB. Kept private; only its fingerprint (SHA-256) goes into the public ledger.",
	RegisterOrgButton:   "Register",
	OrgRegistered:       "Your organisation is registered and waits for an auditor's review.",
	InviteTitle:         "Invite staff",
	InviteLead:          "Make a one-time link and send it to the person you want to add. It works once, for 7 days.",
	InviteButton:        "Make an invitation link",
	InviteMade:          "Send this link to the new staff member. It is shown only now.",
	InviteExpires:       "It works once, until %s",
	InviteSignupLead:    "Create your staff account for the organisation that invited you.",
	InviteNeedsPersonal: "You are signed in with an account that already belongs to an organisation or the platform. Sign out, then open this link again to create a staff account.",
	InviteHaveAccount:   "Already have a personal account?",
	AcceptButton:        "Join as staff",
	Joined:              "You have joined the organisation as staff.",
	RoleLabel:           "Role",
	RemoveButton:        "Remove",
	MemberRemoved:       "The member has been removed and signed out.",
	ReviewOrgsTitle:     "Organisations waiting for verification",
	ReviewOrgsEmpty:     "No organisation is waiting.",
	AccessLogEmpty:      "Nothing yet: nobody has viewed private data.",
	ReReview:            "Re-review: a second auditor must confirm this decision.",
	Reason:              "Reason (required to reject)",
	Approve:             "Approve",
	Reject:              "Reject",
	Decided:             "Your decision has been recorded in the ledger.",
	ViewEvidence:        "view file",
	NoEvidence:          "none",
	RegisteredEntry:     "Registration in the ledger",
	RejectedBecause:     "Reason for the rejection",
	When:                "When",
	Viewer:              "Viewer",
	ViewerFmt:           "user %d (org %d)",
	What:                "What",
	ClientIP:            "Client IP",
	NavAccount:          "My account",
	NavSignIn:           "Sign in",
	NavSignUp:           "Sign up",
	NavReview:           "Review",
	NavOrg:              "My organisation",
	Welcome:             "Welcome. Your account is ready.",
	KindDonor:           "Donor company",
	KindLogistics:       "Logistics firm",
	KindWarehouse:       "Warehouse or distribution centre",
	KindRecipient:       "Recipient (hospital, community)",
	KindPlatform:        "Platform",
	StatusPending:       "Pending review",
	StatusVerified:      "Verified",
	StatusRejected:      "Rejected",
	RoleAdmin:           "Admin",
	RoleStaff:           "Staff",
	RoleAuditor:         "Auditor",
	RoleDonor:           "Personal donor",
}

var zhAccounts = AccountsText{
	LoginTitle:          "登录",
	Email:               "邮箱",
	Password:            "密码",
	LoginButton:         "登录",
	NoAccount:           "还没有账户？",
	SignupTitle:         "注册账户",
	InviteJoinAs:        "以工作人员身份加入 %s",
	SignupLead:          "个人账户可以认捐物资或善款并追踪去向。您的邮箱和姓名不会公开显示。",
	DisplayName:         "您的姓名",
	DisplayNameHint:     "选填。仅您本人、所在机构管理员和审核员可见。",
	PasswordHint:        "至少 10 个字符。",
	SignupButton:        "注册",
	AccountTitle:        "我的账户",
	Organisation:        "机构",
	PersonalAccount:     "个人账户（不属于任何机构）",
	RegisterOrgTitle:    "登记机构",
	RegisterOrgLead:     "机构须经审核员核实后方可生效，您将成为其管理员。机构名称、类型和登记证号公开；联系方式和证明文件不公开。",
	MembersTitle:        "成员",
	ReviewTitle:         "审核队列",
	ReviewLead:          "发布前请逐项核实。不能审核本机构的申请；查看联系方式和证明文件会记入访问日志。",
	AccessLogTitle:      "访问日志",
	AccessLogLead:       "所有对隐私数据（联系方式、证明文件、捐赠者身份）的查看记录，最新的在前。",
	PasswordTitle:       "修改密码",
	Logout:              "退出登录",
	CurrentPassword:     "当前密码",
	NewPassword:         "新密码",
	PasswordButton:      "修改密码",
	PasswordChanged:     "密码已修改，其他登录会话已退出。",
	OrgKind:             "机构类型",
	OrgName:             "机构名称",
	RegistrationNo:      "登记证号",
	Contact:             "联系方式（电话或邮箱）",
	ContactHint:         "不公开：仅审核员和本机构可见。",
	Evidence:            "证明文件（登记证书，选填）",
	EvidenceHint:        "不超过 10 MB。文件不公开，只有其指纹（SHA-256）写入公开账本。",
	RegisterOrgButton:   "提交登记",
	OrgRegistered:       "机构已登记，等待审核员审核。",
	InviteTitle:         "邀请工作人员",
	InviteLead:          "生成一次性链接并发给要加入的人。链接仅可使用一次，7 天内有效。",
	InviteButton:        "生成邀请链接",
	InviteMade:          "请将此链接发给新工作人员。链接只显示这一次。",
	InviteExpires:       "仅可使用一次，有效期至 %s",
	InviteSignupLead:    "为邀请您的机构创建工作人员账户。",
	InviteNeedsPersonal: "您当前登录的账户已属于某个机构或平台。请退出后重新打开此链接注册工作人员账户。",
	InviteHaveAccount:   "已有个人账户？",
	AcceptButton:        "加入成为工作人员",
	Joined:              "您已作为工作人员加入该机构。",
	RoleLabel:           "角色",
	RemoveButton:        "移除",
	MemberRemoved:       "该成员已被移除并已退出登录。",
	ReviewOrgsTitle:     "待核实的机构",
	ReviewOrgsEmpty:     "没有待核实的机构。",
	AccessLogEmpty:      "暂无记录：还没有人查看过非公开数据。",
	ReReview:            "复审：须由第二位审核员确认。",
	Reason:              "理由（驳回时必填）",
	Approve:             "通过",
	Reject:              "驳回",
	Decided:             "您的审核结论已写入账本。",
	ViewEvidence:        "查看文件",
	NoEvidence:          "无",
	RegisteredEntry:     "账本中的登记记录",
	RejectedBecause:     "驳回理由",
	When:                "时间",
	Viewer:              "查看者",
	ViewerFmt:           "用户 %d（机构 %d）",
	What:                "内容",
	ClientIP:            "客户端 IP",
	NavAccount:          "我的账户",
	NavSignIn:           "登录",
	NavSignUp:           "注册",
	NavReview:           "审核",
	NavOrg:              "我的机构",
	Welcome:             "欢迎！您的账户已创建。",
	KindDonor:           "捐赠企业",
	KindLogistics:       "物流企业",
	KindWarehouse:       "仓库或配送中心",
	KindRecipient:       "受助方（医院、社区）",
	KindPlatform:        "平台",
	StatusPending:       "待审核",
	StatusVerified:      "已核实",
	StatusRejected:      "已驳回",
	RoleAdmin:           "管理员",
	RoleStaff:           "工作人员",
	RoleAuditor:         "审核员",
	RoleDonor:           "个人捐赠者",
}

// Kind names an organisation kind.
func (t AccountsText) Kind(k string) string {
	return label(k, map[string]string{ledger.OrgDonor: t.KindDonor, ledger.OrgLogistics: t.KindLogistics,
		ledger.OrgWarehouse: t.KindWarehouse, ledger.OrgRecipient: t.KindRecipient, ledger.OrgPlatform: t.KindPlatform})
}

// Status names an organisation's verification status.
func (t AccountsText) Status(s string) string {
	return label(s, map[string]string{ledger.OrgPending: t.StatusPending, ledger.OrgVerified: t.StatusVerified, ledger.OrgRejected: t.StatusRejected})
}

// Role names a member's role.
func (t AccountsText) Role(r string) string {
	return label(r, map[string]string{ledger.RoleAdmin: t.RoleAdmin, ledger.RoleStaff: t.RoleStaff,
		ledger.RoleAuditor: t.RoleAuditor, ledger.RoleDonor: t.RoleDonor})
}

// label returns labels[key], or key itself if it has none.
func label(key string, labels map[string]string) string {
	if l, ok := labels[key]; ok {
		return l
	}
	return key
}

// orgKinds are the kinds offered in the registration form.
var orgKinds = ledger.OrgKinds

var _ = addErrorsZH(map[string]string{
	"please sign in first":                                  "请先登录",
	"your account is not allowed to do this":                "您的账户无权执行此操作",
	"your session has expired; please sign in again":        "登录已过期，请重新登录",
	"wrong e-mail or password":                              "邮箱或密码错误",
	"enter a valid e-mail address":                          "请输入有效的邮箱地址",
	"the password must be 10 to 200 characters":             "密码须为 10 至 200 个字符",
	"the name must be at most 80 characters":                "姓名最多 80 个字符",
	"bad role for this organisation":                        "该机构不能使用此角色",
	"an account with this e-mail already exists":            "该邮箱已注册",
	"the current password is wrong":                         "当前密码错误",
	"bad organisation id":                                   "机构编号有误",
	"choose the kind of organisation":                       "请选择机构类型",
	"the organisation's name must be 2 to 120 characters":   "机构名称须为 2 至 120 个字符",
	"the registration number must be 2 to 60 characters":    "登记证号须为 2 至 60 个字符",
	"bad evidence hash":                                     "证明文件哈希有误",
	"the contact must be 3 to 200 characters":               "联系方式须为 3 至 200 个字符",
	"you already belong to an organisation":                 "您已属于一个机构",
	"no organisation %d":                                    "没有编号为 %d 的机构",
	"no item %q in the catalogue":                           "物资目录中没有 %q",
	"the file must be between 1 byte and 10 MB":             "文件大小须在 1 字节至 10 MB 之间",
	"no such file":                                          "没有这个文件",
	"give a password or its argon2id hash, not both":        "请提供密码或其 argon2id 哈希，不能两者都给",
	"no account %s":                                         "没有账户 %s",
	"bad review stage":                                      "审核阶段有误",
	"choose approve or reject":                              "请选择通过或驳回",
	"give a reason for the rejection (2 to 500 characters)": "请填写驳回理由（2 至 500 个字符）",
	"the reason is too long":                                "理由过长",
	"bad review subject":                                    "审核对象有误",
	"this submission has already been decided":              "该申请已有审核结论",
	"you cannot review your own organisation's submission":  "不能审核本人或本机构的申请",
	"the re-review must be done by a different auditor":     "复审须由另一位审核员进行",
	"only the organisation's admin may do this":             "只有机构管理员可以执行此操作",
	"this invitation link is unknown, used or expired":      "邀请链接无效、已使用或已过期",
	"no such staff member in your organisation":             "本机构没有这名工作人员",
	"too many attempts from your network address (at most %d a minute, successful ones included); try again in a minute": "来自您网络地址的尝试过多（每分钟最多 %d 次，成功的也计算在内），请一分钟后再试",
	"too many failed sign-ins to this account from your network address; try again in %d minutes":                        "从您的网络地址登录此账户失败次数过多，请 %d 分钟后再试",
	"the form could not be read (files must be at most 10 MB)":                                                           "无法读取表单（文件不得超过 10 MB）",
})

var _ = addErrorsZH(map[string]string{
	"a code has %d characters":                                     "编码应为 %d 个字符",
	"%q is not a valid code character":                             "%q 不是有效的编码字符",
	"the code %s is mistyped (its check character does not match)": "编码 %s 有误（校验位不符）",
})
