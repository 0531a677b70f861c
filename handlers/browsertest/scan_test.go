package browsertest

// Scanning on the warehouse floor: the GS1 DataMatrix on a manufacturer's
// box (made here with gozxing's DataMatrix encoder, FNC1 first, as GS1
// prints it) is read through /scan by the page's own detector (the vendored
// ZXing WebAssembly: the headless browser has no BarcodeDetector), and the
// pledge's receipt form opens with the box's batch, expiry and GTIN.

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	"github.com/makiuchi-d/gozxing/datamatrix/encoder"
)

// gs1DataMatrix encodes a GS1 element string (GS, ASCII 29, between
// elements) as a GS1 DataMatrix: ASCII encodation with FNC1 (codeword 232)
// first and for each GS, digit pairs packed, ISO/IEC 16022 padding; gozxing
// does the symbol size, Reed-Solomon and module placement. Returns a PNG path.
func gs1DataMatrix(t testing.TB, data string) string {
	t.Helper()
	cw := []byte{232}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == 0x1d:
			cw = append(cw, 232)
		case c >= '0' && c <= '9' && i+1 < len(data) && data[i+1] >= '0' && data[i+1] <= '9':
			cw = append(cw, byte(130+int(c-'0')*10+int(data[i+1]-'0')))
			i++
		default:
			cw = append(cw, c+1)
		}
	}
	info, err := encoder.SymbolInfo_Lookup(len(cw), encoder.SymbolShapeHint_FORCE_SQUARE, nil, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	// Padding: 129, then 129 randomised by its position (the 253-state algorithm).
	for first := true; len(cw) < info.GetDataCapacity(); first = false {
		pad := 129
		if !first {
			if pad += (149*(len(cw)+1))%253 + 1; pad > 254 {
				pad -= 254
			}
		}
		cw = append(cw, byte(pad))
	}
	full, err := encoder.ErrorCorrection_EncodeECC200(cw, info)
	if err != nil {
		t.Fatal(err)
	}
	pl := encoder.NewDefaultPlacement(full, info.GetSymbolDataWidth(), info.GetSymbolDataHeight())
	pl.Place()
	// The symbol: data regions framed by the finder (solid left and bottom)
	// and the clock track (alternating top and right), as gozxing's writer lays it.
	w, h := info.GetSymbolWidth(), info.GetSymbolHeight()
	mods := make([][]bool, h)
	for i := range mods {
		mods[i] = make([]bool, w)
	}
	my := 0
	for y := 0; y < info.GetSymbolDataHeight(); y++ {
		if y%info.GetMatrixHeight() == 0 {
			for x := 0; x < w; x++ {
				mods[my][x] = x%2 == 0
			}
			my++
		}
		mx := 0
		for x := 0; x < info.GetSymbolDataWidth(); x++ {
			if x%info.GetMatrixWidth() == 0 {
				mods[my][mx] = true
				mx++
			}
			mods[my][mx] = pl.GetBit(x, y)
			mx++
			if x%info.GetMatrixWidth() == info.GetMatrixWidth()-1 {
				mods[my][mx] = y%2 == 0
				mx++
			}
		}
		my++
		if y%info.GetMatrixHeight() == info.GetMatrixHeight()-1 {
			for x := 0; x < w; x++ {
				mods[my][x] = true
			}
			my++
		}
	}
	const px, quiet = 12, 4
	img := image.NewGray(image.Rect(0, 0, (w+2*quiet)*px, (h+2*quiet)*px))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := range mods {
		for x, dark := range mods[y] {
			if !dark {
				continue
			}
			for dy := 0; dy < px; dy++ {
				for dx := 0; dx < px; dx++ {
					img.SetGray((x+quiet)*px+dx, (y+quiet)*px+dy, color.Gray{})
				}
			}
		}
	}
	// gozxing's own reader must see a GS1 DataMatrix (symbology ]d2) with this data.
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	res, err := datamatrix.NewDataMatrixReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the DataMatrix made does not read back: %v", err)
	}
	if got := res.GetText(); got != "\x1d"+data { // the leading FNC1 reads as GS here
		t.Fatalf("the DataMatrix reads back %q, want %q", got, data)
	}
	if sm := res.GetResultMetadata()[gozxing.ResultMetadataType_SYMBOLOGY_IDENTIFIER]; sm != "]d2" {
		t.Fatalf("symbology identifier %v, want ]d2 (GS1 DataMatrix)", sm)
	}
	path := filepath.Join(t.TempDir(), "box.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}

// pledgeToReceive has a donor pledge quantity of item for m's organisation
// to receive: delivered to it if it is a warehouse, else to a warehouse that
// hands it on. It returns the pledge's code.
func pledgeToReceive(t testing.TB, a *app, m ledger.Member, item string, quantity int64) string {
	t.Helper()
	ctx := context.Background()
	wh := m
	if m.OrgKind != ledger.OrgWarehouse {
		wh = sqlitetest.Org(t, a.Store, ledger.OrgWarehouse, "Hand-on Warehouse")
	}
	r, err := a.Store.MakePledge(ctx, sqlitetest.Donor(t, a.Store), sqlite.PledgeInput{Kind: ledger.PledgeGoods,
		Handover: ledger.HandoverDropOff, Due: time.Now().Format(time.DateOnly), DeliverTo: wh.Org,
		Lines: []sqlite.PledgeLineInput{{Item: item, Quantity: quantity}}})
	if err != nil {
		t.Fatal(err)
	}
	if wh.Org != m.Org {
		if err := a.Store.HandOnPledge(ctx, wh, r.Code, m.Org, ""); err != nil {
			t.Fatal(err)
		}
	}
	return r.Code
}

// value returns the value of the form field sel.
func (p *tab) value(sel string) string {
	p.t.Helper()
	return run(p, "reading the value of "+sel, chromedp.Value(chromedp.CSS(sel), chromedp.NodeReady))
}

func TestScanGS1DataMatrixIntoReceipt(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	warehouse := sqlitetest.Org(t, a.Store, ledger.OrgWarehouse, "Hankou Relief Warehouse 汉口救灾仓库")
	box := gs1DataMatrix(t, "0109501101530003"+"17271200"+"10AB-123\x1d"+"21SN42")

	// On a phone, in Chinese: from the receipt form, scan the box's barcode
	// (a photo of it); the form comes back with its batch, expiry and GTIN.
	pledge := pledgeToReceive(t, a, warehouse, "mask-surgical", 1200)
	staff := as(t, a, warehouse, "warehouse", phone, views.ZH)
	staff.open("/t/" + pledge + "/receive")
	staff.press("#rp-scan-0")
	staff.do("waiting for the camera section", chromedp.WaitVisible(chromedp.CSS("#scan-camera")))
	staff.load("photographing the box", 200, chromedp.SetUploadFiles(chromedp.CSS("#scan-photo"), []string{box}))
	if !strings.HasPrefix(staff.path(), "/t/"+pledge+"/receive") {
		t.Fatalf("after the scan the staff are at %s, want the receipt form", staff.url())
	}
	for sel, want := range map[string]string{"#rp-batch-0": "AB-123", "#rp-expiry-0": "2027-12-31", "#rp-gtin-0": "09501101530003"} {
		if got := staff.value(sel); got != want {
			t.Errorf("%s = %q after the scan, want %q", sel, got, want)
		}
	}
	staff.contains("AB-123")
	staff.press("#receive-pledge-submit")
	lot := staff.codesIn("#done-lots a")
	if len(lot) != 1 {
		t.Fatalf("the receipt made %d lots", len(lot))
	}
	staff.open("/t/" + lot[0])
	if got := staff.text("#lot-gtin"); got != "09501101530003" {
		t.Errorf("the lot's GTIN reads %q", got)
	}

	// On a desktop, in English: the header's scan link, the photo, then the
	// pledge's code typed; the receipt form is filled the same way.
	other := pledgeToReceive(t, a, warehouse, "mask-surgical", 300)
	desk := as(t, a, warehouse, "warehouse", desktop, views.EN)
	desk.open("/")
	desk.press("#nav-scan")
	desk.do("waiting for the camera section", chromedp.WaitVisible(chromedp.CSS("#scan-camera")))
	desk.load("photographing the box", 200, chromedp.SetUploadFiles(chromedp.CSS("#scan-photo"), []string{box}))
	if got := desk.text("#scan-batch") + " " + desk.text("#scan-expiry"); got != "AB-123 2027-12-31" {
		t.Errorf("the scan page shows %q", got)
	}
	desk.fill(map[string]string{"#scan-for": strings.ToLower(ledger.FormatCode(other))})
	desk.press("#scan-to-receipt")
	if got := desk.value("#rp-batch-0") + " " + desk.value("#rp-expiry-0"); got != "AB-123 2027-12-31" {
		t.Errorf("the receipt form shows %q", got)
	}
}

// Without JavaScript or a camera, a typed code opens its page; a mistyped
// one is refused on the same form, in the reader's language.
func TestScanTypedCodeWithoutJS(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	warehouse := sqlitetest.Org(t, a.Store, ledger.OrgWarehouse, "Hankou Relief Warehouse 汉口救灾仓库")
	lot := receivedLot(t, a, warehouse, "mask-surgical", 100)
	p := as(t, a, warehouse, "warehouse", phone, views.ZH, withoutJS)
	p.open("/scan")
	if p.count("#scan-camera:not([hidden])") != 0 {
		t.Error("the camera section shows without JavaScript")
	}
	typo := []byte(lot)
	typo[2], typo[3] = typo[3], typo[2]
	if typo[2] == typo[3] {
		typo[0] = map[bool]byte{true: '1', false: '0'}[typo[0] == '0']
	}
	p.fill(map[string]string{"#scan-q": string(typo)})
	if st := p.pressStatus("#scan-open"); st != 422 {
		t.Errorf("a mistyped code answers %d", st)
	}
	if got := p.text("#scan-error"); !strings.Contains(got, "校验") && !strings.Contains(got, "编码") {
		t.Errorf("the refusal reads %q", got)
	}
	p.fill(map[string]string{"#scan-q": strings.ToLower(ledger.FormatCode(lot))})
	p.press("#scan-open")
	if got := p.path(); got != "/t/"+lot {
		t.Errorf("the typed code opened %s", got)
	}
}
