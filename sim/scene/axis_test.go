package scene

import (
	"math"
	"testing"
)

func TestLogTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		max    int
		want   []string
	}{
		{1, 1000, 8, []string{"1", "10", "100", "1e3"}},
		{0.5, 2e6, 8, []string{"1", "10", "100", "1e3", "1e4", "1e5", "1e6"}},
		{1e-8, 1e8, 5, []string{"1e-8", "1e-4", "1", "1e4", "1e8"}},
		{0.02, 0.3, 8, []string{"0.02", "0.05", "0.1", "0.2"}},
		{3, 40, 8, []string{"5", "10", "20"}},
	}
	for _, tt := range tests {
		ticks := LogTicks(tt.lo, tt.hi, tt.max)
		var got []string
		for _, tk := range ticks {
			got = append(got, tk.Label)
			if tk.Value < tt.lo*(1-1e-9) || tk.Value > tt.hi*(1+1e-9) {
				t.Errorf("LogTicks(%g, %g): tick %g outside the range", tt.lo, tt.hi, tk.Value)
			}
		}
		if len(got) > tt.max {
			t.Errorf("LogTicks(%g, %g, %d) gave %d ticks", tt.lo, tt.hi, tt.max, len(got))
		}
		if len(got) != len(tt.want) {
			t.Errorf("LogTicks(%g, %g, %d) = %q, want %q", tt.lo, tt.hi, tt.max, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("LogTicks(%g, %g, %d) = %q, want %q", tt.lo, tt.hi, tt.max, got, tt.want)
				break
			}
		}
	}
	for _, bad := range [][2]float64{{0, 1}, {-1, 1}, {2, 1}, {1, math.Inf(1)}, {math.NaN(), 1}} {
		if ticks := LogTicks(bad[0], bad[1], 5); ticks != nil {
			t.Errorf("LogTicks(%g, %g) = %v, want none", bad[0], bad[1], ticks)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {0.05, "0.05"}, {123.456, "123"}, {1e-5, "1e-5"}, {2.5e-7, "2.5e-7"},
		{12345, "1.23e4"}, {1580, "1580"}, {1584.7, "1580"}, {999.96, "1000"}, {0.1, "0.1"}, {-0.001234, "-0.00123"}, {math.NaN(), "–"}, {math.Inf(1), "–"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.x); got != tt.want {
			t.Errorf("FormatNumber(%g) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

func TestLinearTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		max    int
		want   []string
	}{
		{-2, 2, 5, []string{"-2", "-1", "0", "1", "2"}},
		{-2, 2, 9, []string{"-2", "-1.5", "-1", "-0.5", "0", "0.5", "1", "1.5", "2"}},
		{0, 10, 3, []string{"0", "5", "10"}},
		{0.3, 1.1, 5, []string{"0.4", "0.6", "0.8", "1"}},
		{-0.5, 4.5, 6, []string{"0", "1", "2", "3", "4"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range LinearTicks(tt.lo, tt.hi, tt.max) {
			got = append(got, tk.Label)
		}
		if len(got) > tt.max || len(got) != len(tt.want) {
			t.Errorf("LinearTicks(%g, %g, %d) = %q, want %q", tt.lo, tt.hi, tt.max, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("LinearTicks(%g, %g, %d) = %q, want %q", tt.lo, tt.hi, tt.max, got, tt.want)
				break
			}
		}
	}
}
