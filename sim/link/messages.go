package link

import (
	"maps"
	"strconv"

	"noiseball/sim/message"
)

// What the link's errors say, as data: a ParamError's Want (what the
// parameter allows) and Why (what is wrong with a malformed number, or
// nothing) are Messages, and its whole line is the Message Line returns,
// written with the want and the why in place. The command line and the
// stills write them in English (Error); the page writes the same codes in
// English or Japanese from Catalog, which static/link-schema.json holds.

// Texts returns the templates of every code the link's errors use, in
// English and Japanese (a copy).
func Texts() message.Catalog { return maps.Clone(messages) }

// Catalog returns the templates of every code in lang ("en" or "ja"), for
// a caller that writes the errors itself.
func Catalog(lang string) map[string]string { return messages.Templates(lang) }

// say is the Message of code with pairs of parameter names and values.
func say(code string, kv ...string) message.Message { return message.New(code, kv...) }

// english writes m in English.
func english(m message.Message) string { return messages.Text(m, "en") }

// messages holds every code's English and Japanese. The Japanese "want"
// texts are noun phrases that the line quotes (使える値は「…」です); the
// "why" texts go in parentheses after it. The Japanese follows
// static/GLOSSARY.md.
var messages = message.Catalog{
	// The line: the parameter, its value (quoted) and what it wants.
	"line":         {`{param}={value}: want {want}`, `{param}={value}: 使える値は「{want}」です。`},
	"line.why":     {`{param}={value}: want {want} ({why})`, `{param}={value}: 使える値は「{want}」です ({why})。`},
	"line.unknown": {`{param}={value}: want {want}`, `{param}={value}: この名前のパラメーターはありません。使えるのは「{want}」です。`},
	"more":         {`and {n} more problems`, `ほかに {n} 件の問題があります。`},
	"query.escape": {`the link has a malformed escape {value}: write % as %25`, `リンクに不正なエスケープ {value} があります。% は %25 と書いてください。`},
	"query.semicolon": {`the link separates parameters with ';': use '&'`,
		`リンクのパラメーターが「;」で区切られています。「&」で区切ってください。`},

	// What a parameter allows.
	"want.number":  {`a number in {range}`, `{range} の範囲の数値`},
	"want.integer": {`an integer in {range}`, `{range} の範囲の整数`},
	"want.pair":    {`a number or a pair x,y, each in [{lo}, {hi}]`, `[{lo}, {hi}] の範囲の数値 1 つか、その範囲の x,y の組`},
	"want.words":   {`one of {words}`, `{words} のいずれか`},
	"want.text":    {`a column or tag name of 1 to {max} bytes`, `1 から {max} バイトの列名またはタグ名`},
	"want.either":  {`{a} or {b}`, `{a} か {b} のどちらか`},
	"want.only":    {`{value}`, `{value} だけ`},
	"want.growth": {`{const}, {lin}:R with R in {linRange}, or {geo}:R with R in {geoRange}`,
		`{const}、{lin}:R (R は {linRange} の範囲)、{geo}:R (R は {geoRange} の範囲) のいずれか`},
	"want.data":     {`one of {words} ({which})`, `{words} のいずれか ({which})`},
	"want.data.for": {`one of {names} for problem={problem}`, `problem={problem} では {names} のいずれか`},
	"want.elsewhere": {`nothing: {param} applies only to problem={problem}`,
		`値なし (problem={problem} だけの {param} は、この問題では使えません)`},
	"want.runs.model": {`an integer in [1, {max}] for problem={problem} (d = {d}) with {lanes} lane(s)`,
		`problem={problem} (d = {d}) でレーンが {lanes} 本なら [1, {max}] の範囲の整数`},
	"want.wd.model": {`a number in (0, 10] for problem={problem}: without weight decay the cross-entropy of separable classes has no minimizer`,
		`problem={problem} では (0, 10] の範囲の数値 (重み減衰がないと、分離可能なクラスの交差エントロピーには最小点がありません)`},
	"want.known": {`a known parameter (see the README's link table)`, `README のリンクの表にあるパラメーター名`},
	"want.sweep": {`two axes P:lo:hi:scale:n joined by a comma, P a numeric parameter (lr, b2, batch, sigma, ...), scale log or lin, n in [1, {max}]`,
		`カンマでつないだ 2 つの軸 P:lo:hi:scale:n (P は数値のパラメーター (lr、b2、batch、sigma など)、scale は log か lin、n は [1, {max}] の整数)`},
	"want.sweep.none": {`two axes P:lo:hi:scale:n joined by a comma, P a numeric parameter (lr, b2, batch, sigma, ...), scale log or lin, n in [1, {max}] (the link has no sweep)`,
		`カンマでつないだ 2 つの軸 P:lo:hi:scale:n (P は数値のパラメーター (lr、b2、batch、sigma など)、scale は log か lin、n は [1, {max}] の整数。このリンクには sweep がありません)`},
	"want.sweep.distinct": {`two different parameters`, `異なる 2 つのパラメーター`},
	"want.axis.parts":     {`an axis P:lo:hi:scale:n with five parts separated by ':'`, `「:」で区切った 5 つの部分からなる軸 P:lo:hi:scale:n`},
	"want.axis.param": {`an axis on a numeric parameter: one of {params} (or its lane form, e.g. lr2)`,
		`数値のパラメーターの軸 ({params} のいずれか、またはそのレーン版 (lr2 など))`},
	"want.axis.low.number":  {`a number for {param}'s low end, not {value}`, `{param} の下端の数値 ({value} ではなく)`},
	"want.axis.high.number": {`a number for {param}'s high end, not {value}`, `{param} の上端の数値 ({value} ではなく)`},
	"want.axis.low.range":   {`a low end of {param} in its range, {range} (not {value})`, `{param} の範囲 {range} 内の下端 ({value} ではなく)`},
	"want.axis.high.range":  {`a high end of {param} in its range, {range} (not {value})`, `{param} の範囲 {range} 内の上端 ({value} ではなく)`},
	"want.axis.scale":       {`the scale log or lin, not {value}`, `目盛り log か lin ({value} ではなく)`},
	"want.axis.n": {`n, the number of values, an integer in [1, {max}], not {value}`,
		`値の個数 n として [1, {max}] の範囲の整数 ({value} ではなく)`},
	"want.axis.single": {`lo = hi for a single value (n = 1)`, `値が 1 つ (n = 1) なら lo = hi`},
	"want.axis.order":  {`lo < hi`, `lo < hi となる値`},
	"want.axis.log":    {`lo > 0 on a log scale`, `対数目盛りでは lo > 0 となる値`},

	// What is wrong with a malformed number (ParamError.Problem).
	"why.empty":           {`empty`, `値が空です`},
	"why.hexadecimal":     {`hexadecimal: write {plain}`, `16 進数です。{plain} と書いてください`},
	"why.binary":          {`binary: write {plain}`, `2 進数です。{plain} と書いてください`},
	"why.octal":           {`octal: write {plain}`, `8 進数です。{plain} と書いてください`},
	"why.hexadecimal.any": {`hexadecimal: write a decimal number`, `16 進数です。10 進数で書いてください`},
	"why.binary.any":      {`binary: write a decimal number`, `2 進数です。10 進数で書いてください`},
	"why.octal.any":       {`octal: write a decimal number`, `8 進数です。10 進数で書いてください`},
	"why.underscore":      {`digits grouped with _: write {plain}`, `数字が _ で区切られています。{plain} と書いてください`},
	"why.underscore.any":  {`digits grouped with _`, `数字が _ で区切られています`},
	"why.infinite":        {`infinite`, `無限大です`},
	"why.nan":             {`not a number (NaN)`, `数値ではありません (NaN)`},
	"why.comma":           {`a decimal comma: write {plain}`, `小数点にカンマが使われています。{plain} と書いてください`},
	"why.comma.any":       {`a comma in a single number`, `1 つの数値の中にカンマがあります`},
	"why.not-a-number":    {`not a decimal number`, `10 進数の数値ではありません`},
	"why.not-whole":       {`not a whole number`, `整数ではありません`},
	"why.too-large":       {`too large`, `大きすぎます`},
	"why.not-a-pair":      {`more than two numbers`, `数値が 3 つ以上あります`},
}

// quote writes a value as a line quotes it.
func quote(s string) string { return strconv.Quote(s) }
