package views

import (
	"strconv"

	"github.com/aidtrail/aidtrail/ledger"
)

// ScanVM is /scan: what was typed or scanned, and what it said.
type ScanVM struct {
	Query   string // shown back in the code field
	Error   string
	GS1     *GS1VM // a manufacturer's barcode was read
	ForCode string // the pledge a GS1 scan is for, if known (from its receipt form)
	For     string // ForCode grouped
	Line    string // the receipt form's line the scan fills
}

// GS1VM is what a GS1 barcode said, for people and for the receipt form.
type GS1VM struct {
	Text                               string // bracketed form: what the receipt form is given
	GTIN, Batch, Expiry, Serial, Count string
}

// NewGS1VM lays out a parsed GS1 barcode.
func NewGS1VM(g *ledger.GS1) *GS1VM {
	vm := &GS1VM{Text: g.String(), GTIN: g.GTIN, Batch: g.Batch, Expiry: g.Expiry, Serial: g.Serial}
	if g.Count > 0 {
		vm.Count = GroupDigits(g.Count)
	}
	return vm
}

// FillLine returns the GS1 data for receipt line n: the scan fills the line
// it was made for, and no other.
func (vm ReceivePledgeVM) FillLine(n int) GS1VM {
	if vm.Scan != nil && n == vm.ScanLine {
		return *vm.Scan
	}
	return GS1VM{}
}

// ScanHref is the scan page that comes back to this receipt form's line n.
func (vm ReceivePledgeVM) ScanHref(n int) string {
	return "/scan?for=" + vm.Code + "&line=" + strconv.Itoa(n)
}
