package main

import "strings"

// acceptEncoding is a parsed Accept-Encoding request header (RFC 9110,
// section 12.5.3): the quality, from 0 to 1, the client gives each content
// coding it names, and the quality of "*", which covers the codings it does
// not name.
type acceptEncoding struct {
	q         map[string]float64 // by lower-case coding
	star      float64
	starNamed bool
}

// parseAcceptEncoding parses the values of the Accept-Encoding header
// fields of a request, each a comma-separated list of codings with optional
// ";q=" weights. Codings are case-insensitive; "x-gzip" means gzip. An
// element with a malformed weight is ignored, so a coding it names is not
// accepted on its account. If a coding is named twice, the first weight
// counts. No header, or an empty one, accepts no coding but identity.
func parseAcceptEncoding(values []string) acceptEncoding {
	var a acceptEncoding
	for _, v := range values {
		for elem := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(elem, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding == "" {
				continue
			}
			if coding == "x-gzip" {
				coding = codingGzip
			}
			q, ok := weight(params)
			if !ok {
				continue
			}
			if coding == "*" {
				if !a.starNamed {
					a.star, a.starNamed = q, true
				}
				continue
			}
			if a.q == nil {
				a.q = make(map[string]float64)
			}
			if _, dup := a.q[coding]; !dup {
				a.q[coding] = q
			}
		}
	}
	return a
}

// quality returns the weight the client gives coding, which must be lower
// case: its own if named, else that of "*" if named, else 0.
func (a acceptEncoding) quality(coding string) float64 {
	if q, ok := a.q[coding]; ok {
		return q
	}
	if a.starNamed {
		return a.star
	}
	return 0
}

// weight returns the q parameter among the ";"-separated parameters of a
// list element, 1 if there is none, and false if it is malformed. Other
// parameters are ignored.
func weight(params string) (float64, bool) {
	if strings.TrimSpace(params) == "" {
		return 1, true
	}
	q, found := 1.0, false
	for p := range strings.SplitSeq(params, ";") {
		name, value, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") || found {
			continue
		}
		v, ok := parseQValue(strings.TrimSpace(value))
		if !ok {
			return 0, false
		}
		q, found = v, true
	}
	return q, true
}

// parseQValue parses a qvalue (RFC 9110, section 12.4.2): "0" or "1",
// optionally followed by a point and up to three digits, at most 1.
func parseQValue(s string) (float64, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	whole := float64(s[0] - '0')
	frac := s[1:]
	if frac == "" {
		return whole, true
	}
	if frac[0] != '.' || len(frac) > 4 {
		return 0, false
	}
	var thousandths int
	for i, scale := 1, 100; i < 4; i, scale = i+1, scale/10 {
		if i >= len(frac) {
			break
		}
		c := frac[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		thousandths += int(c-'0') * scale
	}
	if whole == 1 && thousandths != 0 {
		return 0, false
	}
	return whole + float64(thousandths)/1000, true
}
