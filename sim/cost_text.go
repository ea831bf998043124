package sim

import (
	"maps"
	"strconv"
	"strings"

	"noiseball/sim/message"
)

// A Notice is what the page says of a configuration whose steps cost too
// much to watch (HeavyNotice): what its heaviest step costs and takes, and
// the nearest settings that can be watched. Text writes it in a language.
type Notice struct {
	Cost   message.Message   // the batch, the runs, the data, the cost and the time
	Data   message.Message   // the data, for Cost's {onData}
	Every  message.Message   // the time a step takes, for Cost's {stepTime}
	Offers []message.Message // the nearest settings that fit, or none
}

// HeavyNotice returns the Notice of c when its heaviest step (MaxStepCost)
// costs more than WatchableStepCost, and whether it does. perRunStep is
// the time a run-step of the cost model takes the caller, in seconds: a
// step takes MaxStepCost(c) times that. The offers are LighterThan's: the
// most runs, the largest batch, both at once, or normal data.
func HeavyNotice(c Config, perRunStep float64) (Notice, bool) {
	l, ok := LighterThan(c, WatchableStepCost)
	if ok {
		return Notice{}, false
	}
	batch := 0
	for _, lc := range c.Lanes {
		batch = max(batch, lc.Batch.BatchSize(max(c.Steps, 1)))
	}
	cost := MaxStepCost(c)
	n := Notice{
		Cost: message.New("heavy", "batch", strconv.Itoa(batch), "runs", strconv.Itoa(c.Runs),
			"cost", strconv.FormatFloat(cost, 'g', 2, 64)),
		Data:  message.New("data.dist", "dist", string(c.Data.Dist)),
		Every: duration(cost * perRunStep),
	}
	if c.Problem.Kind.Real() {
		n.Data = message.New("data.model", "model", string(c.Problem.Kind), "dataset", string(c.Problem.Dataset))
	}
	switch {
	case l.Both:
		n.Offers = append(n.Offers, message.New("offer.both", "runs", strconv.Itoa(max(l.Runs, 1))))
	default:
		if l.Batch > 0 {
			n.Offers = append(n.Offers, message.New("offer.batch", "batch", strconv.Itoa(l.Batch)))
		}
		if l.Runs > 0 {
			n.Offers = append(n.Offers, message.New("offer.runs", "runs", strconv.Itoa(l.Runs)))
		}
	}
	if l.Gauss {
		n.Offers = append(n.Offers, message.New("offer.gauss"))
	}
	return n, true
}

// duration is secs seconds for a person: "0.3 s", "53 s", "4 min", "2 h".
func duration(secs float64) message.Message {
	switch {
	case secs < 10:
		return message.New("unit.s", "n", strconv.FormatFloat(secs, 'f', 1, 64))
	case secs < 120:
		return message.New("unit.s", "n", strconv.FormatFloat(secs, 'f', 0, 64))
	case secs < 7200:
		return message.New("unit.min", "n", strconv.FormatFloat(secs/60, 'f', 0, 64))
	}
	return message.New("unit.h", "n", strconv.FormatFloat(secs/3600, 'f', 0, 64))
}

// Text writes n in lang ("en" or "ja"; anything else is English).
func (n Notice) Text(lang string) string {
	params := maps.Clone(n.Cost.Params)
	params["onData"] = heavyTexts.Text(n.Data, lang)
	params["stepTime"] = heavyTexts.Text(n.Every, lang)
	s := heavyTexts.Text(message.Message{Code: n.Cost.Code, Params: params}, lang)
	if len(n.Offers) == 0 {
		return s
	}
	offers := make([]string, len(n.Offers))
	for i, o := range n.Offers {
		offers[i] = heavyTexts.Text(o, lang)
	}
	or := heavyTexts.Text(message.New("or"), lang)
	return s + heavyTexts.Text(message.New("offers", "offers", strings.Join(offers, or)), lang)
}

// HeavyTexts returns the sentences of a Notice by code, in English and
// Japanese (a copy).
func HeavyTexts() message.Catalog { return maps.Clone(heavyTexts) }

// heavyTexts are a Notice's sentences and parts. "offers" follows "heavy"
// directly, so it starts with its own space where the language has one.
// The Japanese follows static/GLOSSARY.md: the data's part carries its
// particle (では) and a time its unit, so that no space falls between two
// Japanese words.
var heavyTexts = message.Catalog{
	"heavy": {`batch={batch} with runs={runs} and {onData} costs {cost} run-steps a step: one step every {stepTime} or so here, too slow to watch.`,
		`batch={batch}、runs={runs}、{onData}、1 ステップの計算量が試行 1 回の 1 ステップの {cost} 倍あり、ここでは 1 ステップにおよそ {stepTime}かかります。見るには遅すぎます。`},
	"offers": {` The nearest settings that run at 10 steps a second or more: {offers}.`,
		`1 秒に 10 ステップ以上進む、最も近い設定は {offers} です。`},
	"or":          {`, or `, `、または `},
	"offer.both":  {`batch=1 with runs={runs}`, `batch=1 で runs={runs}`},
	"offer.batch": {`batch={batch}`, `batch={batch}`},
	"offer.runs":  {`runs={runs}`, `runs={runs}`},
	"offer.gauss": {`dist=gauss (a normal batch mean is one draw)`, `dist=gauss (正規分布ならバッチ平均は 1 回の抽出)`},
	"data.dist":   {`{dist} data`, `dist={dist} のデータでは`},
	"data.model":  {`{model} on {dataset}`, `{dataset} の {model} では`},
	"unit.s":      {`{n} s`, `{n} 秒`},
	"unit.min":    {`{n} min`, `{n} 分`},
	"unit.h":      {`{n} h`, `{n} 時間`},
}
