package main

import (
	"math"

	"noiseball/sim/link"
)

// optional is an integer flag that remembers whether it was given, so that
// its default can be "the link's steps" rather than a number, and the usage
// text shows no made-up default. It reads its value as a link reads an
// integer (plain decimal, 1e6 is a million); check does, when a mode uses
// the flag.
type optional struct {
	raw string
	set bool
}

func (o *optional) String() string { return o.raw }

func (o *optional) Set(s string) error {
	o.raw, o.set = s, true
	return nil
}

// check reports a value that is not an integer in [lo, hi], naming the flag
// -name as a link's error names its parameter.
func (o *optional) check(name string, lo, hi int) error {
	if !o.set {
		return nil
	}
	_, err := link.ParseInt("-"+name, o.raw, lo, hi)
	return err
}

// or returns the flag's value, or def if it was not given. The value must
// have passed check.
func (o *optional) or(def int) int {
	if !o.set {
		return def
	}
	n, _ := link.ParseInt("", o.raw, math.MinInt, math.MaxInt)
	return n
}
