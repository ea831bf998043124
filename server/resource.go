package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sync"
)

// Content codings, as named in Accept-Encoding and Content-Encoding.
const (
	codingIdentity = "identity"
	codingBrotli   = "br"
	codingGzip     = "gzip"
)

// A representation is one stored encoding of a published file.
type representation struct {
	coding string // codingIdentity, codingBrotli or codingGzip
	file   string // name in the site
	size   int64  // bytes sent as the body
	etag   string // strong entity tag of exactly those bytes, quoted
}

// A resource is a published file with its media type and representations.
type resource struct {
	mediaType string
	// reps holds the identity representation first, then the
	// precompressed ones in the order loadResource finds them.
	reps []representation
}

// negotiate returns the representation to send to a client with the given
// Accept-Encoding preferences: the precompressed one the client rates
// highest, ties going to the earlier in res.reps, or the identity one
// when the client accepts none of them. Identity is the fallback even when
// the client refuses it, as RFC 9110, section 12.5.3 allows.
func (res *resource) negotiate(accept acceptEncoding) representation {
	best, bestQ := res.reps[0], 0.0
	for _, rep := range res.reps[1:] {
		if q := accept.quality(rep.coding); q > bestQ {
			best, bestQ = rep, q
		}
	}
	return best
}

// resourceCache loads each resource of a site on first use and keeps it,
// so that every file is hashed once. Only names of files that exist are
// kept, so the cache never outgrows the site.
type resourceCache struct {
	site fs.FS

	mu      sync.Mutex
	entries map[string]*cacheEntry
}

// cacheEntry holds a resource being loaded or loaded.
type cacheEntry struct {
	once sync.Once
	res  *resource
	err  error
}

// lookup returns the resource published under name, a path the site can
// open with an extension mediaType knows. The error wraps fs.ErrNotExist
// when name is not a regular file of the site.
func (c *resourceCache) lookup(name string) (*resource, error) {
	c.mu.Lock()
	e := c.entries[name]
	c.mu.Unlock()
	if e == nil {
		// Check existence before adding an entry, so that requests for
		// names that do not exist leave no trace.
		if err := checkRegular(c.site, name); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.entries == nil {
			c.entries = make(map[string]*cacheEntry)
		}
		if e = c.entries[name]; e == nil {
			e = new(cacheEntry)
			c.entries[name] = e
		}
		c.mu.Unlock()
	}
	e.once.Do(func() { e.res, e.err = loadResource(c.site, name) })
	return e.res, e.err
}

// loadResource hashes the file name of site and its precompressed copies:
// the file NAME.br holds NAME compressed with brotli, NAME.gz with gzip.
// Brotli comes first, so it wins when a client accepts both equally: it is
// the smaller.
func loadResource(site fs.FS, name string) (*resource, error) {
	mt, ok := mediaType(path.Ext(name))
	if !ok {
		return nil, fmt.Errorf("load %s: extension %q has no media type: %w", name, path.Ext(name), fs.ErrNotExist)
	}
	res := &resource{mediaType: mt}
	rep, err := loadRepresentation(site, name, codingIdentity)
	if err != nil {
		return nil, err
	}
	res.reps = append(res.reps, rep)
	precompressed := [...]struct{ coding, suffix string }{
		{codingBrotli, ".br"},
		{codingGzip, ".gz"},
	}
	for _, pc := range precompressed {
		file := name + pc.suffix
		if err := checkRegular(site, file); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, err
		}
		rep, err := loadRepresentation(site, file, pc.coding)
		if err != nil {
			return nil, err
		}
		res.reps = append(res.reps, rep)
	}
	return res, nil
}

// loadRepresentation reads file from site and returns its size and ETag:
// the first 16 hex digits of the SHA-256 of its bytes, quoted.
func loadRepresentation(site fs.FS, file, coding string) (representation, error) {
	f, err := site.Open(file)
	if err != nil {
		return representation{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return representation{}, fmt.Errorf("hash %s: %w", file, err)
	}
	sum := h.Sum(nil)
	return representation{
		coding: coding,
		file:   file,
		size:   n,
		etag:   `"` + hex.EncodeToString(sum[:8]) + `"`,
	}, nil
}

// checkRegular returns nil if name is a regular file of site, and an error
// wrapping fs.ErrNotExist if it is missing or something else, such as a
// directory.
func checkRegular(site fs.FS, name string) error {
	info, err := fs.Stat(site, name)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return &fs.PathError{Op: "serve", Path: name, Err: fmt.Errorf("%v is not a regular file: %w", info.Mode().Type(), fs.ErrNotExist)}
	}
	return nil
}
