package views

// A lot's label as a PNG, for label printers and chat apps: the QR code of
// the absolute URL of /t/{code} and, under it, the code in large type drawn
// with a small built-in bitmap font (the code alphabet and the dash only).

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	qrcode "github.com/skip2/go-qrcode"
)

// glyphs are 5x7 bitmaps, rows separated by spaces, '#' for ink.
var glyphs = map[rune]string{
	'-': "..... ..... ..... ##### ..... ..... .....",
	'0': ".###. #...# #..## #.#.# ##..# #...# .###.",
	'1': "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
	'2': ".###. #...# ....# ...#. ..#.. .#... #####",
	'3': "##### ...#. ..#.. ...#. ....# #...# .###.",
	'4': "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
	'5': "##### #.... ####. ....# ....# #...# .###.",
	'6': "..##. .#... #.... ####. #...# #...# .###.",
	'7': "##### ....# ...#. ..#.. .#... .#... .#...",
	'8': ".###. #...# #...# .###. #...# #...# .###.",
	'9': ".###. #...# #...# .#### ....# ...#. .##..",
	'A': ".###. #...# #...# ##### #...# #...# #...#",
	'B': "####. #...# #...# ####. #...# #...# ####.",
	'C': ".###. #...# #.... #.... #.... #...# .###.",
	'D': "###.. #..#. #...# #...# #...# #..#. ###..",
	'E': "##### #.... #.... ####. #.... #.... #####",
	'F': "##### #.... #.... ####. #.... #.... #....",
	'G': ".###. #...# #.... #.### #...# #...# .####",
	'H': "#...# #...# #...# ##### #...# #...# #...#",
	'J': "..### ...#. ...#. ...#. ...#. #..#. .##..",
	'K': "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
	'M': "#...# ##.## #.#.# #.#.# #...# #...# #...#",
	'N': "#...# #...# ##..# #.#.# #..## #...# #...#",
	'P': "####. #...# #...# ####. #.... #.... #....",
	'Q': ".###. #...# #...# #...# #.#.# #..#. .##.#",
	'R': "####. #...# #...# ####. #.#.. #..#. #...#",
	'S': ".#### #.... #.... .###. ....# ....# ####.",
	'T': "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
	'V': "#...# #...# #...# #...# #...# .#.#. ..#..",
	'W': "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
	'X': "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
	'Y': "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
	'Z': "##### ....# ...#. ..#.. .#... #.... #####",
}

const (
	qrScale   = 8 // pixels per QR module
	textScale = 6 // pixels per font dot
	margin    = 24
)

// LabelPNG draws the label of lot code for a site at baseURL.
func LabelPNG(baseURL, code string) ([]byte, error) {
	q, err := qrcode.New(TraceURL(strings.TrimSuffix(baseURL, "/"), code), qrcode.Medium)
	if err != nil {
		return nil, err
	}
	bm := q.Bitmap()
	text := ledger.FormatCode(code)
	qrW := len(bm) * qrScale
	textW := len(text)*6*textScale - textScale
	w := max(qrW, textW) + 2*margin
	h := qrW + 7*textScale + 2*margin
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	fill := func(x, y, size int) {
		for dy := range size {
			for dx := range size {
				img.SetGray(x+dx, y+dy, color.Gray{})
			}
		}
	}
	qx := (w - qrW) / 2
	for y, row := range bm {
		for x, dark := range row {
			if dark {
				fill(qx+x*qrScale, y*qrScale, qrScale)
			}
		}
	}
	tx, ty := (w-textW)/2, qrW+margin/2
	for i, r := range text {
		rows := strings.Fields(glyphs[r])
		for y, row := range rows {
			for x, c := range row {
				if c == '#' {
					fill(tx+(i*6+x)*textScale, ty+y*textScale, textScale)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
