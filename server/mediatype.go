package main

// mediaType returns the Content-Type of files with extension ext (as
// path.Ext returns it, with the dot, case-sensitive) and whether such files
// may be published at all. This is the allowlist of the server: source
// files, precompressed copies (.br, .gz) and anything else unlisted are
// never served under their own names.
func mediaType(ext string) (string, bool) {
	switch ext {
	case ".html":
		return "text/html; charset=utf-8", true
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8", true
	case ".css":
		return "text/css; charset=utf-8", true
	case ".wasm":
		return "application/wasm", true
	case ".png":
		return "image/png", true
	case ".svg":
		return "image/svg+xml", true
	case ".ico":
		return "image/x-icon", true
	case ".json":
		return "application/json", true
	case ".txt":
		return "text/plain; charset=utf-8", true
	case ".woff2":
		return "font/woff2", true
	case ".webmanifest":
		return "application/manifest+json", true
	}
	return "", false
}
