package main

import (
	"fmt"
	"net/http"
	"strings"
)

// basePolicy is the Content-Security-Policy without its frame-ancestors
// directive. Everything comes from the page's own origin; 'wasm-unsafe-eval'
// lets the page compile main.wasm without allowing eval of JavaScript; data:
// and blob: images cover canvas exports (PNG/SVG stills); the game runs in a
// same-origin frame.
const basePolicy = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; " +
	"img-src 'self' data: blob:; " +
	"connect-src 'self'; " +
	"frame-src 'self'; " +
	"object-src 'none'; " +
	"base-uri 'none'; " +
	"form-action 'self'"

// contentSecurityPolicy returns the Content-Security-Policy header value
// whose frame-ancestors directive has the given source list, such as
// "'self'", "'none'" or "'self' https://wiki.example.com". Sources are
// separated by white space. It fails if the list is empty, if a source
// holds a character other than printable ASCII or a ";" or "," (which would
// end the directive or the policy), or if a keyword lacks its single quotes.
func contentSecurityPolicy(frameAncestors string) (string, error) {
	sources := strings.Fields(frameAncestors)
	if len(sources) == 0 {
		return "", fmt.Errorf("frame-ancestors %q: want at least one source, such as 'self' or 'none'", frameAncestors)
	}
	for _, src := range sources {
		for _, c := range src {
			if c <= ' ' || c > '~' || c == ';' || c == ',' {
				return "", fmt.Errorf("frame-ancestors %q: source %q contains %q; separate sources with spaces", frameAncestors, src, c)
			}
		}
		switch src {
		case "self", "none":
			return "", fmt.Errorf("frame-ancestors %q: write the keyword %s in single quotes, '%s'", frameAncestors, src, src)
		}
	}
	return basePolicy + "; frame-ancestors " + strings.Join(sources, " "), nil
}

// securityHeaders sets the headers every response carries: the content
// security policy csp (see contentSecurityPolicy), no MIME sniffing, and no
// Referer sent from the page.
func securityHeaders(h http.Header, csp string) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}
