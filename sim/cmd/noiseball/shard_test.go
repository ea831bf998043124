package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// runProcess runs noiseball as a process with args and extra environment
// variables, and returns its standard output, standard error and status.
// The test binary is noiseball when NOISEBALL_RUN_MAIN=1 (TestMain).
func runProcess(t *testing.T, env []string, args ...string) (stdout, stderr []byte, status int) {
	t.Helper()
	if runtime.GOOS == "js" {
		t.Skip("js/wasm starts no processes; the native run tests the shards")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "NOISEBALL_RUN_MAIN=1")
	for _, k := range []string{"JOB_COMPLETION_INDEX", "JOB_COMPLETION_COUNT", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN"} {
		cmd.Env = append(cmd.Env, k+"=") // none from the test's own environment
	}
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return out.Bytes(), errb.Bytes(), exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), errb.Bytes(), 0
}

// The test's sweep: 15 cells of two lanes, so four shards hold 4, 4, 4
// and 3 cells.
const shardSweep = "opt=sgd&opt2=adam&sweep=lr:0.01:0.1:log:5,batch:1:8:log:3&sweepruns=20&sweepsteps=300"

// writeShards runs the test sweep's four shards as separate processes, the
// first two by -shard, the third as a Kubernetes Indexed Job's index 2,
// the fourth as task 4 of a Slurm array numbered 1-4, each on its own
// number of workers, and writes them to dir.
func writeShards(t *testing.T, dir, sweep string) []string {
	t.Helper()
	runs := []struct {
		env  []string
		args []string
	}{
		{nil, []string{"-shard", "0/4", "-workers", "1"}},
		{nil, []string{"-shard", "1/4", "-workers", "3"}},
		{[]string{"JOB_COMPLETION_INDEX=2", "JOB_COMPLETION_COUNT=4"}, nil},
		{[]string{"SLURM_ARRAY_TASK_ID=4", "SLURM_ARRAY_TASK_COUNT=4", "SLURM_ARRAY_TASK_MIN=1"}, []string{"-workers", "2"}},
	}
	var files []string
	for k, r := range runs {
		out, errb, status := runProcess(t, r.env, append([]string{"-sweep", "-link", sweep}, r.args...)...)
		if status != 0 {
			t.Fatalf("shard %d: status %d: %s", k, status, errb)
		}
		if want := fmt.Sprintf("shard=%d/4", k); !bytes.Contains(out, []byte(want)) {
			t.Fatalf("shard %d's first line does not say %s: %.100q", k, want, out)
		}
		name := filepath.Join(dir, fmt.Sprintf("shard-%d.csv", k))
		if err := os.WriteFile(name, out, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	return files
}

// Four shards, run as separate processes and merged in any order, are
// byte for byte the sweep run in one process.
func TestShardsMergeIntoTheSweep(t *testing.T) {
	whole, errb, status := runProcess(t, nil, "-sweep", "-link", shardSweep)
	if status != 0 {
		t.Fatalf("the whole sweep: status %d: %s", status, errb)
	}
	if got := bytes.Count(whole, []byte("\n")); got != 1+15*2 {
		t.Fatalf("the whole sweep has %d lines, want 31", got)
	}
	files := writeShards(t, t.TempDir(), shardSweep)
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 1, 0, 2}} {
		args := []string{"-merge"}
		for _, i := range order {
			args = append(args, files[i])
		}
		merged, errb, status := runProcess(t, nil, args...)
		if status != 0 {
			t.Fatalf("merge %v: status %d: %s", order, status, errb)
		}
		if !bytes.Equal(merged, whole) {
			t.Errorf("merge of the shards in order %v differs from the whole sweep:\n%s\nwant\n%s", order, merged, whole)
		}
	}
}

// A shard of another sweep, a missing, doubled or cut-short shard, rows
// out of place and a file that is no shard are refused, each with a
// message naming the problem, and nothing on standard output.
func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	files := writeShards(t, dir, shardSweep)
	other := strings.Replace(shardSweep, "sweepruns=20", "sweepruns=21", 1)
	out, errb, status := runProcess(t, nil, "-sweep", "-link", other, "-shard", "2/4")
	if status != 0 {
		t.Fatalf("the other sweep's shard: status %d: %s", status, errb)
	}
	foreign := write(t, dir, "foreign.csv", string(out))
	shard1, _ := os.ReadFile(files[1])
	lines := strings.SplitAfter(string(shard1), "\n")
	cut := write(t, dir, "cut.csv", strings.Join(lines[:len(lines)-3], "")) // the job was killed
	swapped := append([]string(nil), lines...)
	swapped[2], swapped[4] = swapped[4], swapped[2]
	misplaced := write(t, dir, "misplaced.csv", strings.Join(swapped, ""))
	whole, _, _ := runProcess(t, nil, "-sweep", "-link", shardSweep)
	plain := write(t, dir, "plain.csv", string(whole))
	threes, _, _ := runProcess(t, nil, "-sweep", "-link", shardSweep, "-shard", "1/3")
	three := write(t, dir, "three.csv", string(threes))

	for _, tt := range []struct {
		name  string
		files []string
		want  string
	}{
		{"missing", []string{files[0], files[1], files[3]}, "shard 2/4 is missing (cells 2, 6, 10, 14 of 15): give all 4 shards"},
		{"foreign", []string{files[0], files[1], foreign, files[3]}, "are shards of different sweeps"},
		{"twice", []string{files[0], files[1], files[2], files[3], files[1]}, "shard 1/4 is given twice"},
		{"cut short", []string{files[0], cut, files[2], files[3]}, "cut.csv is incomplete: 7 of its 8 rows (4 cells x 2 lanes) and no end line"},
		{"rows out of place", []string{files[0], misplaced, files[2], files[3]}, "misplaced.csv: row 1 should be of cell 1, lane 1"},
		{"no shard", []string{plain}, "plain.csv is not a noiseball sweep shard"},
		{"other N", []string{files[0], three}, "three.csv shard 1/3: shards of one run have the same N"},
		{"no files", nil, "name the shard files"},
		{"no such file", []string{filepath.Join(dir, "nope.csv")}, "no such file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errb, status := runProcess(t, nil, append([]string{"-merge"}, tt.files...)...)
			wantStatus := 2
			if tt.name == "no such file" {
				wantStatus = 1
			}
			if status != wantStatus || len(out) != 0 || !strings.Contains(string(errb), tt.want) {
				t.Errorf("status %d, %d bytes out, stderr %q; want %d and %q", status, len(out), errb, wantStatus, tt.want)
			}
		})
	}
}

func TestParseShard(t *testing.T) {
	tests := []struct {
		flag    string
		env     map[string]string
		want    string // "K/N", "" for no shard
		wantErr string
	}{
		{"", nil, "", ""},
		{"0/1", nil, "0/1", ""},
		{"3/4", map[string]string{"JOB_COMPLETION_INDEX": "1", "JOB_COMPLETION_COUNT": "4"}, "3/4", ""}, // the flag wins
		{"", map[string]string{"JOB_COMPLETION_INDEX": "1", "JOB_COMPLETION_COUNT": "4"}, "1/4", ""},
		{"", map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "8"}, "7/8", ""},
		{"", map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "5", "SLURM_ARRAY_TASK_MIN": "1"}, "4/5", ""},
		{"4/4", nil, "", "-shard 4/4: want K/N with 0 <= K < N"},
		{"-1/4", nil, "", "want K/N"},
		{"1/0", nil, "", "want K/N"},
		{"2", nil, "", "want K/N"},
		{"a/b", nil, "", "want K/N"},
		{"", map[string]string{"JOB_COMPLETION_INDEX": "1"}, "", "JOB_COMPLETION_COUNT is not"},
		{"", map[string]string{"JOB_COMPLETION_INDEX": "4", "JOB_COMPLETION_COUNT": "4"}, "", "JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT 4/4"},
		{"", map[string]string{"SLURM_ARRAY_TASK_ID": "3"}, "", "SLURM_ARRAY_TASK_COUNT is not"},
		{"", map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "3"}, "", "want integers"},
	}
	for _, tt := range tests {
		s, ok, err := parseShard(tt.flag, func(k string) string { return tt.env[k] })
		got := ""
		if ok {
			got = s.String()
		}
		if got != tt.want || (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("parseShard(%q, %v) = %q, %v; want %q, %q", tt.flag, tt.env, got, err, tt.want, tt.wantErr)
		}
	}
}

// The progress line: cells done, the rate in run-steps per second, and the
// time left at that rate, rewritten in place no more than twice a second.
func TestProgress(t *testing.T) {
	var out bytes.Buffer
	now := time.Unix(0, 0)
	p := newProgress(&out, []float64{1e6, 3e6, 4e6}, func() time.Time { return now })
	p.what = " (shard 1/4)"
	now = now.Add(2 * time.Second)
	p.cellDone(1) // 3e6 in 2 s: 1.5e6/s, 5e6 left: 3.3 s
	now = now.Add(100 * time.Millisecond)
	p.cellDone(0) // too soon to write
	now = now.Add(3 * time.Second)
	p.cellDone(2) // the last is always written
	p.finish()
	want := "\rnoiseball: 1/3 cells (shard 1/4), 1.5e+06 run-steps/s, 3s left\x1b[K" +
		"\rnoiseball: 3/3 cells (shard 1/4), 1.57e+06 run-steps/s, done in 5.1s\x1b[K\n"
	if out.String() != want {
		t.Errorf("progress wrote\n%q\nwant\n%q", out.String(), want)
	}
	var nothing *progress
	nothing.cellDone(0)
	nothing.finish()
}
