package sim

import "testing"

// The rules of Diagnostics, one case each, with B = 0.7, C = 0.5 and the
// quantile t = 2 (about t_{0.975} for 256 runs).
func TestClassify(t *testing.T) {
	tests := []struct {
		name         string
		b, sb, c, sc float64
		stopped      bool
		status       Status
		reason       string
	}{
		{"drifting", 1.9, 0.05, -1, 0.1, false, Transient, ReasonMoving},
		{"random walk", 1.0, 0.1, 0, 0.1, false, Transient, ReasonMoving},
		{"barely moving", 0.8, 0.01, 0, 0.1, false, Transient, ReasonMoving},
		{"noise ball", 0.05, 0.03, 0.02, 0.1, false, Stationary, ReasonSettled},
		{"noise ball, noisy steps", 0.1, 0.05, -0.25, 0.1, false, Stationary, ReasonSettled},
		{"c/n", 0.0, 0.01, -2, 0.1, false, Converging, ReasonShrinking},
		{"poly 1/sqrt(n)", 0.1, 0.02, -1, 0.05, false, Converging, ReasonShrinking},
		{"drift and shrinking steps", 1.5, 0.05, -3, 0.1, false, Transient, ReasonMoving},
		{"steps exactly 0", 0, 0, 0, 0, true, Precision, ReasonPrecision},
		{"coming back", -1.5, 0.1, 0, 0.1, false, Transient, ReasonReturning},
		{"steps grow", 0, 0.05, 1.2, 0.1, false, Transient, ReasonGrowing},
		{"b unclear", 0.65, 0.05, 0, 0.1, false, Transient, ReasonUnclear},
		{"c unclear", 0.1, 0.02, -0.4, 0.1, false, Transient, ReasonUnclear},
		{"steps grow a little", 0.1, 0.02, 0.55, 0.1, false, Transient, ReasonUnclear},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, r := classify(tt.b, tt.sb, tt.c, tt.sc, tt.stopped, 2)
			if s != tt.status || r != tt.reason {
				t.Errorf("classify = %s, %s; want %s, %s", s, r, tt.status, tt.reason)
			}
		})
	}
}

func TestWindowsFor(t *testing.T) {
	for _, tt := range []struct{ runs, k int }{{1, 15}, {2, 13}, {3, 13}, {4, 11}, {8, 9}, {32, 5}, {63, 5}, {64, 3}, {256, 3}} {
		if k := windowsFor(tt.runs); k != tt.k || k > maxWindows {
			t.Errorf("windowsFor(%d) = %d, want %d", tt.runs, k, tt.k)
		}
	}
}

func TestStatusString(t *testing.T) {
	want := []string{"transient", "stationary", "converging", "diverged", "geometric", "precision", "wrong-limit"}
	for i, s := range Statuses() {
		if s.String() != want[i] {
			t.Errorf("%d: %q", i, s)
		}
	}
	if Status(9).String() != "Status(9)" {
		t.Error(Status(9).String())
	}
}
