package sqlite

import (
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
)

// The read models and inputs that handlers and views use are domain types
// in package ledger (issue 12: views import ledger, not ledger/sqlite).
// These aliases are transitional, so that code written against the old
// names keeps compiling while it moves over; new code names ledger's.
type (
	Org              = ledger.Org
	Pledge           = ledger.Pledge
	PledgeLine       = ledger.PledgeLineView
	Names            = ledger.Names
	SignedWith       = ledger.SignedWith
	LotFacts         = ledger.LotFacts
	HandoffFacts     = ledger.HandoffFacts
	OrgName          = ledger.OrgName
	StoredEntry      = ledger.StoredEntry
	LotTrace         = ledger.LotTrace
	HandoffView      = ledger.HandoffView
	Stock            = ledger.Stock
	StockItem        = ledger.StockItem
	NeedMatch        = ledger.NeedMatch
	LotPage          = ledger.LotPage
	Need             = ledger.Need
	NeedLine         = ledger.NeedLineView
	Progress         = ledger.Progress
	MoneyTotal       = ledger.MoneyTotal
	Board            = ledger.Board
	Waiting          = ledger.Waiting
	NeedDetail       = ledger.NeedDetail
	PledgeFormData   = ledger.PledgeFormData
	Transfer         = ledger.Transfer
	FundsReport      = ledger.FundsReport
	MoneyDesk        = ledger.MoneyDesk
	SpendingRow      = ledger.SpendingRow
	MoneyTrace       = ledger.MoneyTrace
	MoneyReceipt     = ledger.MoneyReceiptRow
	TracedSpending   = ledger.TracedSpending
	BoughtLot        = ledger.BoughtLot
	Place            = ledger.Place
	PledgeTrace      = ledger.PledgeTrace
	PledgePlace      = ledger.PledgePlace
	OrgFacts         = ledger.OrgFacts
	Discrepancy      = ledger.Discrepancy
	PartyKey         = ledger.PartyKey
	OrgKeys          = ledger.OrgKeys
	MemberKeys       = ledger.MemberKeys
	Checkpoint       = ledger.Checkpoint
	EntryPage        = ledger.EntryPage
	EntryDetail      = ledger.EntryDetail
	CheckpointPage   = ledger.CheckpointPage
	Point            = ledger.Point
	Series           = ledger.Series
	Flow             = ledger.Flow
	ItemTotals       = ledger.ItemTotals
	Overview         = ledger.Overview
	MoneyFigures     = ledger.MoneyFigures
	OpenNeed         = ledger.OpenNeed
	NeedLineProgress = ledger.NeedLineProgress
	OrgRecord        = ledger.OrgRecord
	ItemChart        = ledger.ItemChart
	ItemFigures      = ledger.ItemFigures
	ItemUse          = ledger.ItemUse
	StockLine        = ledger.StockLine
)

// ExportTables is opendata.ExportTables (transitional).
var ExportTables = opendata.ExportTables
