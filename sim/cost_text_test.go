package sim

import (
	"regexp"
	"strings"
	"testing"
)

// A configuration too heavy to watch gets a Notice that names its batch,
// runs and data and offers the settings LighterThan finds, each of which
// fits; in Japanese it has no English words but the link's own settings.
// The figures of t3 data (runs 9, batch 60) are TestLighterThan's,
// derived there from dataCost.
func TestHeavyNotice(t *testing.T) {
	t3 := Default()
	t3.Data.Dist, t3.Runs, t3.Lanes[0].Batch.Size = T3, 10000, 65536
	mlp := Default()
	mlp.Problem = Problem{Kind: MLP, Dataset: "digits", Hidden: 64, Plane: PlaneHessian}
	mlp.Runs, mlp.Lanes[0].Batch.Size = 400, 65536
	tests := []struct {
		name   string
		c      Config
		en, ja []string // what each language's text must say
		offers []string // the offers' codes
	}{
		{
			name: "t3, 10000 runs, batch 65536", c: t3,
			en:     []string{"batch=65536 with runs=10000 and t3 data costs ", " The nearest settings that run at 10 steps a second or more: batch=60, or runs=9, or dist=gauss (a normal batch mean is one draw)."},
			ja:     []string{"batch=65536、runs=10000、dist=t3 のデータでは、", "最も近い設定は batch=60、または runs=9、または dist=gauss (正規分布ならバッチ平均は 1 回の抽出) です。"},
			offers: []string{"offer.batch", "offer.runs", "offer.gauss"},
		},
		{
			name: "mlp 64 hidden, 400 runs, batch 65536", c: mlp,
			en:     []string{"batch=65536 with runs=400 and mlp on digits costs ", "or more: batch=1 with runs="},
			ja:     []string{"digits の mlp では、", "最も近い設定は batch=1 で runs="},
			offers: []string{"offer.both"},
		},
	}
	latin := regexp.MustCompile(`[A-Za-z]{2,}`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, heavy := HeavyNotice(tt.c, 25e-9)
			if !heavy {
				t.Fatalf("not heavy: a step costs %g", MaxStepCost(tt.c))
			}
			en, ja := n.Text("en"), n.Text("ja")
			for _, s := range tt.en {
				if !strings.Contains(en, s) {
					t.Errorf("English %q lacks %q", en, s)
				}
			}
			for _, s := range tt.ja {
				if !strings.Contains(ja, s) {
					t.Errorf("Japanese %q lacks %q", ja, s)
				}
			}
			// Japanese: only the settings (name=value) and the data's names
			// are Latin.
			rest := regexp.MustCompile(`[a-z0-9]+=[a-z0-9]+|digits|mlp`).ReplaceAllString(ja, "")
			if w := latin.FindString(rest); w != "" {
				t.Errorf("Japanese %q has the English word %q", ja, w)
			}
			if len(n.Offers) != len(tt.offers) {
				t.Fatalf("offers %v, want codes %v", n.Offers, tt.offers)
			}
			l, _ := LighterThan(tt.c, WatchableStepCost)
			for i, o := range n.Offers {
				if o.Code != tt.offers[i] {
					t.Errorf("offer %d is %s, want %s", i, o.Code, tt.offers[i])
				}
				// Each offer is a setting that fits.
				c := tt.c
				switch o.Code {
				case "offer.batch":
					c = withBatchCap(c, l.Batch)
				case "offer.runs":
					c = withRuns(c, l.Runs)
				case "offer.both":
					c = withRuns(withBatchCap(c, 1), l.Runs)
				case "offer.gauss":
					c.Data.Dist = Gauss
				}
				if MaxStepCost(c) > WatchableStepCost {
					t.Errorf("%s: %v still costs %g a step", o.Code, o.Params, MaxStepCost(c))
				}
			}
		})
	}
	if n, heavy := HeavyNotice(Default(), 25e-9); heavy {
		t.Errorf("the default link is called too heavy: %q", n.Text("en"))
	}
}

// A step's time is written with a unit a person reads at a glance.
func TestNoticeDuration(t *testing.T) {
	for _, tt := range []struct {
		secs   float64
		en, ja string
	}{
		{0.31, "0.3 s", "0.3 秒"},
		{9.94, "9.9 s", "9.9 秒"},
		{53.4, "53 s", "53 秒"},
		{240, "4 min", "4 分"},
		{7200, "2 h", "2 時間"},
	} {
		m := duration(tt.secs)
		if en, ja := heavyTexts.Text(m, "en"), heavyTexts.Text(m, "ja"); en != tt.en || ja != tt.ja {
			t.Errorf("%g s: %q and %q, want %q and %q", tt.secs, en, ja, tt.en, tt.ja)
		}
	}
}
