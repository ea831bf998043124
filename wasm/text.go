//go:build js && wasm

package main

import (
	_ "embed"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// fonts makes faces by pixel size, once each: Go Regular, then for the
// characters it lacks the small subset of Noto Sans CJK JP that the
// canvas's Japanese words need (fonts/canvas-ja.otf, made by
// fonts/subset.py). Both ship inside the wasm: nothing is fetched at run
// time. GoXFace is used rather than GoTextFace because it keeps the wasm
// about 0.5 MB (brotli) smaller.
type fonts struct {
	latin, japanese *opentype.Font
	faces           map[int]faces
}

// faces are one size's: the two fonts together, and Go Regular's alone,
// whose metrics place a line (so that a label sits where a still, which
// draws Go Regular, puts it, whatever the Japanese font's taller ones).
type faces struct {
	both  *text.MultiFace
	latin *text.GoXFace
}

//go:embed fonts/canvas-ja.otf
var japaneseOTF []byte

func (f *fonts) face(px float64) faces {
	size := int(math.Round(px))
	if face, ok := f.faces[size]; ok {
		return face
	}
	if f.latin == nil {
		var err error
		if f.latin, err = opentype.Parse(goregular.TTF); err != nil {
			panic(err) // the embedded fonts are known to parse
		}
		if f.japanese, err = opentype.Parse(japaneseOTF); err != nil {
			panic(err)
		}
		f.faces = map[int]faces{}
	}
	var each []text.Face
	for _, font := range []*opentype.Font{f.latin, f.japanese} {
		ff, err := opentype.NewFace(font, &opentype.FaceOptions{Size: float64(size), DPI: 72, Hinting: xfont.HintingNone})
		if err != nil {
			panic(err)
		}
		each = append(each, text.NewGoXFace(ff))
	}
	both, err := text.NewMultiFace(each...)
	if err != nil {
		panic(err)
	}
	face := faces{both: both, latin: each[0].(*text.GoXFace)}
	f.faces[size] = face
	return face
}

// label draws s at (x, y) in px-sized type; ax and ay align it (0 start,
// 0.5 centre, 1 end) horizontally and vertically.
func (f *fonts) label(dst *ebiten.Image, s string, x, y, px float64, clr color.Color, ax, ay float64) {
	face := f.face(px)
	// The baseline where Go Regular's line, aligned by ay, has it; then the
	// two fonts' line drawn from its top so that its baseline falls there.
	lm, bm := face.latin.Metrics(), face.both.Metrics()
	base := y + lm.HAscent - alignFraction(ay)*(lm.HAscent+lm.HDescent)
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, base-bm.HAscent)
	op.ColorScale.ScaleWithColor(clr)
	op.PrimaryAlign = align(ax)
	op.SecondaryAlign = text.AlignStart
	text.Draw(dst, s, face.both, op)
}

// alignFraction is where align(a) puts a line: 0 start, 0.5 centre, 1 end.
func alignFraction(a float64) float64 {
	switch align(a) {
	case text.AlignStart:
		return 0
	case text.AlignEnd:
		return 1
	}
	return 0.5
}

func align(a float64) text.Align {
	switch {
	case a < 0.25:
		return text.AlignStart
	case a > 0.75:
		return text.AlignEnd
	}
	return text.AlignCenter
}

// width returns how wide s is in px-sized type.
func (f *fonts) width(s string, px float64) float64 {
	return text.Advance(s, f.face(px).both)
}
