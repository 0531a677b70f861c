package views

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
	"the file must be between 1 byte and 10 MB":             "文件大小须在 1 字节至 10 MB 之间",
	"no such file":                                          "没有这个文件",
	"bad review stage":                                      "审核阶段有误",
	"choose approve or reject":                              "请选择通过或驳回",
	"give a reason for the rejection (2 to 500 characters)": "请填写驳回理由（2 至 500 个字符）",
	"the reason is too long":                                "理由过长",
	"bad review subject":                                    "审核对象有误",
	"this submission has already been decided":              "该申请已有审核结论",
	"you cannot review your own organisation's submission":  "不能审核本人或本机构的申请",
	"the re-review must be done by a different auditor":     "复审须由另一位审核员进行",
})

var _ = addErrorsZH(map[string]string{
	"a code has %d characters":                                     "编码应为 %d 个字符",
	"%q is not a valid code character":                             "%q 不是有效的编码字符",
	"the code %s is mistyped (its check character does not match)": "编码 %s 有误（校验位不符）",
})
