package views

import (
	"context"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// CountText is the stock count on a lot's page, and its entries described.
type CountText struct {
	Title, Help, Booked, Counted, Reason, Note, Button     string
	Pending, PendingBy, Approve, Reject, WaitsForSecond    string
	History, ColEntry, ColBooked, ColCounted, ColDiff      string
	ColReason, ColStatus                                   string
	DoneMatched, DoneAdjusted, DonePending, DoneReviewed   string
	DescCounted, DescCountedSame, DescApproved, DescReject string
	Reasons, Statuses                                      map[string]string
	Adjustments, AdjustmentsNone                           string
}

var enCount = CountText{
	Title: "Stock count", Help: "Count what is on the shelf. A difference is recorded with its reason; more than 5% or 100 units waits for a second member to approve.",
	Booked: "Held on the books", Counted: "Counted", Reason: "Reason for a difference", Note: "Note", Button: "Record the count",
	Pending: "A count waits for approval: %s counted where %s were held (%s).", PendingBy: "Counted by member %d.",
	Approve: "Approve the count", Reject: "Reject it (the books stand)", WaitsForSecond: "A second member of your organisation must approve it; until then the lot cannot move.",
	History: "Stock counts", ColEntry: "Entry", ColBooked: "Books", ColCounted: "Counted", ColDiff: "Difference", ColReason: "Reason", ColStatus: "Status",
	DoneMatched: "The count agrees with the stock.", DoneAdjusted: "The difference is recorded and the stock adjusted.",
	DonePending:  "The count is recorded; a second member must approve the adjustment.",
	DoneReviewed: "The count is reviewed.",
	DescCounted:  "%s counted %s: %s where %s were held (%s)", DescCountedSame: "%s counted %s: %s, as held",
	DescApproved: "%s approved the count of %s (entry %d)", DescReject: "%s rejected the count of %s (entry %d)",
	Reasons: map[string]string{ledger.CountReasonDamaged: "damaged", ledger.CountReasonLost: "lost or missing", ledger.CountReasonFound: "found more",
		ledger.CountReasonRecord: "recording error", ledger.CountReasonOther: "other reason"},
	Statuses: map[string]string{ledger.CountMatched: "agrees", ledger.CountAdjusted: "adjusted", ledger.CountPending: "waiting for approval",
		ledger.CountApproved: "approved", ledger.CountRejected: "rejected"},
	Adjustments: "Stock count adjustments", AdjustmentsNone: "No stock count has differed from the books.",
}

var zhCount = CountText{
	Title: "盘点", Help: "清点货架上的实物。差异需注明原因；超过 5% 或 100 个单位的差异需由本机构另一名成员批准。",
	Booked: "账面数量", Counted: "实点数量", Reason: "差异原因", Note: "备注", Button: "登记盘点",
	Pending: "一次盘点待批准：实点 %s，账面 %s（%s）。", PendingBy: "盘点人：成员 %d。",
	Approve: "批准盘点", Reject: "驳回（以账面为准）", WaitsForSecond: "需由本机构另一名成员批准；批准前此批次不能移动。",
	History: "盘点记录", ColEntry: "记录", ColBooked: "账面", ColCounted: "实点", ColDiff: "差异", ColReason: "原因", ColStatus: "状态",
	DoneMatched: "盘点与账面一致。", DoneAdjusted: "差异已登记，库存已调整。",
	DonePending:  "盘点已登记；调整需另一名成员批准。",
	DoneReviewed: "盘点已审核。",
	DescCounted:  "%s 盘点 %s：实点 %s，账面 %s（%s）", DescCountedSame: "%s 盘点 %s：%s，与账面一致",
	DescApproved: "%s 批准了 %s 的盘点（记录 %d）", DescReject: "%s 驳回了 %s 的盘点（记录 %d）",
	Reasons: map[string]string{ledger.CountReasonDamaged: "破损", ledger.CountReasonLost: "丢失或短缺", ledger.CountReasonFound: "多出",
		ledger.CountReasonRecord: "登记错误", ledger.CountReasonOther: "其他原因"},
	Statuses: map[string]string{ledger.CountMatched: "一致", ledger.CountAdjusted: "已调整", ledger.CountPending: "待批准",
		ledger.CountApproved: "已批准", ledger.CountRejected: "已驳回"},
	Adjustments: "盘点调整", AdjustmentsNone: "没有与账面不符的盘点。",
}

// CountT returns the stock count's words in the request's language.
func CountT(ctx context.Context) *CountText {
	if LangOf(ctx) == ZH {
		return &zhCount
	}
	return &enCount
}

func countT(d Describing) *CountText {
	if d.Lang == ZH {
		return &zhCount
	}
	return &enCount
}

var _ = AddDescriber(ledger.TypeLotCounted, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.LotCounted)
	ct := countT(d)
	if r.Counted == r.Held {
		return fmt.Sprintf(ct.DescCountedSame, d.actor(), ledger.FormatCode(r.Lot), d.LotQty(r.Lot, r.Counted))
	}
	return fmt.Sprintf(ct.DescCounted, d.actor(), ledger.FormatCode(r.Lot), d.LotQty(r.Lot, r.Counted), GroupDigits(r.Held), ct.Reasons[r.Reason])
})

var _ = AddDescriber(ledger.TypeLotCountReviewed, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.LotCountReviewed)
	f := countT(d).DescApproved
	if !r.Approved {
		f = countT(d).DescReject
	}
	return fmt.Sprintf(f, d.actor(), ledger.FormatCode(r.Lot), r.Count)
})

var _ = addErrorsZH(map[string]string{
	"the count differs from the stock: choose a reason":        "盘点与账面不符：请选择原因",
	"the count agrees with the stock: no reason is needed":     "盘点与账面一致：无需原因",
	"explain the difference in the note (2 to 500 characters)": "请在备注中说明差异（2 到 500 个字符）",
	"no such count": "没有这次盘点",
	"the note must be at most 500 characters":                            "备注最多 500 个字符",
	"lot %s has a count waiting for approval":                            "批次 %s 有一次盘点待批准",
	"lot %s changed while it was counted (it now holds %d); count again": "批次 %s 在盘点期间有变动（现有 %d）；请重新盘点",
	"this count was already reviewed":                                    "这次盘点已审核过",
	"a second member of the organisation must approve a count":           "盘点须由本机构另一名成员批准",
	"lot %s changed since the count (it now holds %d); count again":      "批次 %s 自盘点后有变动（现有 %d）；请重新盘点",
})
