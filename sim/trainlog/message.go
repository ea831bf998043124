package trainlog

import (
	"maps"

	"noiseball/sim/message"
)

// A Message is something the package says about a log: a stable code and
// named parameters (a message.Message), so that a caller can write it in
// any language. Text writes it in English or Japanese from the templates
// of Catalog; the page writes the same codes from the same templates
// (static/link-schema.json holds them). Parameters are already formatted
// (numbers as the English text shows them); a template refers to one as
// {name}.
type Message struct {
	Code   string            `json:"code"`
	Params map[string]string `json:"params,omitempty"`
}

// msg builds a Message from a code and pairs of parameter names and values.
func msg(code string, kv ...string) Message { return Message(message.New(code, kv...)) }

// Languages lists the languages Text writes: "en" and "ja".
var Languages = message.Languages()

// Text writes m in lang ("en" or "ja"; anything else is English), its
// parameters put in place. An unknown code is written as the code and its
// parameters.
func (m Message) Text(lang string) string { return templates.Text(message.Message(m), lang) }

// String returns m in English.
func (m Message) String() string { return m.Text("en") }

// Catalog returns the templates of every code in lang ("en" or "ja"), for a
// caller that renders Messages itself.
func Catalog(lang string) map[string]string { return templates.Templates(lang) }

// Texts returns the catalog of every code's English and Japanese text, a
// copy.
func Texts() message.Catalog { return maps.Clone(templates) }

// templates holds every code's English and Japanese text. The Japanese puts
// a half-width space between Japanese and Latin letters or digits, as the
// page's translations do.
var templates = message.Catalog{
	// Where a ParseError is.
	"at.line.column.name": {`line {line}, column {column} ("{name}")`, `{line} 行目の {column} 列目 (「{name}」)`},
	"at.line.column":      {`line {line}, column {column}`, `{line} 行目の {column} 列目`},
	"at.line":             {`line {line}`, `{line} 行目`},
	"at.column.name":      {`column {column} ("{name}")`, `{column} 列目 (「{name}」)`},
	"at.column":           {`column {column}`, `{column} 列目`},
	"at.name":             {`"{name}"`, `「{name}」`},
	"at.record":           {`record {record} (byte {offset})`, `レコード {record} (バイト位置 {offset})`},
	"at.record.name":      {`record {record} (byte {offset}, "{name}")`, `レコード {record} (バイト位置 {offset}、「{name}」)`},

	// Reading.
	"read.failed": {`reading failed: {reason}`, `読み込みに失敗しました (理由: {reason})`},
	"line.long":   {`the line is longer than {max} bytes`, `行が {max} バイトを超えています`},
	"text.binary": {`holds NUL bytes: this is not UTF-8 text (a binary file, or text saved as UTF-16?)`,
		`NUL バイトを含んでいるため、UTF-8 のテキストではありません (バイナリファイルか、UTF-16 で保存したテキストではありませんか)`},
	"file.empty": {`the file is empty: want a header or rows of step and loss`,
		`ファイルが空です。ヘッダー行か、ステップと損失の行が必要です`},
	"file.large": {`the file is larger than {max} bytes`, `ファイルが {max} バイトを超えています`},
	"rows.many": {`the log has more than {max} rows: keep every k-th row`,
		`記録が {max} 行を超えています。k 行ごとに 1 行だけ残してください`},

	// CSV.
	"csv.single": {`"{value}" is a single column: want a step and a loss, separated by a comma, semicolon, tab or spaces`,
		`「{value}」は 1 列だけです。ステップと損失を、カンマ、セミコロン、タブ、空白のどれかで区切ってください`},
	"csv.quote.open": {`has an opening quote but no closing quote on its line`,
		`引用符が開いたまま、同じ行で閉じていません`},
	"csv.quote.after": {`"{value}" follows the closing quote of the field`,
		`フィールドの閉じ引用符の後に「{value}」があります`},
	"csv.fields.missing.header": {`is missing: the line has {got} of the {want} fields of the header (line {header})`,
		`がありません。この行のフィールドは {got} 個ですが、ヘッダー ({header} 行目) には {want} 個あります`},
	"csv.fields.missing.first": {`is missing: the line has {got} of the {want} fields of the first line`,
		`がありません。この行のフィールドは {got} 個ですが、最初の行には {want} 個あります`},
	"csv.fields.extra.header": {`"{value}" is one field too many: the line has {got} fields, the header (line {header}) has {want} (a decimal comma in a comma-separated file?)`,
		`「{value}」は余分なフィールドです。この行のフィールドは {got} 個ですが、ヘッダー ({header} 行目) には {want} 個しかありません (カンマ区切りのファイルで小数点にカンマを使っていませんか)`},
	"csv.fields.extra.first": {`"{value}" is one field too many: the line has {got} fields, the first line has {want} (a decimal comma in a comma-separated file?)`,
		`「{value}」は余分なフィールドです。この行のフィールドは {got} 個ですが、最初の行には {want} 個しかありません (カンマ区切りのファイルで小数点にカンマを使っていませんか)`},
	"csv.header.duplicate": {`is a second column named "{name}": column {other} has that name already; rename or remove one of them`,
		`「{name}」という名前の 2 つ目の列です ({other} 列目が同じ名前です)。どちらかの名前を変えるか、削除してください`},
	"csv.header.nostep": {`the header ({names}) has no step column: want one named {want}`,
		`ヘッダー ({names}) にステップの列がありません。{want} のどれかの名前の列が必要です`},
	"csv.header.only": {`the header is not followed by any row`, `ヘッダーの後にデータの行がありません`},

	// Numbers and steps.
	"number.invalid": {`"{value}" is not a number`, `「{value}」は数値ではありません`},
	"number.hex": {`"{value}" is a hexadecimal number: write it as a plain decimal number ({plain})`,
		`「{value}」は 16 進数です。普通の 10 進数で書いてください ({plain})`},
	"number.underscore": {`"{value}" has underscores: write the number without them ({plain})`,
		`「{value}」にアンダースコアが含まれています。アンダースコアを除いて書いてください ({plain})`},
	"step.infinite": {`"{value}" is not a finite step`, `「{value}」は有限のステップではありません`},
	"step.none": {`no row has a step: all {rows} are missing`,
		`ステップのある行がありません (全 {rows} 行で欠けています)`},
	"step.order": {`"{value}" does not follow step {prev} on line {prevLine}: steps must increase (rows out of order, or a run restarted from a checkpoint? keep the rows of one run, in order)`,
		`「{value}」は {prevLine} 行目のステップ {prev} より大きくありません。ステップは増えていく必要があります (行の順序が入れ替わっているか、チェックポイントから再開した実行ではありませんか。1 回の実行の行だけを順に残してください)`},
	"step.order.record": {`step {value} does not follow step {prev} of record {prevRecord}: steps must increase (a run restarted from a checkpoint into the same file?)`,
		`ステップ {value} はレコード {prevRecord} のステップ {prev} より大きくありません。ステップは増えていく必要があります (チェックポイントから再開した実行が同じファイルに書いていませんか)`},
	"series.nofinite": {`has no finite value: {missing} of {points} are NaN or infinite`,
		`有限の値がありません ({points} 個中 {missing} 個が NaN か無限大です)`},

	// JSON and JSON lines.
	"json.value": {`expected a value (a number, a string, an object, an array, true, false or null), found {found}`,
		`値 (数値、文字列、オブジェクト、配列、true、false、null) が必要な位置に {found} があります`},
	"json.key": {`expected a member's name in double quotes, found {found}`,
		`二重引用符で囲んだメンバー名が必要な位置に {found} があります`},
	"json.colon": {`expected ':' after the member's name, found {found}`,
		`メンバー名の後には ':' が必要ですが、{found} があります`},
	"json.object": {`expected ',' or '}' after an object's member, found {found}`,
		`オブジェクトのメンバーの後には ',' か '}' が必要ですが、{found} があります`},
	"json.array": {`expected ',' or ']' after an array's element, found {found}`,
		`配列の要素の後には ',' か ']' が必要ですが、{found} があります`},
	"json.string": {`the string does not close on its line`, `文字列がその行で閉じていません`},
	"json.escape": {`"{value}" is not an escape JSON knows`, `「{value}」は JSON のエスケープではありません`},
	"json.control": {`the string holds a control character: JSON writes it as an escape (\n, \t, \u0000)`,
		`文字列に制御文字が含まれています。JSON ではエスケープ (\n、\t、\u0000) で書きます`},
	"json.number": {`"{value}" is not a JSON number`, `「{value}」は JSON の数値ではありません`},
	"json.extra": {`expected the end of the JSON value, found {found}`,
		`JSON の値はここで終わるはずですが、{found} があります`},
	"json.eof": {`the file ends inside a JSON value (a missing '}' or ']'?)`,
		`JSON の値の途中でファイルが終わっています ('}' か ']' が足りませんか)`},
	"json.depth": {`the values are nested more than {max} deep`, `値の入れ子が {max} 段を超えています`},
	"json.history": {`the JSON object has no log_history array: want Hugging Face's trainer_state.json, a JSON array of objects, or JSON lines (one object a line)`,
		`JSON オブジェクトに log_history の配列がありません。Hugging Face の trainer_state.json、オブジェクトの配列、または JSON Lines (1 行に 1 オブジェクト) が必要です`},
	"json.record": {`expected an object (one logged record), found {found}`,
		`記録 1 件分のオブジェクトが必要な位置に {found} があります`},

	// TensorBoard event files.
	"tfevents.crc.length": {`the record's length fails its checksum (CRC-32C): the file is corrupt here`,
		`レコードの長さのチェックサム (CRC-32C) が合いません。ファイルがここで壊れています`},
	"tfevents.crc.data": {`the record's data fail their checksum (CRC-32C): the file is corrupt here`,
		`レコードのデータのチェックサム (CRC-32C) が合いません。ファイルがここで壊れています`},
	"tfevents.proto": {`the record is not a valid Event message (field {field} is malformed)`,
		`レコードが正しい Event メッセージではありません (フィールド {field} が壊れています)`},

	// Choosing what to judge.
	"column.unknown": {`no column, key or tag is named "{name}": the log has {names}`,
		`「{name}」という列、キー、タグはありません。この記録にあるのは {names} です`},
	"column.ambiguous": {`"{name}" could be any of {names}: give the whole name`,
		`「{name}」に当てはまるものが複数あります ({names})。名前を正確に指定してください`},
	"column.noloss": {`no column, key or tag looks like a loss: the log has {names}; choose one by its name`,
		`損失らしい列、キー、タグがありません。この記録にあるのは {names} です。名前で 1 つ選んでください`},
	"column.none": {`the log holds no numbers to judge`, `判定できる数値が記録にありません`},

	// Notes: what the reader left out, and why.
	"note.step.nan": {`rows whose step is NaN were left out (count: {count}; the first on line {line})`,
		`ステップが NaN の行が {count} 行あり、除外しました (最初は {line} 行目)`},
	"note.step.missing": {`rows without a step were left out (count: {count}; the first on line {line})`,
		`ステップのない行が {count} 行あり、除外しました (最初は {line} 行目)`},
	"note.value.nan": {`"{name}" has NaN or infinite values that finite ones follow, which were left out (count: {count}; the first at step {step}, line {line})`,
		`「{name}」が NaN か無限大の行が {count} 行あり、その後に有限の値が続くため除外しました (最初はステップ {step}、{line} 行目)`},
	"note.value.nan.record": {`"{name}" has NaN or infinite values that finite ones follow, which were left out (count: {count}; the first at step {step}, record {line})`,
		`「{name}」が NaN か無限大のレコードが {count} 個あり、その後に有限の値が続くため除外しました (最初はステップ {step}、レコード {line})`},
	"note.stopped": {`the file ends inside record {record} (byte {offset}): read up to the last whole record`,
		`ファイルがレコード {record} (バイト位置 {offset}) の途中で終わっています。最後の完全なレコードまで読みました`},
	"note.records": {`the records have no step: their order counts as the step (1, 2, 3, ...)`,
		`記録にステップがないため、順番 (1, 2, 3, ...) をステップとみなしました`},

	// Verdicts: the headline, then the reason with its numbers.
	"head.tooshort": {`too short: {rows} rows; at least {need} are needed`,
		`{rows} 行では短すぎます (少なくとも {need} 行が必要です)`},
	"head.improving":  {`still improving`, `まだ改善しています`},
	"head.converging": {`still improving: converging`, `まだ改善しています (収束しつつあります)`},
	"head.plateaued": {`plateaued in a noise ball since step {since} (fluctuation ±{noise})`,
		`ステップ {since} 以降、ノイズボールの中で頭打ちです (揺らぎ ±{noise})`},
	"head.constant":  {`plateaued: constant since step {since}`, `頭打ち: ステップ {since} 以降は一定です`},
	"head.diverging": {`diverging`, `発散しています`},

	"reason.rows": {`{n} finite values in the last decade of steps, too few for the tests`,
		`最後の 1 桁分のステップにある有限の値が {n} 個で、検定には足りません`},
	"reason.fall": {`over steps {from} to {to} the loss changed by {change} ± {err} per decade of steps, a fall beyond its fluctuation (±{noise})`,
		`ステップ {from} から {to} までの損失の変化は 1 桁のステップあたり {change} ± {err} で、揺らぎ (±{noise}) では説明できない減少です`},
	"reason.fall.log": {`over steps {from} to {to} the loss fell like n^{rate} ± {err} (a factor {factor} per decade of steps), beyond its fluctuation (±{noise})`,
		`ステップ {from} から {to} まで、損失は n^{rate} ± {err} のように減りました (1 桁のステップあたり {factor} 倍)。揺らぎ (±{noise}) では説明できない減少です`},
	"reason.rise": {`over steps {from} to {to} the loss changed by {change} ± {err} per decade of steps, a rise beyond its fluctuation (±{noise})`,
		`ステップ {from} から {to} までの損失の変化は 1 桁のステップあたり {change} ± {err} で、揺らぎ (±{noise}) では説明できない増加です`},
	"reason.rise.log": {`over steps {from} to {to} the loss rose like n^{rate} ± {err} (a factor {factor} per decade of steps), beyond its fluctuation (±{noise})`,
		`ステップ {from} から {to} まで、損失は n^{rate} ± {err} のように増えました (1 桁のステップあたり {factor} 倍)。揺らぎ (±{noise}) では説明できない増加です`},
	"reason.shrink": {`over steps {from} to {to} the fluctuation shrank from ±{early} to ±{late}, more than chance would, while the loss changed by {change} ± {err} per decade of steps`,
		`ステップ {from} から {to} までに、揺らぎが ±{early} から ±{late} へ偶然では説明できないほど小さくなりました (損失の変化は 1 桁のステップあたり {change} ± {err})`},
	"reason.shrink.log": {`over steps {from} to {to} the fluctuation shrank from ±{early} to ±{late}, more than chance would, while the loss went like n^{rate} ± {err}`,
		`ステップ {from} から {to} までに、揺らぎが ±{early} から ±{late} へ偶然では説明できないほど小さくなりました (損失は n^{rate} ± {err} のように推移)`},
	"reason.plateau": {`over steps {from} to {to} the loss changed by {change} ± {err} per decade of steps, by at most {bound} from the first of these steps to the last (95% bound): less than its fluctuation (±{noise}), and the fluctuation did not shrink`,
		`ステップ {from} から {to} までの損失の変化は 1 桁のステップあたり {change} ± {err} で、この区間の最初から最後までの変化は大きくても {bound} (95% の上限) と揺らぎ (±{noise}) より小さく、揺らぎも小さくなっていません`},
	"reason.plateau.log": {`over steps {from} to {to} the loss went like n^{rate} ± {err}: from the first of these steps to the last it changed by at most {bound} (95% bound), less than its fluctuation (±{noise}), and the fluctuation did not shrink`,
		`ステップ {from} から {to} まで、損失は n^{rate} ± {err} のように推移しました。この区間の最初から最後までの変化は大きくても {bound} (95% の上限) で揺らぎ (±{noise}) より小さく、揺らぎも小さくなっていません`},
	"reason.undecided": {`over steps {from} to {to} the loss changed by {change} ± {err} per decade of steps: neither a clear fall or rise nor clearly less than its fluctuation (±{noise}); at this noise, about {need} rows would tell`,
		`ステップ {from} から {to} までの損失の変化は 1 桁のステップあたり {change} ± {err} です。はっきりした減少でも増加でもなく、揺らぎ (±{noise}) より小さいとも言い切れません。このノイズでは約 {need} 行あれば判定できます`},
	"reason.undecided.log": {`over steps {from} to {to} the loss went like n^{rate} ± {err}: neither a clear fall or rise nor clearly less than its fluctuation (±{noise}); at this noise, about {need} rows would tell`,
		`ステップ {from} から {to} まで、損失は n^{rate} ± {err} のように推移しました。はっきりした減少でも増加でもなく、揺らぎ (±{noise}) より小さいとも言い切れません。このノイズでは約 {need} 行あれば判定できます`},
	"reason.constant": {`over steps {from} to {to} the loss did not change at all`,
		`ステップ {from} から {to} まで、損失はまったく変化していません`},
	"reason.nan": {`the loss is NaN or infinite from step {step} to the end of the log`,
		`ステップ {step} から最後まで、損失が NaN か無限大です`},

	// What the theory says a change would do.
	"theory.noiseball": {`The excess loss of a noise ball above the optimum is proportional to a small learning rate, for SGD-type methods and Adam alike: a rate 10x lower would shrink it about 10x, and a learning rate that decays to zero removes it. The log cannot show how much of the plateau is that excess: part of it may be the loss's own floor, and a mini-batch loss also fluctuates with the data, which no learning rate removes.`,
		`ノイズボールによる損失の上乗せ (最適値との差) は、学習率が小さければ学習率に比例します。SGD 系の手法でも Adam でも同じです。学習率を 1/10 にすれば上乗せは約 1/10 になり、学習率を 0 まで減衰させれば消えます。ただし、頭打ちのうちどれだけがこの上乗せなのかは記録からはわかりません。一部は損失そのものの下限かもしれず、ミニバッチの損失はデータによっても揺らぎます (こちらは学習率では消えません)。`},
	"theory.noiseball.lr": {`The excess loss of a noise ball above the optimum is proportional to a small learning rate, for SGD-type methods and Adam alike: at the learning rate of {lr} the log shows, a rate of {lower} would shrink it about 10x, and a learning rate that decays to zero removes it. The log cannot show how much of the plateau is that excess: part of it may be the loss's own floor, and a mini-batch loss also fluctuates with the data, which no learning rate removes.`,
		`ノイズボールによる損失の上乗せ (最適値との差) は、学習率が小さければ学習率に比例します。SGD 系の手法でも Adam でも同じです。記録にある学習率 {lr} を {lower} にすれば上乗せは約 1/10 になり、学習率を 0 まで減衰させれば消えます。ただし、頭打ちのうちどれだけがこの上乗せなのかは記録からはわかりません。一部は損失そのものの下限かもしれず、ミニバッチの損失はデータによっても揺らぎます (こちらは学習率では消えません)。`},
	"theory.lr.falling": {`The learning rate fell from {start} to {end} during the plateau while the loss stayed flat. A noise ball's excess loss falls in proportion to the rate, so little of this plateau is likely to be that excess.`,
		`頭打ちの間に学習率は {start} から {end} まで下がりましたが、損失は横ばいのままでした。ノイズボールによる上乗せは学習率に比例して減るので、この頭打ちのうち上乗せの分は小さいと考えられます。`},
}
