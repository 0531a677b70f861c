package browsertest

// The README's pictures are taken by this test from the demo, in both
// languages at both sizes; they are written to static/screenshots/ only when
// asked (make screenshots), so ordinary runs leave the tree clean.

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/aidtrail/aidtrail/views"
)

// screenshotDir is where make screenshots writes the README's pictures.
const screenshotDir = "../../static/screenshots"

// shotsWanted reports whether this run should (re)write the README's pictures.
func shotsWanted() bool { return os.Getenv("AIDTRAIL_SCREENSHOTS") != "" }

func TestScreenshots(t *testing.T) {
	t.Parallel()
	a, _ := newDemoApp(t)
	pages := []struct{ name, path string }{
		{"transparency", "/"},
	}
	inEach(t, everyLook, func(t *testing.T, vp viewport, l views.Lang) {
		p := newTab(t, a, "visitor", vp, l)
		for _, pg := range pages {
			p.open(pg.path)
			p.inLang(l, pg.name)
			p.saveShot(pg.name + "-" + vp.name + "-" + l.Code())
		}
	})
}

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
	if !shotsWanted() {
		return
	}
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
