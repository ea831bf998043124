//go:build e2e

package e2e

// The log check reads a training log from a file as well as from pasted
// text: chosen with the file picker, or dropped onto the dialog.

import (
	"context"
	"os"
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
