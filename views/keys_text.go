package views

import (
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// Translations of the passkey (party signature) errors.
var _ = addErrorsZH(map[string]string{
	"a key belongs to a member of an organisation":                                "密钥须属于某机构的成员",
	"a member enrols only their own passkey":                                      "成员只能登记自己的通行密钥",
	"an entry carries one signature":                                              "每条记录只能带一个签名",
	"someone else in your organisation must approve your own passkey (four eyes)": "您自己的通行密钥须由本机构的其他人批准（四眼原则）",
	"bad key id":                    "密钥编号有误",
	"bad public key":                "公钥有误",
	"bad reason for revoking a key": "吊销密钥的原因有误",
	"bad relying party":             "依赖方（网站）有误",
	"enrol a passkey of your own, approved by another admin, before requiring signatures": "要求签名之前，请先登记您自己的通行密钥并经他人批准",
	"no such passkey": "没有这个通行密钥",
	"not a key entry": "不是密钥记录",
	"only an admin of the key's organisation may approve it":                                         "只有密钥所属机构的管理员可以批准",
	"only members of an organisation enrol passkeys":                                                 "只有机构成员可以登记通行密钥",
	"only the key's member or an admin of its organisation may revoke it":                            "只有密钥持有人或其机构管理员可以吊销",
	"only the organisation's admin may set its signature policy":                                     "只有机构管理员可以设置签名要求",
	"the passkey did not verify you (fingerprint, face or PIN); confirm again":                       "通行密钥未验证您的身份（指纹、面容或 PIN），请重新确认",
	"the passkey signature does not verify":                                                          "通行密钥签名验证失败",
	"the signature is by a passkey not yet approved by an admin":                                     "签名所用的通行密钥尚未经管理员批准",
	"the signature is by a passkey of someone else":                                                  "签名所用的通行密钥属于他人",
	"the signature is by a passkey that is not enrolled":                                             "签名所用的通行密钥未登记",
	"the signature is by a passkey that was revoked":                                                 "签名所用的通行密钥已被吊销",
	"the signature is malformed":                                                                     "签名格式有误",
	"the signature is not a WebAuthn assertion":                                                      "签名不是 WebAuthn 断言",
	"the signature is over another statement":                                                        "签名针对的是另一份声明",
	"the signature names no passkey":                                                                 "签名未注明通行密钥",
	"the signature was made for another web site":                                                    "签名是为另一个网站做的",
	"the signature was made on another web site":                                                     "签名是在另一个网站上做的",
	"the signature's statement has a bad nonce":                                                      "签名声明的随机数有误",
	"the signature's statement has a bad time":                                                       "签名声明的时间有误",
	"the signed statement has expired; confirm again":                                                "所签声明已过期，请重新确认",
	"entry %d is not what the signed entry %d named in its place":                                    "第 %d 条记录与已签名的第 %d 条记录事先注明的内容不符",
	"name every corrective entry":                                                                    "请注明每一条更正记录",
	"bad corrective entry":                                                                           "更正记录有误",
	"this passkey is already %s":                                                                     "该通行密钥已%s",
	"this passkey is already enrolled":                                                               "该通行密钥已登记",
	"this passkey uses an algorithm Aidtrail does not accept (ES256, EdDSA or RS256)":                "该通行密钥使用的算法不受支持（仅限 ES256、EdDSA、RS256）",
	"this signature was already used; confirm again":                                                 "该签名已被使用过，请重新确认",
	"passkeys need the server's public URL":                                                          "通行密钥需要服务器的公开网址",
	"the passkey registration expired; try again":                                                    "通行密钥登记已过期，请重试",
	"the passkey could not be registered; try again":                                                 "无法登记该通行密钥，请重试",
	"there is nothing to sign here":                                                                  "这里没有需要签名的内容",
	"your organisation requires a passkey signature on this confirmation; sign it with your passkey": "贵机构要求此确认须有通行密钥签名，请用通行密钥签署",
})

// KeysText is the text of passkeys and party signatures.
type KeysText struct {
	DescEnrolled, DescApproved, DescRevoked, DescRevokedRemoved string
	DescPolicyOn, DescPolicyOff                                 string
	// Marks on every step of a trace, entry and organisation page.
	SignedBy, SignedWith, Unsigned, SignedHelp string
	// The organisation's public page.
	KeysTitle, KeysNone, KeysRequired, KeysNotRequired, Fingerprint, EnrolledIn, ApprovedIn string
	// The account page.
	AccountTitle, AccountIntro, AccountNoJS, Enrol, EnrolHelp, YourKeys, NoKeys string
	StatusWords                                                                 map[string]string
	Revoke, ToApprove, Approve, MemberN, PolicyTitle, PolicyOn, PolicyOff       string
	PolicyRequire, PolicyRelax, Enrolled, Approved, Revoked                     string
	// The signing dialog (static/js/sign.js reads these from data attributes).
	SignTitle, SignConfirm, SignCancel, SignWorking, SignFailed, SignUnsigned string
	SignableNote                                                              string
	SignAlso                                                                  string            // a later entry the signature covers
	Notices                                                                   map[string]string // what was just done, by ?e=
	AccountLink                                                               string
}

var enKeys = KeysText{
	DescEnrolled:       "%s enrolled a passkey for one of its members (fingerprint %s); it signs only once an admin approves it",
	DescApproved:       "%s approved a member's passkey (key %s…)",
	DescRevoked:        "%s revoked a passkey (key %s…): lost or withdrawn",
	DescRevokedRemoved: "%s revoked a passkey (key %s…): its member left the organisation",
	DescPolicyOn:       "%s now requires every confirmation to be signed by a member's passkey",
	DescPolicyOff:      "%s no longer requires confirmations to be signed",

	SignedBy:   "signed by a key of %s (enrolled in entry #%d)",
	SignedWith: "signed by a key of %s (enrolled in entry #%d) with the correction in entry #%d",
	Unsigned:   "recorded by the platform, not signed",
	SignedHelp: "A signature is made on the member's own phone or computer; the platform cannot make one.",

	KeysTitle:       "Signing keys",
	KeysNone:        "No active signing keys: this organisation's confirmations are recorded by the platform, not signed.",
	KeysRequired:    "This organisation requires its confirmations to be signed (since entry #%d).",
	KeysNotRequired: "This organisation does not require signatures.",
	Fingerprint:     "Fingerprint",
	EnrolledIn:      "Enrolled in",
	ApprovedIn:      "Approved in",

	AccountTitle:  "Passkeys: sign your confirmations",
	AccountIntro:  "With a passkey on your phone, each confirmation you make is signed by you: not even the platform's operator could forge it. Your organisation's admin approves each new passkey.",
	AccountNoJS:   "Adding a passkey needs JavaScript and a phone or computer with a fingerprint, face or PIN lock.",
	Enrol:         "Add a passkey",
	EnrolHelp:     "Your device asks for your fingerprint, face or PIN. Only the public key is kept (in the ledger, with no name or e-mail).",
	YourKeys:      "Your passkeys",
	NoKeys:        "You have no passkey yet.",
	StatusWords:   map[string]string{ledger.KeyStatusPending: "waiting for approval", ledger.KeyStatusActive: "active", ledger.KeyStatusRevoked: "revoked"},
	Revoke:        "Revoke (lost or replaced)",
	ToApprove:     "Passkeys waiting for your approval",
	Approve:       "Approve",
	MemberN:       "member %d",
	PolicyTitle:   "Signature policy",
	PolicyOn:      "Your organisation requires signatures: unsigned confirmations are refused.",
	PolicyOff:     "Your organisation accepts unsigned confirmations.",
	PolicyRequire: "Require signatures",
	PolicyRelax:   "Stop requiring signatures",
	Enrolled:      "enrolled in entry #%d",
	Approved:      "approved in entry #%d",
	Revoked:       "revoked in entry #%d",

	SignTitle:    "You are about to sign:",
	SignConfirm:  "Sign with my passkey",
	SignCancel:   "Cancel",
	SignWorking:  "Waiting for your passkey…",
	SignFailed:   "The passkey did not sign. Nothing was recorded.",
	SignUnsigned: "Without JavaScript this confirmation is recorded unsigned.",
	SignableNote: "Signed with your passkey when you confirm.",
	SignAlso:     "; and with it: %s",
	Notices: map[string]string{"enrolled": "Passkey added. It signs once your organisation's admin approves it.",
		"approved": "Passkey approved: it signs from now on.", "revoked": "Passkey revoked: its signatures are refused from now on.",
		"policy": "Signature policy saved."},
	AccountLink: "Passkeys (sign your confirmations)",
}

var zhKeys = KeysText{
	DescEnrolled:       "%s 为一名成员登记了通行密钥（指纹 %s）；经管理员批准后才能签名",
	DescApproved:       "%s 批准了一名成员的通行密钥（密钥 %s…）",
	DescRevoked:        "%s 吊销了一个通行密钥（密钥 %s…）：遗失或停用",
	DescRevokedRemoved: "%s 吊销了一个通行密钥（密钥 %s…）：其成员已离开机构",
	DescPolicyOn:       "%s 现要求每项确认都须由成员的通行密钥签名",
	DescPolicyOff:      "%s 不再要求确认须签名",

	SignedBy:   "由 %s 的密钥签名（登记于第 %d 条记录）",
	SignedWith: "由 %s 的密钥签名（登记于第 %d 条记录），随第 %d 条更正记录一并签署",
	Unsigned:   "由平台记录，未签名",
	SignedHelp: "签名在成员自己的手机或电脑上生成，平台无法代签。",

	KeysTitle:       "签名密钥",
	KeysNone:        "没有有效的签名密钥：本机构的确认由平台记录，未签名。",
	KeysRequired:    "本机构要求其确认须签名（自第 %d 条记录起）。",
	KeysNotRequired: "本机构不要求签名。",
	Fingerprint:     "指纹",
	EnrolledIn:      "登记于",
	ApprovedIn:      "批准于",

	AccountTitle:  "通行密钥：为您的确认签名",
	AccountIntro:  "手机上有了通行密钥，您做的每项确认都由您本人签名：连平台运营方也无法伪造。每个新密钥须经本机构管理员批准。",
	AccountNoJS:   "添加通行密钥需要 JavaScript，以及带指纹、面容或 PIN 锁的手机或电脑。",
	Enrol:         "添加通行密钥",
	EnrolHelp:     "设备会要求验证指纹、面容或 PIN。只保存公钥（记入账本，不含姓名或电子邮箱）。",
	YourKeys:      "您的通行密钥",
	NoKeys:        "您还没有通行密钥。",
	StatusWords:   map[string]string{ledger.KeyStatusPending: "等待批准", ledger.KeyStatusActive: "有效", ledger.KeyStatusRevoked: "已吊销"},
	Revoke:        "吊销（遗失或更换）",
	ToApprove:     "等待您批准的通行密钥",
	Approve:       "批准",
	MemberN:       "成员 %d",
	PolicyTitle:   "签名要求",
	PolicyOn:      "本机构要求签名：未签名的确认会被拒绝。",
	PolicyOff:     "本机构接受未签名的确认。",
	PolicyRequire: "要求签名",
	PolicyRelax:   "不再要求签名",
	Enrolled:      "登记于第 %d 条记录",
	Approved:      "批准于第 %d 条记录",
	Revoked:       "吊销于第 %d 条记录",

	SignTitle:    "您即将签署：",
	SignConfirm:  "用我的通行密钥签名",
	SignCancel:   "取消",
	SignWorking:  "正在等待您的通行密钥…",
	SignFailed:   "通行密钥未签名，未做任何记录。",
	SignUnsigned: "未启用 JavaScript 时，此确认将不签名记录。",
	SignableNote: "确认时用您的通行密钥签名。",
	SignAlso:     "；同时：%s",
	Notices: map[string]string{"enrolled": "已添加通行密钥，经本机构管理员批准后即可签名。",
		"approved": "通行密钥已批准，从现在起可以签名。", "revoked": "通行密钥已吊销，此后其签名将被拒绝。",
		"policy": "签名要求已保存。"},
	AccountLink: "通行密钥（为您的确认签名）",
}

func keyShort(subject string) string {
	if len(subject) > 8 {
		return subject[:8]
	}
	return subject
}

var _ = AddDescriber(ledger.TypeKeyEnrolled, func(d Describing, b ledger.Body) string {
	k := b.(*ledger.KeyEnrolled)
	return fmt.Sprintf(d.T.Keys.DescEnrolled, d.Org(k.Org), k.Fingerprint())
})

var _ = AddDescriber(ledger.TypeKeyApproved, func(d Describing, b ledger.Body) string {
	return fmt.Sprintf(d.T.Keys.DescApproved, d.actor(), keyShort(b.(*ledger.KeyApproved).Key))
})

var _ = AddDescriber(ledger.TypeKeyRevoked, func(d Describing, b ledger.Body) string {
	k := b.(*ledger.KeyRevoked)
	if k.Reason == ledger.RevokedRemoved {
		return fmt.Sprintf(d.T.Keys.DescRevokedRemoved, d.actor(), keyShort(k.Key))
	}
	return fmt.Sprintf(d.T.Keys.DescRevoked, d.actor(), keyShort(k.Key))
})

var _ = AddDescriber(ledger.TypeOrgPolicy, func(d Describing, b ledger.Body) string {
	p := b.(*ledger.OrgPolicy)
	if p.RequireSignatures {
		return fmt.Sprintf(d.T.Keys.DescPolicyOn, d.Org(p.Org))
	}
	return fmt.Sprintf(d.T.Keys.DescPolicyOff, d.Org(p.Org))
})
