package views

// Texts of the open-data standards (EPCIS, HXL, IATI) on /data/.

var _ = addErrorsZH(map[string]string{
	"from must be an entry index (a whole number from 0)": "from 必须是记录序号（从 0 起的整数）",
})
