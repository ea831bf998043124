package sim

import (
	"maps"
	"strconv"

	"noiseball/sim/message"
)

// TheoremTexts returns the sentences of the theorem's panel (Hypotheses):
// why each hypothesis holds or fails (Hypothesis.Why) and the conclusion
// (TheoremCheck.Verdict), by code, in English and Japanese (a copy). The
// page writes them in its language from static/link-schema.json.
func TheoremTexts() message.Catalog { return maps.Clone(theoremTexts) }

// formatG writes x as %g does.
func formatG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// theoremTexts are the panel's sentences. The Japanese follows
// static/GLOSSARY.md: です・ます, a half-width space between Japanese and
// Latin letters or digits.
var theoremTexts = message.Catalog{
	// lr-floor
	"lr-floor.const": {`γₙ stays at {lr}.`, `γₙ は {lr} のまま一定です。`},
	"lr-floor.auto.floor": {`The automatic schedule halves γ only down to its floor γ_min = {lrmin} > 0.`,
		`自動スケジュールは γ を下限 γ_min = {lrmin} (> 0) までしか半減しません。`},
	"lr-floor.auto": {`The automatic schedule halves γ = {lr} each time the lane is stationary, with no floor, so γₙ tends to 0 (it stops after {max} halvings only to keep the numbers finite).`,
		`自動スケジュールは、レーンが定常になるたびに γ = {lr} を半減します。下限がないので γₙ は 0 に近づきます (半減を {max} 回で止めるのは、数値を有限に保つためだけです)。`},
	"lr-floor.plateau.floor": {`ReduceLROnPlateau (sched=plateau) multiplies γ by {factor} on each plateau of the loss, but only down to its floor γ_min = {lrmin} > 0.`,
		`ReduceLROnPlateau (sched=plateau) は損失が頭打ちになるたびに γ に {factor} を掛けますが、下限 γ_min = {lrmin} (> 0) より下げません。`},
	"lr-floor.plateau": {`ReduceLROnPlateau (sched=plateau) multiplies γ = {lr} by {factor} each time the epoch loss stops improving, with no floor: with noisy data it keeps finding plateaus, and γₙ tends to 0.`,
		`ReduceLROnPlateau (sched=plateau) は、エポックの損失が改善しなくなるたびに γ = {lr} に {factor} を掛けます。下限がないので、ノイズのあるデータでは頭打ちが繰り返し起こり、γₙ は 0 に近づきます。`},
	"lr-floor.floored": {`The schedule decays, but its floor keeps γₙ ≥ γ_min = {lrmin} > 0.`,
		`スケジュールは減衰しますが、下限により γₙ ≥ γ_min = {lrmin} (> 0) に保たれます。`},
	"lr-floor.decays": {`The schedule decays to 0, and there is no floor (γ_min = 0).`,
		`スケジュールは 0 まで減衰し、下限はありません (γ_min = 0)。`},

	// lr-bounded
	"lr-bounded": {`γₙ ≤ {max} at every step n.`, `すべてのステップ n で γₙ ≤ {max} です。`},

	// batch-bounded
	"batch.const": {`Jₙ = {j} at every step n.`, `すべてのステップ n で Jₙ = {j} です。`},
	"batch.grows": {`Jₙ grows without bound (bgrow={growth}:{rate}; the simulation caps it at {max} only to bound the work).`,
		`Jₙ は際限なく増えます (bgrow={growth}:{rate}。シミュレーションが {max} で打ち切るのは計算量を抑えるためだけです)。`},

	// noise
	"noise.reddi": {`Reddi's data: the gradient is {c} with probability 1/3, else −1.`,
		`Reddi の問題のデータです。勾配は確率 1/3 で {c}、それ以外は −1 です。`},
	"noise.data.gauss":      {`Gaussian data with σ = ({s1}, {s2}).`, `データは正規分布で、σ = ({s1}, {s2}) です。`},
	"noise.data.uniform":    {`Uniform data with σ = ({s1}, {s2}).`, `データは一様分布で、σ = ({s1}, {s2}) です。`},
	"noise.data.rademacher": {`Rademacher (±1) data with σ = ({s1}, {s2}).`, `データはラデマッハ分布 (±1) で、σ = ({s1}, {s2}) です。`},
	"noise.data.exp":        {`Exponential (skewed) data with σ = ({s1}, {s2}).`, `データは指数分布 (非対称) で、σ = ({s1}, {s2}) です。`},
	"noise.data.twopoint":   {`Two-point (skewed) data with σ = ({s1}, {s2}).`, `データは 2 点分布 (非対称) で、σ = ({s1}, {s2}) です。`},
	"noise.data.t3":         {`Student-t data (3 degrees of freedom) with σ = ({s1}, {s2}).`, `データは自由度 3 の t 分布で、σ = ({s1}, {s2}) です。`},
	"noise.real": {`Mini-batches drawn with replacement from the {data} training set: the gradient is random whatever the batch size.`,
		`ミニバッチは {data} の訓練データから復元抽出するので、バッチサイズによらず勾配はランダムです。`},
	"noise.none": {`σ = 0: every gradient is the exact one, with no randomness.`,
		`σ = 0 なので、どの勾配もランダム性のない正確な値です。`},

	// optimizer
	"optimizer.covered": {`The theorem covers {opt}.`, `{opt} は定理が扱う手法です。`},
	"optimizer.adamw.nodecay": {`AdamW without weight decay is Adam, which the theorem covers.`,
		`重み減衰のない AdamW は Adam と同じで、定理が扱う手法です。`},
	"optimizer.adagrad": {`Adagrad is outside the class the theorem covers: its effective rate γ/√Gₙ decays like 1/√n.`,
		`Adagrad は定理の対象外です。実効的な学習率 γ/√Gₙ が 1/√n のように減衰するためです。`},
	"optimizer.amsgrad": {`AMSGrad is outside the class the theorem covers: its running maximum of the second moment may make its effective rate decay.`,
		`AMSGrad は定理の対象外です。2 次モーメントの最大値を保持するため、実効的な学習率が減衰することがあります。`},
	"optimizer.adamw": {`AdamW with weight decay is outside the class the theorem covers: its decoupled decay depends on θ, not only on the gradients.`,
		`重み減衰のある AdamW は定理の対象外です。分離型の重み減衰は勾配だけでなく θ にも依存するためです。`},
	"optimizer.clip": {`{opt}, but with the gradient clipped at norm {clip}, which the theorem's recursion does not include.`,
		`{opt} ですが、勾配ノルムを {clip} でクリップしています。定理の漸化式にクリッピングは含まれません。`},
	"optimizer.box": {`{opt}, but projected onto the box [−{w}, {w}]², which the theorem's recursion does not include.`,
		`{opt} ですが、反復点を [−{w}, {w}]² に射影しています。定理の漸化式に射影は含まれません。`},

	// The conclusions.
	CannotConverge: {`All five hold, so the theorem applies: this lane cannot converge.`,
		`5 つの仮定がすべて成り立つので、定理によりこのレーンは収束しません。`},
	NoNoise: {`The theorem does not apply, because the data are deterministic.`,
		`データが決定的 (ノイズなし) なので、定理は当てはまりません。`},
	LRDecays: {`The theorem does not apply, because the learning rate decays to 0.`,
		`学習率が 0 に減衰するので、定理は当てはまりません。`},
	BatchGrows: {`The theorem does not apply, because the batch grows without bound.`,
		`バッチサイズが際限なく増えるので、定理は当てはまりません。`},
	NotCovered: {`The theorem does not cover this setting, so it says nothing either way.`,
		`この設定は定理の対象外なので、この定理からは収束するかどうかは言えません。`},
}
