package main

import (
	"log"
	"net/http"
	"time"
)

// withAccessLog returns a handler that calls h and then logs one line per
// request to logger: client address, method, path, status, body bytes
// written, content coding and duration.
func withAccessLog(h http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		coding := w.Header().Get("Content-Encoding")
		if coding == "" {
			coding = "-"
		}
		logger.Printf("%s %s %q %d %d %s %v", r.RemoteAddr, r.Method, r.URL.RequestURI(),
			rec.status, rec.bytes, coding, time.Since(start).Round(time.Microsecond))
	})
}

// statusRecorder is a ResponseWriter that remembers the status sent and
// counts the body bytes written.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// WriteHeader records code, unless informational, and sends it.
func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 && code >= 200 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write counts and sends b.
func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap returns the underlying ResponseWriter, for http.ResponseController.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
