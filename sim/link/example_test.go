package link_test

import (
	"errors"
	"fmt"

	"noiseball/sim/link"
)

// A link's page settings: bad ones keep their defaults and are named.
func ExampleParseView() {
	v, err := link.ParseView("opt=sgd&view=run&speed=1e3&lang=xx&story=999")
	fmt.Printf("cloud %v, speed %d, metric %s, lang %q, story %d\n", v.Cloud, v.Speed, v.Metric, v.Lang, v.Story)
	for _, line := range link.Messages(err) {
		fmt.Println(line)
	}
	// Output:
	// cloud false, speed 1000, metric spread, lang "", story 0
	// lang="xx": want one of en, ja
	// story="999": want an integer in [1, 11]
}

// Every problem of a link, as a program sees it and as a person reads it.
func ExampleMessages() {
	_, err := link.Parse("lr=0x1p-3&runs=2.5&bogus=1&seed=1_000")
	for _, e := range link.Errors(err) {
		var pe *link.ParamError
		if errors.As(e, &pe) {
			fmt.Printf("%s %q: %s\n", pe.Param, pe.Value, pe.Problem)
		}
	}
	for _, line := range link.Messages(err) {
		fmt.Println(line)
	}
	// Output:
	// bogus "1": unknown
	// runs "2.5": not-whole
	// seed "1_000": underscore
	// lr "0x1p-3": base
	// bogus="1": want a known parameter (see the README's link table)
	// runs="2.5": want an integer in [1, 10000] (not a whole number)
	// seed="1_000": want an integer in [0, 2^64) (digits grouped with _: write 1000)
	// lr="0x1p-3": want a number in (0, 10] (hexadecimal: write 0.125)
}
