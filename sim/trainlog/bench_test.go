package trainlog

import (
	"bytes"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
)

// million returns a log of 10^6 rows as a training script writes it:
// step, a loss with eight decimals and a parameter norm with six, about
// 30 bytes a row. The curve is a noise ball reached after a power-law fall.
func million() []byte {
	rnd := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 0, 32<<20)
	b = append(b, "step,loss,param_norm\n"...)
	for i := range 1_000_000 {
		n := float64(i + 1)
		loss := 0.3 + 2/math.Sqrt(n) + 0.05*rnd.NormFloat64()
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, loss, 'f', 8, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, 40+0.01*rnd.NormFloat64(), 'f', 6, 64)
		b = append(b, '\n')
	}
	return b
}

// BenchmarkRead reads 10^6 rows and reports the time per row. It fails if
// Read allocates per row (more than 1000 allocations for the million) or
// more than 36 MiB in all: the Log's three columns are 24 MB of float64s,
// its line numbers 4 MB of int32s (so that an error found in a series
// after reading names its lines), and the rest is the 256 KiB line buffer
// and the slack of sizing the slices from the reader's length.
func BenchmarkRead(b *testing.B) {
	data := million()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var rows int
	for b.Loop() {
		l, err := Read(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		rows = l.Series[0].Len()
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
	allocs := (after.Mallocs - before.Mallocs) / uint64(b.N)
	bytes := (after.TotalAlloc - before.TotalAlloc) / uint64(b.N)
	if allocs > 1000 || bytes > 36<<20 {
		b.Errorf("Read of %d rows made %d allocations of %d bytes in all, want at most 1000 and 36 MiB", rows, allocs, bytes)
	}
}

// BenchmarkCheck judges the loss of a Log of 10^6 rows with a norm column.
func BenchmarkCheck(b *testing.B) {
	l, err := Read(bytes.NewReader(million()))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(l, ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(l.Series[0].Len()), "ns/row")
}
