// Command linkschema writes to standard output the page's schema,
// static/link-schema.json: what the page must know of the Go code and must
// not copy by hand. `make` writes it before building the server, which
// serves it with the page.
//
// It holds link.Describe (every link parameter with its default and what
// it allows, the lanes, the view and sweep parameters) and, from the
// canvas, the monitor charts' ids in drawing order, the lanes' colours and
// the proportions of the layout (scene.Layout), by which the page outlines a
// chart over the canvas.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"noiseball/sim/link"
	"noiseball/sim/scene"
)

// schema is the file's content: link.Describe's fields, then the canvas's.
type schema struct {
	link.Schema
	Charts      []string `json:"charts"`      // scene.MonitorIDs: the monitor charts, in the order Layout places them
	LaneColours []string `json:"laneColours"` // scene.LaneColors(), as CSS colours, lane 1 first
	Layout      layout   `json:"layout"`
}

// layout is scene.Layout's proportions.
type layout struct {
	WideAspect        float64 `json:"wideAspect"`
	ColumnMin         float64 `json:"columnMin"`
	ColumnMax         float64 `json:"columnMax"`
	LandscapeMaxShare float64 `json:"landscapeMaxShare"`
	ChartColumns      int     `json:"chartColumns"`
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
		},
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
