package main

import "strings"

// etagMatches reports whether the If-None-Match header values list etag, a
// quoted strong entity tag, or are "*". Comparison is weak (RFC 9110,
// section 13.1.2): W/"x" matches "x". A malformed list matches nothing past
// the point where it stops making sense.
func etagMatches(ifNoneMatch []string, etag string) bool {
	for _, v := range ifNoneMatch {
		s := v
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			if s[0] == '*' {
				return true
			}
			s = strings.TrimPrefix(s, "W/")
			if s == "" || s[0] != '"' {
				break
			}
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				break
			}
			if s[:end+2] == etag {
				return true
			}
			s = s[end+2:]
		}
	}
	return false
}
