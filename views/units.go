package views

// One language at a time: catalogue units, entry types and codes as the
// reader reads them ("1,000 件", "签收确认", "3V4Q-MP9X-E"), never the
// ledger's identifiers.

import (
	"context"
	"regexp"

	"github.com/aidtrail/aidtrail/ledger"
)

// zhUnits are the catalogue's units in Chinese; a unit an organisation
// typed itself (or a currency) is shown as typed.
var zhUnits = map[string]string{
	"pcs": "件", "pc": "件", "piece": "件", "pieces": "件", "each": "个",
	"sets": "套", "set": "套", "pairs": "双", "pair": "双",
	"boxes": "盒", "box": "盒", "cartons": "箱", "carton": "箱",
	"L": "升", "litres": "升", "liters": "升", "kg": "千克", "bottles": "瓶", "bags": "袋",
}

// UnitIn is a unit in language l: "pcs" is "件" in Chinese.
func UnitIn(l Lang, unit string) string {
	if l == ZH {
		if u, ok := zhUnits[unit]; ok {
			return u
		}
	}
	return unit
}

// Unit is a unit in the request's language.
func Unit(ctx context.Context, unit string) string { return UnitIn(LangOf(ctx), unit) }

// QtyIn writes a quantity with its unit in language l: "1,000 pcs", "1,000 件".
func QtyIn(l Lang, q int64, unit string) string {
	return GroupDigits(q) + " " + UnitIn(l, unit)
}

// Qty writes a quantity with its unit in the request's language.
func Qty(ctx context.Context, q int64, unit string) string { return QtyIn(LangOf(ctx), q, unit) }

// entryTypeNames names each entry type in words, per language.
var entryTypeNames = [2]map[string]string{
	EN: {
		"entry.corrected": "correction", "handoff.delivered": "delivery", "handoff.dispatched": "dispatch",
		"handoff.picked_up": "pickup", "handoff.received": "receipt", "handoff.rejected": "rejection",
		"item.added": "catalogue item", "key.approved": "passkey approved", "key.enrolled": "passkey enrolled",
		"key.revoked": "passkey revoked", "lot.count_reviewed": "count reviewed", "lot.counted": "stock count",
		"lot.packed": "packing", "lot.received": "goods received", "lot.split": "split", "lot.unpacked": "unpacking",
		"lot.used": "distribution", "lot.written_off": "write-off", "money.received": "money received",
		"money.spent": "spending", "need.closed": "need closed", "need.submitted": "need submitted",
		"need.updated": "need updated", "org.policy": "signature policy", "org.registered": "organisation registered",
		"pledge.cancelled": "pledge cancelled", "pledge.handed_on": "pledge handed on", "pledge.made": "pledge",
		"review.decided": "review",
	},
	ZH: {
		"entry.corrected": "更正", "handoff.delivered": "送达", "handoff.dispatched": "发运",
		"handoff.picked_up": "提货", "handoff.received": "签收", "handoff.rejected": "拒收",
		"item.added": "新增物资品类", "key.approved": "通行密钥获批", "key.enrolled": "登记通行密钥",
		"key.revoked": "通行密钥撤销", "lot.count_reviewed": "盘点审批", "lot.counted": "盘点",
		"lot.packed": "装箱", "lot.received": "物资入库", "lot.split": "拆分", "lot.unpacked": "拆箱",
		"lot.used": "发放使用", "lot.written_off": "报损", "money.received": "善款到账",
		"money.spent": "善款支出", "need.closed": "需求关闭", "need.submitted": "需求提交",
		"need.updated": "需求更新", "org.policy": "签名要求", "org.registered": "机构注册",
		"pledge.cancelled": "认捐取消", "pledge.handed_on": "认捐转交", "pledge.made": "认捐",
		"review.decided": "审核",
	},
}

// EntryTypeIn names an entry type in words in language l; a type without
// a name (a newer server's) is shown as it is.
func EntryTypeIn(l Lang, typ string) string {
	if n, ok := entryTypeNames[l][typ]; ok {
		return n
	}
	return typ
}

// EntryType names an entry type in the request's language.
func EntryType(ctx context.Context, typ string) string { return EntryTypeIn(LangOf(ctx), typ) }

// codeWord is a word that may be an ungrouped code.
var codeWord = regexp.MustCompile(`\b[0-9A-Z]{9}\b`)

// GroupCodes writes every code in a sentence grouped (3V4QMP9XE becomes
// 3V4Q-MP9X-E), so people see one form of a code everywhere; words that
// are not valid codes are left alone.
func GroupCodes(s string) string {
	return codeWord.ReplaceAllStringFunc(s, func(w string) string {
		if c, err := ledger.NormalizeCode(w); err != nil || c != w {
			return w
		}
		return ledger.FormatCode(w)
	})
}

// identifierWord is a value written as data has it (picked_up, money.spent).
var identifierWord = regexp.MustCompile(`\b[a-z]+(?:[._][a-z]+)+\b`)

// textPart is a run of prose or, if Code, an identifier quoted verbatim.
type textPart struct {
	Text string
	Code bool
}

// withIdentifiers splits s so that the data values it quotes show as code
// (the open data's documentation names them as the files spell them).
func withIdentifiers(s string) []textPart {
	var out []textPart
	last := 0
	for _, m := range identifierWord.FindAllStringIndex(s, -1) {
		if m[0] > last {
			out = append(out, textPart{s[last:m[0]], false})
		}
		out = append(out, textPart{s[m[0]:m[1]], true})
		last = m[1]
	}
	if last < len(s) {
		out = append(out, textPart{s[last:], false})
	}
	return out
}
