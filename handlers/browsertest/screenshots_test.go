package browsertest

// The README's pictures are taken from the demo by TestPublicFollowsNeedToLotAndPledge,
// in both languages at both sizes, and TestWarehousePhoneScreens (the stock
// and scan pages on a phone); they are written to static/screenshots/
// only when asked (make screenshots), so ordinary runs leave the tree clean.

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// screenshotDir is where make screenshots writes the README's pictures.
const screenshotDir = "../../static/screenshots"

// readmeShots are the pictures the README shows.
var readmeShots = map[string]bool{
	"transparency-desktop-en": true, "transparency-phone-zh-CN": true,
	"trace-desktop-zh-CN": true, "trace-phone-en": true,
	"stock-phone-zh-CN": true, "scan-phone-en": true, // TestWarehousePhoneScreens
}

// shotsWanted reports whether this run should (re)write the README's pictures.
func shotsWanted() bool { return os.Getenv("AIDTRAIL_SCREENSHOTS") != "" }

// saveShot takes a full-page screenshot, checks that it is a real picture
// of the page at the tab's width, and writes it as static/screenshots/NAME.png
// when asked to.
func (p *tab) saveShot(name string) {
	p.t.Helper()
	b := p.screenshot()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		p.t.Fatalf("%s: screenshot %s is not a PNG: %v", p.name, name, err)
	}
	if w := img.Bounds().Dx(); w != int(p.vp.w*p.vp.scale()) {
		p.t.Errorf("%s: screenshot %s is %d px wide, want %d", p.name, name, w, p.vp.w*p.vp.scale())
	}
	if colours(img) < 3 {
		p.t.Errorf("%s: screenshot %s is blank", p.name, name)
	}
	if !shotsWanted() || !readmeShots[name] {
		return
	}
	// The README shows what the screen shows first, not the whole page.
	b = run(p, "taking a screenshot of the screen", chromedp.CaptureScreenshot())
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	path := filepath.Join(screenshotDir, name+".png")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("wrote %s", path)
}

// colours counts distinct colours, stopping early: a blank page has one.
func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 7 {
		for x := r.Min.X; x < r.Max.X; x += 7 {
			c0, c1, c2, c3 := img.At(x, y).RGBA()
			seen[[4]uint32{c0, c1, c2, c3}] = true
			if len(seen) >= 16 {
				return len(seen)
			}
		}
	}
	return len(seen)
}
