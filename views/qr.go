package views

import (
	"strconv"
	"strings"
)

// QRSVG draws a QR bitmap (quiet zone included, as go-qrcode's Bitmap
// returns it) as a standalone SVG in module units: sharp at any print size.
func QRSVG(bm [][]bool) []byte {
	n := strconv.Itoa(len(bm))
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + ` ` + n + `" shape-rendering="crispEdges">`)
	b.WriteString(`<rect width="` + n + `" height="` + n + `" fill="#fff"/><path fill="#000" d="`)
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
	b.WriteString(`"/></svg>`)
	return []byte(b.String())
}
