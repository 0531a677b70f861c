package views

import "context"

// ScanText is the scan page and the receipt form's scanning.
type ScanText struct {
	Nav, Title, Lead                       string
	CodeLabel, CodeHelp, Open              string
	Camera, CameraStart, CameraStop, Photo string
	CameraHelp, NoCamera, Looking, Found   string
	NoCode                                 string
	GS1Title, GS1Lead                      string
	GTIN, Batch, Expiry, Serial, Count     string
	ForLabel, ForHelp, ToReceipt           string
	ScanPackaging, Filled                  string
}

var enScan = ScanText{
	Nav: "Scan", Title: "Scan a code",
	Lead:      "Point the camera at an Aidtrail QR code (a lot's label or a donor's receipt) or at the GS1 barcode on a manufacturer's box, or type the code.",
	CodeLabel: "Code", CodeHelp: "The 9 characters under the QR code, such as 3V4Q-MP9X-E, or the text of a GS1 barcode.", Open: "Open",
	Camera: "Camera", CameraStart: "Start the camera", CameraStop: "Stop", Photo: "Or take a photo of the code",
	CameraHelp: "The picture stays on this phone; only the code read from it is sent.",
	NoCamera:   "No camera could be opened here; take a photo or type the code.",
	Looking:    "Looking for a code…", Found: "Code read: %s", NoCode: "No code found in this picture; try again closer, or type the code.",
	GS1Title: "Manufacturer's barcode", GS1Lead: "This GS1 barcode says:",
	GTIN: "GTIN", Batch: "Batch", Expiry: "Expiry", Serial: "Serial number", Count: "Count",
	ForLabel: "Which delivery is it? Pledge code", ForHelp: "The code on the donor's receipt; its receipt form opens with the batch and expiry filled in.",
	ToReceipt:     "Open the receipt form",
	ScanPackaging: "Scan the manufacturer's barcode", Filled: "Filled in from the barcode: batch %s, expiry %s.",
}

var zhScan = ScanText{
	Nav: "扫码", Title: "扫码",
	Lead:      "用摄像头对准 Aidtrail 二维码（批次标签或捐赠回执）或厂家包装上的 GS1 条码，也可以直接输入编码。",
	CodeLabel: "编码", CodeHelp: "二维码下方的 9 个字符，如 3V4Q-MP9X-E，或 GS1 条码的文本。", Open: "打开",
	Camera: "摄像头", CameraStart: "打开摄像头", CameraStop: "关闭", Photo: "或拍一张编码的照片",
	CameraHelp: "画面只留在本机，只发送识别出的编码。",
	NoCamera:   "无法打开摄像头；请拍照或输入编码。",
	Looking:    "正在寻找编码……", Found: "已识别：%s", NoCode: "这张图片中没有找到编码；请靠近些重试，或输入编码。",
	GS1Title: "厂家条码", GS1Lead: "此 GS1 条码内容：",
	GTIN: "GTIN", Batch: "批号", Expiry: "有效期", Serial: "序列号", Count: "数量",
	ForLabel: "这是哪一批到货？认捐编码", ForHelp: "捐赠回执上的编码；将打开其收货表单，并填好批号和有效期。",
	ToReceipt:     "打开收货表单",
	ScanPackaging: "扫描厂家条码", Filled: "已从条码填入：批号 %s，有效期 %s。",
}

// ScanT returns the scan page's words in the request's language.
func ScanT(ctx context.Context) *ScanText {
	if LangOf(ctx) == ZH {
		return &zhScan
	}
	return &enScan
}

var _ = addErrorsZH(map[string]string{
	"GS1 barcode: (%s) %s has a character not allowed there: %q": "GS1 条码：(%s) %s 含有不允许的字符：%q",
	"GS1 barcode: (%s) %s has a wrong check digit":               "GS1 条码：(%s) %s 的校验位不对",
	"GS1 barcode: (%s) %s is not a date (YYMMDD)":                "GS1 条码：(%s) %s 不是日期（YYMMDD）",
	"GS1 barcode: (%s) %s is too long":                           "GS1 条码：(%s) %s 太长",
	"GS1 barcode: (%s) %s is too short":                          "GS1 条码：(%s) %s 太短",
	"GS1 barcode: (%s) appears twice with different values":      "GS1 条码：(%s) 出现两次且值不同",
	"GS1 barcode: (%s) is badly escaped":                         "GS1 条码：(%s) 的转义有误",
	"GS1 barcode: (%s) needs %d characters":                      "GS1 条码：(%s) 需要 %d 个字符",
	"GS1 barcode: a separator ends the data":                     "GS1 条码：数据以分隔符结尾",
	"GS1 barcode: an application identifier has no closing )":    "GS1 条码：应用标识符缺少右括号",
	"GS1 barcode: expected ( before an application identifier":   "GS1 条码：应用标识符前应有左括号",
	"GS1 barcode: no data":                                       "GS1 条码：没有数据",
	"GS1 barcode: no data after the symbology identifier":        "GS1 条码：码制标识符后没有数据",
	"GS1 barcode: not a GS1 Digital Link URI":                    "GS1 条码：不是 GS1 数字链接网址",
	"GS1 barcode: the URI names no GS1 key":                      "GS1 条码：网址中没有 GS1 标识代码",
	"GS1 barcode: the query is badly escaped":                    "GS1 条码：查询参数的转义有误",
	"GS1 barcode: too long":                                      "GS1 条码：太长",
	"GS1 barcode: unknown application identifier (%s)":           "GS1 条码：未知的应用标识符 (%s)",
	"this is neither an Aidtrail code nor a GS1 barcode":         "这既不是 Aidtrail 编码，也不是 GS1 条码",
})
