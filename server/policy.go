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

// permissionsPolicy turns off, for the page and every frame in it, the
// powerful features it never uses, so that a script that got in could not
// ask for them either. It leaves alone what the page or Ebiten touches:
// fullscreen (presenter mode), the clipboard (copy link), gamepads and the
// keyboard map. Every name is one Chromium knows; an unknown one costs a
// console warning.
const permissionsPolicy = "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), " +
	"geolocation=(), gyroscope=(), hid=(), idle-detection=(), local-fonts=(), magnetometer=(), microphone=(), " +
	"midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"

// Cross-Origin-Resource-Policy values: who may load a response as a
// subresource (an image, a script, a fetch in no-cors mode).
const (
	// corpSameOrigin is for the page's scripts, styles, wasm and data:
	// only its own documents load them.
	corpSameOrigin = "same-origin"
	// corpCrossOrigin is for what other sites may load: the stills, which
	// documents and link previews elsewhere show as images, and the HTML
	// documents, which other sites frame (frame-ancestors decides which):
	// an embedder that is cross-origin isolated may frame only a document
	// that allows it with CORP.
	corpCrossOrigin = "cross-origin"
)

// securityHeaders sets the headers every response carries: the content
// security policy csp (see contentSecurityPolicy), no MIME sniffing, no
// Referer sent from the page, the permissions policy, a Cross-Origin-
// Opener-Policy of same-origin and a Cross-Origin-Resource-Policy of
// same-origin, which the HTML documents and the stills relax to
// cross-origin.
//
// COOP same-origin puts the page in a browsing context group of its own
// when it is opened at the top level: no window of another origin keeps a
// handle on it. It has no effect in a frame, so embedding (embed=1 on other
// origins, -frame-ancestors) works as before, and it is the half of cross-
// origin isolation that the page needs for SharedArrayBuffer; the other
// half, Cross-Origin-Embedder-Policy: require-corp on the documents, is
// not sent yet. Every subresource the page loads is its own, so it would
// hold.
func securityHeaders(h http.Header, csp string) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", permissionsPolicy)
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", corpSameOrigin)
}
