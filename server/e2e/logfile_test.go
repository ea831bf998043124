//go:build e2e

package e2e

// The log check reads a training log from a file as well as from pasted
// text: chosen with the file picker, or dropped onto the dialog.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// dropFile drags the file at path over the middle of the element with the
// given id and drops it there, the events a browser sends for a file
// dragged from the desktop.
func dropFile(t *testing.T, ctx context.Context, id, path string) {
	t.Helper()
	r := eval[[]float64](t, ctx, `(() => { const r = document.getElementById(`+jsString(id)+`).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	data := &input.DragData{Items: []*input.DragDataItem{}, Files: []string{path}, DragOperationsMask: 1}
	for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
		err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: r[0], Y: r[1], Data: data})
			return err
		}))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
	}
}

func TestMonitorCheckALogFromAFile(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "train.csv"), filepath.Join(dir, "broken.csv")
	if err := os.WriteFile(good, []byte(noiseBallLog()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("step,loss\n1,0.5\n2,abc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows := strings.Count(strings.TrimSpace(noiseBallLog()), "\n") // lines after the header

	ctx := browser(t)
	open(t, ctx, "runs=1&lang=en")
	waitFor(t, ctx, "the game to start", func(s status) bool { return s.Step > 0 })
	click(t, ctx, "log-open")
	waitForPage(t, ctx, "the dialog", `document.getElementById("logcheck").open`)

	// Chosen with the file picker.
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("log-file"), []string{good})); err != nil {
		t.Fatal(err)
	}
	waitForPage(t, ctx, "the verdict", `!document.getElementById("log-result").hidden`)
	if v := eval[string](t, ctx, `document.getElementById("log-result").dataset.verdict`); v != "plateaued" {
		t.Errorf("the chosen file's verdict is %q, want plateaued", v)
	}
	status := eval[string](t, ctx, `document.getElementById("log-status").textContent`)
	if !strings.Contains(status, "train.csv") || !strings.Contains(status, strings.TrimSpace(formatThousands(rows))+" rows") {
		t.Errorf("the status reads %q; want the file's name and its %d rows", status, rows)
	}

	// Dropped onto the dialog: the broken log's error, with its line.
	dropFile(t, ctx, "logcheck", bad)
	waitForPage(t, ctx, "the error", `!document.getElementById("log-error").hidden`)
	if got := eval[string](t, ctx, `document.getElementById("log-error").textContent`); !strings.Contains(got, "line 3, column 2") {
		t.Errorf("the dropped file's error reads %q", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("log-status").textContent`); !strings.Contains(got, "broken.csv") {
		t.Errorf("the status reads %q; want the dropped file's name", got)
	}
	if eval[bool](t, ctx, `document.getElementById("logcheck").classList.contains("dropping")`) {
		t.Error("the dialog still shows the drop highlight after the drop")
	}
}

// formatThousands writes n as the page does (toLocaleString("en")): 12,345.
func formatThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// cliCheck is what noiseball -check -json says of the log at path, judged
// on column ("" for the default), in lang.
type cliCheck struct {
	Verdict, Column, Headline, Reason, Theory string
}

func runCLICheck(t *testing.T, path, column, lang string) cliCheck {
	t.Helper()
	args := []string{"-check", path, "-json", "-lang", lang}
	if column != "" {
		args = append(args, "-column", column)
	}
	out, err := exec.Command("../../bin/noiseball", args...).Output() // make build builds it
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("noiseball %s: %v", strings.Join(args, " "), err)
	}
	var c cliCheck
	if err := json.Unmarshal(out, &c); err != nil {
		t.Fatalf("noiseball %s printed %q: %v", strings.Join(args, " "), out, err)
	}
	// The page writes the headline and its reason as one line, as the
	// report's Text does.
	c.Headline, c.Reason = c.Headline+": "+c.Reason, ""
	return c
}

// plateauedTrainerState is a Hugging Face trainer_state.json whose loss
// sits on a noisy plateau for 400 logged steps: a noise ball, which the
// CLI answers with what the theory says a lower rate would do.
func plateauedTrainerState() string {
	var b strings.Builder
	b.WriteString(`{"best_metric": null, "epoch": 3.0, "global_step": 4000, "log_history": [`)
	x := uint64(7)
	for i := 1; i <= 400; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		u := float64(x>>11) / (1 << 53)
		if i > 1 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"epoch": %.4f, "grad_norm": 1.5, "learning_rate": 5e-05, "loss": %.4f, "step": %d}`, float64(i)/133, 0.4+0.05*(u-0.5), 10*i)
	}
	b.WriteString(`], "max_steps": 4000}`)
	return b.String()
}

// Dropping a Hugging Face trainer_state.json and a TensorBoard event file
// onto the page's dialog gives the verdict noiseball -check gives the same
// file, in the same words (its headline, its reason, and for a noise ball
// what a change of the rate would do), in English and in Japanese; choosing
// another column in the dialog judges that column, as -column does. The
// address then holds log=1 and column=, never the log, and opening it
// opens the dialog.
func TestMonitorLogFormatsAsTheCLISaysThem(t *testing.T) {
	dir := t.TempDir()
	plateau := filepath.Join(dir, "trainer_state.json")
	if err := os.WriteFile(plateau, []byte(plateauedTrainerState()), 0o644); err != nil {
		t.Fatal(err)
	}
	events, err := filepath.Glob("../../sim/trainlog/testdata/runs/*/events.out.tfevents.*")
	if err != nil || len(events) != 1 {
		t.Fatalf("the sample event file: %v %v", events, err)
	}
	files := []string{plateau, events[0], "../../sim/trainlog/testdata/trainer_state.json"}
	ctx := browser(t)
	for _, lang := range []string{"en", "ja"} {
		open(t, ctx, "runs=1&lang="+lang)
		waitFor(t, ctx, "the game to start", func(s status) bool { return s.Step > 0 })
		click(t, ctx, "log-open")
		waitForPage(t, ctx, "the dialog", `document.getElementById("logcheck").open`)
		for i, path := range files {
			abs, _ := filepath.Abs(path)
			want := runCLICheck(t, abs, "", lang)
			eval[bool](t, ctx, `(document.getElementById("log-result").hidden = true, delete document.getElementById("logcheck").dataset.verdict, true)`)
			dropFile(t, ctx, "logcheck", abs)
			waitForPage(t, ctx, "the verdict on "+path, `document.getElementById("logcheck").dataset.verdict !== undefined`)
			page := pageCheck(t, ctx)
			if page != want {
				t.Errorf("%s, %s: the page says %+v, noiseball -check %+v", lang, path, page, want)
			}
			if i == 0 && (want.Verdict != "plateaued" || want.Theory == "") {
				t.Errorf("%s: the plateaued log reads %+v: the test does not test the theory line", lang, want)
			}
		}
		// Another column of the last file, as -column judges it.
		want := runCLICheck(t, files[2], "eval_loss", lang)
		eval[bool](t, ctx, `(() => { const s = document.getElementById("log-column"); s.value = "eval_loss"; delete document.getElementById("logcheck").dataset.verdict; s.dispatchEvent(new Event("change")); return true; })()`)
		waitForPage(t, ctx, "the verdict on eval_loss", `document.getElementById("logcheck").dataset.verdict !== undefined`)
		if page := pageCheck(t, ctx); page != want {
			t.Errorf("%s, eval_loss: the page says %+v, noiseball -check -column eval_loss %+v", lang, page, want)
		}
		q := eval[string](t, ctx, `location.search`)
		if !strings.Contains(q, "log=1") || !strings.Contains(q, "column=eval_loss") || strings.Contains(q, "log_history") {
			t.Errorf("%s: the address reads %q: want log=1 and column=eval_loss, and no log", lang, q)
		}
		if href := eval[string](t, ctx, `document.getElementById("log-link").getAttribute("href")`); !strings.Contains(href, "column=eval_loss") {
			t.Errorf("%s: the view's link is %q", lang, href)
		}
	}
	open(t, ctx, "runs=1&lang=en&log=1&column=eval_loss")
	waitForPage(t, ctx, "the dialog a link opens", `document.getElementById("logcheck").open`)
}

// pageCheck reads the dialog's verdict as cliCheck's fields: the verdict
// id, the column chosen, the headline and its reason (one line, "headline:
// reason", in Headline) and the theory's line.
func pageCheck(t *testing.T, ctx context.Context) cliCheck {
	t.Helper()
	got := eval[[]string](t, ctx, `(() => { const $ = (id) => document.getElementById(id); return [$("logcheck").dataset.verdict, $("log-column").value, $("log-explanation").textContent, $("log-theory").hidden ? "" : $("log-theory").textContent]; })()`)
	// The page ends the line as a sentence (log.sentence): "." or "。".
	line := strings.TrimSuffix(strings.TrimSuffix(got[2], "."), "。")
	return cliCheck{Verdict: got[0], Column: got[1], Headline: line, Theory: got[3]}
}
