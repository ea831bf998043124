// Command linkschema writes to standard output the page's schema,
// static/link-schema.json: what the page must know of the Go code and must
// not copy by hand. `make` writes it before building the server, which
// serves it with the page.
//
// It holds link.Describe (every link parameter with its default and what
// it allows, the lanes, the view and sweep parameters); from the canvas,
// the monitor charts' ids in drawing order (and the real models'), the
// lanes' colours and the proportions of the layout (scene.Layout), by
// which the page outlines a chart over the canvas; and the Go code's
// messages in every language, with the optimizers' names.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"noiseball/sim"
	"noiseball/sim/link"
	"noiseball/sim/message"
	"noiseball/sim/scene"
	"noiseball/sim/trainlog"
)

// schema is the file's content: link.Describe's fields, then the canvas's,
// then what the Go code says to people.
type schema struct {
	link.Schema
	Charts []string `json:"charts"` // scene.MonitorIDs: the monitor charts, in the order Layout places them
	// ChartsFor are the charts of the problems that show others than
	// Charts (the real models, with their held-out metrics), by problem:
	// scene.ChartIDs.
	ChartsFor map[string][]string `json:"chartsFor"`
	// ChartWords are the ids of a real model's chart words that the page
	// gives the canvas in its language (scene.ChartWords, Labels.Charts).
	ChartWords  []string `json:"chartWords"`
	LaneColours []string `json:"laneColours"` // scene.LaneColors(), as CSS colours, lane 1 first
	Layout      layout   `json:"layout"`
	// Messages are the Go catalogs by source, then language, then code
	// (link.Catalog, sim.TheoremTexts, trainlog.Catalog): the page writes
	// the link's errors, the theorem's panel and the log checker's verdicts
	// from them, in either language.
	Messages map[string]map[string]map[string]string `json:"messages"`
	// Optimizers are the optimizers' names as people write them
	// (sim.Optimizer.Name), by their link words.
	Optimizers map[string]string `json:"optimizers"`
}

// layout is scene.Layout's proportions.
type layout struct {
	WideAspect        float64 `json:"wideAspect"`
	ColumnMin         float64 `json:"columnMin"`
	ColumnMax         float64 `json:"columnMax"`
	LandscapeMaxShare float64 `json:"landscapeMaxShare"`
	ChartColumns      int     `json:"chartColumns"`
	ColumnCharts      int     `json:"columnCharts"`
}

func pageSchema() schema {
	s := schema{
		Schema: link.Describe(),
		Charts: scene.MonitorIDs(),
		Layout: layout{
			WideAspect:        scene.WideAspect,
			ColumnMin:         scene.ColumnMin,
			ColumnMax:         scene.ColumnMax,
			LandscapeMaxShare: scene.LandscapeMaxShare,
			ChartColumns:      scene.ChartColumns,
			ColumnCharts:      scene.ColumnCharts,
		},
		ChartsFor: map[string][]string{},
	}
	for _, k := range sim.ModelKinds() {
		s.ChartsFor[string(k)] = scene.ChartIDs(k)
	}
	for id := range scene.ChartWords() {
		s.ChartWords = append(s.ChartWords, id)
	}
	slices.Sort(s.ChartWords)
	s.Messages = map[string]map[string]map[string]string{}
	for source, c := range map[string]message.Catalog{"link": link.Texts(), "theorem": sim.TheoremTexts(), "trainlog": trainlog.Texts()} {
		s.Messages[source] = map[string]map[string]string{}
		for _, lang := range message.Languages() {
			s.Messages[source][lang] = c.Templates(lang)
		}
	}
	s.Optimizers = map[string]string{}
	for _, o := range sim.Optimizers() {
		s.Optimizers[string(o)] = o.Name()
	}
	for _, c := range scene.LaneColors() {
		s.LaneColours = append(s.LaneColours, fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B))
	}
	return s
}

func main() {
	b, err := json.MarshalIndent(pageSchema(), "", "  ")
	if err == nil {
		_, err = os.Stdout.Write(append(b, '\n'))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "linkschema:", err)
		os.Exit(1)
	}
}
