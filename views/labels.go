package views

// Label sheets: each lot's QR code (the absolute URL of /t/{code}) as SVG
// built from go-qrcode's bitmap, so it prints sharp at any size.

import (
	"context"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	qrcode "github.com/skip2/go-qrcode"
)

// LabelVM is one printed label.
type LabelVM struct {
	Code, Display      string
	URL                string // what the QR code encodes
	QRPath             string // SVG path of the dark modules
	QRSize             int    // modules per side, quiet zone included
	ItemName, Quantity string
	Expiry, Batch      string
	Origin             string
	To                 []string // where it is being sent: "shipment 12 → Union Hospital"
}

// LabelsVM is a sheet of labels.
type LabelsVM struct {
	Labels []LabelVM
}

// NewLabelsVM lays out labels for lots; baseURL makes the QR URLs absolute.
func NewLabelsVM(ctx context.Context, lots []*ledger.LotTrace, baseURL string) (LabelsVM, error) {
	var vm LabelsVM
	for _, t := range lots {
		l := t.Lot
		u := TraceURL(strings.TrimSuffix(baseURL, "/"), l.Code)
		path, size, err := QRPath(u)
		if err != nil {
			return vm, err
		}
		lv := LabelVM{Code: l.Code, Display: ledger.FormatCode(l.Code), URL: u, QRPath: path, QRSize: size,
			ItemName: itemName(ctx, t.Item), Quantity: Qty(ctx, l.Held+l.InTransit, l.Unit), Expiry: l.Expiry, Batch: l.Batch}
		if l.IsPack() {
			lv.ItemName, lv.Quantity = l.Spec, ""
		}
		if l.Pledge != "" {
			lv.Origin = ledger.FormatCode(l.Pledge)
		}
		for _, h := range t.Open {
			lv.To = append(lv.To, sprintf(StockT(ctx).LabelTo, h.ToName, h.ID))
		}
		vm.Labels = append(vm.Labels, lv)
	}
	return vm, nil
}

// QRPath returns the dark modules of text's QR code (medium error
// correction, quiet zone included) as one SVG path in module units, and the
// number of modules per side.
func QRPath(text string) (string, int, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", 0, err
	}
	bm := q.Bitmap()
	return modulesPath(bm), len(bm), nil
}
