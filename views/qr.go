package views

import (
	"strconv"
	"strings"
)

// QRSVG draws a QR bitmap (quiet zone included, as go-qrcode's Bitmap
// returns it) as a standalone SVG in module units: sharp at any print size.
func QRSVG(bm [][]bool) []byte {
	n := strconv.Itoa(len(bm))
	return []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + ` ` + n + `" shape-rendering="crispEdges">` +
		`<rect width="` + n + `" height="` + n + `" fill="#fff"/><path fill="#000" d="` + modulesPath(bm) + `"/></svg>`)
}

// modulesPath is an SVG path of a QR bitmap's dark modules, one rectangle
// per run of dark modules in a row, in module units.
func modulesPath(bm [][]bool) string {
	var b strings.Builder
	for y, row := range bm {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			b.WriteString("M" + strconv.Itoa(start) + " " + strconv.Itoa(y) + "h" + strconv.Itoa(x-start) + "v1h-" + strconv.Itoa(x-start) + "z")
		}
	}
	return b.String()
}
