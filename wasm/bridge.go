//go:build js && wasm

package main

import (
	"encoding/json"
	"sync/atomic"
	"syscall/js"

	"noiseball/sim/link"
)

// installBridge puts the object window.noiseball on the iframe's window:
//
//	setLink(query)  use the experiment and view the link (the page's whole
//	                query string) describes; speed=N steps per frame and
//	                view=cloud|run are read here, the rest by sim/link
//	setLabels(json) the picture's words in the page's language, a
//	                scene.Labels as JSON (lane names, sweep metrics and
//	                parameters, the stopped line)
//	play(), pause(), toggle()
//	step()          take one step (while paused)
//	reset()         start again from step 0 with the same seed
//	runTo(n)        fast-forward to step n within the frame budget, then pause
//	status()        the last status snapshot (see status), as a JSON string
//	csv()           a Promise of the metrics history as CSV, with the
//	                columns of the CLI (sim.CSVColumns): every step up to
//	                100, then log-spaced steps
//	checkLog(log, {column, lang})  a Promise of the verdict on a training log
//	                (its text, or its bytes as a Uint8Array for a binary
//	                TensorBoard event file; column the series to judge, "" or
//	                absent for the default; lang "en" or "ja" for the texts)
//	                as JSON, see logReport
//	presets()       the preset links (sim/link.Presets) as a JSON array of
//	                {name, title, query, description}
//
// Every function only records the request in in; none blocks.
func installBridge(in *inbox, st *atomic.Pointer[status]) {
	obj := js.Global().Get("Object").New()
	fn := func(f func(args []js.Value) any) js.Func {
		return js.FuncOf(func(_ js.Value, args []js.Value) any { return f(args) })
	}
	obj.Set("setLink", fn(func(args []js.Value) any {
		if len(args) > 0 && args[0].Type() == js.TypeString {
			q := args[0].String()
			in.link.Store(&q)
		}
		return nil
	}))
	obj.Set("setLabels", fn(func(args []js.Value) any {
		if len(args) > 0 && args[0].Type() == js.TypeString {
			l := args[0].String()
			in.labels.Store(&l)
		}
		return nil
	}))
	obj.Set("play", fn(func([]js.Value) any { in.play.Store(playOn); return nil }))
	obj.Set("pause", fn(func([]js.Value) any { in.play.Store(playOff); return nil }))
	obj.Set("toggle", fn(func([]js.Value) any { in.play.Store(playToggle); return nil }))
	obj.Set("step", fn(func([]js.Value) any { in.steps.Add(1); return nil }))
	obj.Set("reset", fn(func([]js.Value) any { in.reset.Store(true); return nil }))
	obj.Set("runTo", fn(func(args []js.Value) any {
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			in.runTo.Store(int64(args[0].Float()))
		}
		return nil
	}))
	obj.Set("status", fn(func([]js.Value) any {
		s := st.Load()
		if s == nil {
			return nil
		}
		b, err := json.Marshal(s)
		if err != nil {
			return nil
		}
		return string(b)
	}))
	obj.Set("csv", fn(func([]js.Value) any {
		return promise(func(resolve, reject js.Value) {
			select {
			case in.csv <- resolve:
			default:
				reject.Invoke("too many CSV requests at once")
			}
		})
	}))
	obj.Set("checkLog", fn(func(args []js.Value) any {
		var req logRequest
		switch {
		case len(args) > 0 && args[0].Type() == js.TypeString:
			req.data = []byte(args[0].String())
		case len(args) > 0 && args[0].Type() == js.TypeObject && args[0].Get("byteLength").Type() == js.TypeNumber:
			// A copy in this realm: the page's Uint8Array is another
			// window's, which CopyBytesToGo does not take.
			u := js.Global().Get("Uint8Array").New(args[0])
			req.data = make([]byte, u.Get("length").Int())
			js.CopyBytesToGo(req.data, u)
		default:
			return js.Global().Get("Promise").Call("reject", "checkLog wants the log's text or bytes (a Uint8Array)")
		}
		if len(args) > 1 && args[1].Type() == js.TypeObject {
			if c := args[1].Get("column"); c.Type() == js.TypeString {
				req.column = c.String()
			}
			if l := args[1].Get("lang"); l.Type() == js.TypeString {
				req.lang = l.String()
			}
		}
		return promise(func(resolve, reject js.Value) {
			req.resolve = resolve
			select {
			case in.logs <- req:
			default:
				reject.Invoke("a log is already being checked")
			}
		})
	}))
	obj.Set("presets", fn(func([]js.Value) any {
		type preset struct {
			Name        string `json:"name"`
			Title       string `json:"title"`
			Query       string `json:"query"`
			Description string `json:"description"`
		}
		var ps []preset
		for _, p := range link.Presets() {
			ps = append(ps, preset{p.Name, p.Title, p.Query, p.Description})
		}
		b, _ := json.Marshal(ps)
		return string(b)
	}))
	js.Global().Set("noiseball", obj)
	// Tell the page the game is ready for its link.
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("noiseball-ready"))
}

// promise returns a new JavaScript Promise whose executor is start: start
// must hand resolve on (to Update) or call reject, and not block.
func promise(start func(resolve, reject js.Value)) js.Value {
	executor := js.FuncOf(func(_ js.Value, args []js.Value) any {
		start(args[0], args[1])
		return nil
	})
	// The executor runs during New, so it can be released right after.
	defer executor.Release()
	return js.Global().Get("Promise").New(executor)
}
