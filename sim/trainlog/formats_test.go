package trainlog

import (
	"os"
	"strings"
	"testing"
)

// TestFormats reads the sample file of each format the frameworks write
// (testdata/, shaped as each writes it: see testdata/README.md) and checks
// the format, the step column, the default series and its number of
// points, and some other series by name.
func TestFormats(t *testing.T) {
	tests := []struct {
		file     string
		format   Format
		stepName string
		loss     string // the default
		points   int    // the default's
		others   map[string]int
		first    string // the best candidates, in order, comma-separated
	}{
		{
			// on_step + on_epoch logging: train_loss_step every 50 steps,
			// train_loss_epoch and val_loss once an epoch, the learning
			// rate from LearningRateMonitor, each in rows of its own.
			file: "lightning_metrics.csv", format: CSV, stepName: "step", loss: "train_loss_step", points: 48,
			others: map[string]int{"train_loss_epoch": 12, "val_loss": 12, "lr-AdamW": 12, "epoch": 84},
			first:  "train_loss_step,train_loss_epoch,val_loss",
		},
		{
			file: "keras_log.csv", format: CSV, stepName: "epoch", loss: "loss", points: 40,
			others: map[string]int{"val_loss": 40, "accuracy": 40, "learning_rate": 40},
			first:  "loss,val_loss",
		},
		{
			file: "tensorboard_scalars.csv", format: CSV, stepName: "Step", loss: "Value", points: 200,
			others: map[string]int{"Wall time": 200},
		},
		{
			// Every field quoted; __MIN and __MAX are no losses; empty
			// cells where a step has no value.
			file: "wandb_export.csv", format: CSV, stepName: "Step", loss: "fine-sunset-12 - train/loss", points: 156,
			others: map[string]int{"fine-sunset-12 - train/loss__MIN": 156, "fine-sunset-12 - train/loss__MAX": 156},
			first:  "fine-sunset-12 - train/loss",
		},
		{
			file: "pandas.csv", format: CSV, stepName: "step", loss: "loss", points: 100,
			others: map[string]int{"accuracy": 100, "column 1": 100},
		},
		{
			// Several losses and no total: the first training loss, with
			// the others listed.
			file: "ultralytics_results.csv", format: CSV, stepName: "epoch", loss: "train/box_loss", points: 50,
			others: map[string]int{"train/cls_loss": 50, "train/dfl_loss": 50, "val/box_loss": 50, "lr/pg0": 50, "metrics/mAP50-95(B)": 50},
			first:  "train/box_loss,train/cls_loss,train/dfl_loss,val/box_loss,val/cls_loss,val/dfl_loss",
		},
		{
			// train_loss is in the final summary record only.
			file: "trainer_state.json", format: TrainerState, stepName: "step", loss: "loss", points: 50,
			others: map[string]int{"eval_loss": 5, "train_loss": 1, "learning_rate": 50, "grad_norm": 50, "epoch": 56},
			first:  "train_loss,loss,eval_loss",
		},
		{
			// One NaN loss that finite values follow; val/loss from a
			// nested object in its own records.
			file: "wandb-history.jsonl", format: JSONLines, stepName: "_step", loss: "train/loss", points: 300,
			others: map[string]int{"val/loss": 6, "lr": 300, "_runtime": 306},
			first:  "train/loss,val/loss",
		},
		{
			file: pytorchSample[len("testdata/"):], format: TFEvents, stepName: "step", loss: "Loss/train", points: 200,
			others: map[string]int{"Loss/test": 20, "lr": 20},
			first:  "Loss/train,Loss/test",
		},
		{
			file: kerasSample[len("testdata/"):], format: TFEvents, stepName: "step", loss: "epoch_loss", points: 30,
			others: map[string]int{"epoch_learning_rate": 30},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			l, err := Read(f)
			if err != nil {
				t.Fatal(err)
			}
			if l.Format != tt.format || l.StepName != tt.stepName {
				t.Errorf("format %v, step %q; want %v, %q", l.Format, l.StepName, tt.format, tt.stepName)
			}
			s, err := l.Default()
			if err != nil || s.Name != tt.loss || s.Points != tt.points {
				t.Fatalf("Default() = %+v, %v; want %q with %d points", s, err, tt.loss, tt.points)
			}
			for name, n := range tt.others {
				o, err := l.Lookup(name)
				if err != nil || o.Points != n {
					t.Errorf("Lookup(%q) = %+v, %v; want %d points", name, o, err, n)
				}
			}
			if tt.first != "" {
				var names []string
				for _, c := range l.Candidates()[:strings.Count(tt.first, ",")+1] {
					names = append(names, c.Name)
				}
				if got := strings.Join(names, ","); got != tt.first {
					t.Errorf("candidates %s, want %s", got, tt.first)
				}
			}
			r, err := Check(l, "")
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if r.Column != tt.loss || r.N != tt.points-strings.Count(tt.file, "jsonl") {
				t.Errorf("Check judged %q over %d values", r.Column, r.N)
			}
		})
	}
}

// TestLookup checks how a name finds its series: exactly, without case and
// separators, or by its end after a slash or a W&B run's name.
func TestLookup(t *testing.T) {
	l, err := Read(strings.NewReader("step,Train Loss,run-1 - val/loss,run-2 - val/loss,lr-Adam\n1,2,3,4,5\n2,2,3,4,5\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, want, code string }{
		{"Train Loss", "Train Loss", ""},
		{"train_loss", "Train Loss", ""},
		{"run-1 - val/loss", "run-1 - val/loss", ""},
		{"lr_adam", "lr-Adam", ""},
		{"val/loss", "", "column.ambiguous"},
		{"loss", "", "column.ambiguous"},
		{"accuracy", "", "column.unknown"},
	} {
		s, err := l.Lookup(c.name)
		switch {
		case c.code != "":
			pe, ok := err.(*ParseError)
			if !ok || pe.Code != c.code {
				t.Errorf("Lookup(%q) = %v, %v; want %s", c.name, s, err, c.code)
			}
		case err != nil || s.Name != c.want:
			t.Errorf("Lookup(%q) = %v, %v; want %q", c.name, s, err, c.want)
		}
	}
	_, err = l.Lookup("accuracy")
	if want := `no column, key or tag is named "accuracy": the log has "Train Loss", "run-1 - val/loss", "run-2 - val/loss", "lr-Adam"`; err == nil || err.Error() != want {
		t.Errorf("unknown name: %v, want %s", err, want)
	}
}
