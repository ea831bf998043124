package trend

// LastPart returns the index p of the first group of the last part of a
// series: groups[p:] are the groups whose first x lies within span of the
// last x (for x = ln n and span = ln 10, the last decade of steps, where a
// power law n^-a falls by a factor 10^a while an early transient is left
// out), extended to earlier groups until the part holds at least minN
// observations and two groups, or every group. It returns 0 for fewer than
// two groups.
func LastPart(groups []Group, span float64, minN int) int {
	if len(groups) < 2 {
		return 0
	}
	end := groups[len(groups)-1].X1
	p := len(groups)
	n := 0
	for p > 0 && groups[p-1].X0 >= end-span {
		p--
		n += groups[p].N
	}
	for p > 0 && (n < minN || len(groups)-p < 2) {
		p--
		n += groups[p].N
	}
	return p
}
