# noiseball: `make run` builds everything and serves the demo; `make test` runs
# every test (native, the page's modules and wasm under node, arm64 under
# qemu, end to end in headless Chromium). The binaries: bin/noiseball-server
# (server/) serves the page and its stills, bin/noiseball (sim/cmd/noiseball)
# runs links headless.

GO      ?= go
ADDR    ?= localhost:8080
GOROOT  := $(shell $(GO) env GOROOT)
WASMDIR := $(GOROOT)/lib/wasm
QEMU_ARM64 ?= qemu-aarch64-static

SIM_SRC    := $(shell find sim -name '*.go' -not -name '*_test.go')
WASM_SRC   := $(shell find wasm -name '*.go' -not -name '*_test.go')
SERVER_SRC := $(shell find server -name '*.go' -not -name '*_test.go')
PAGE       := $(filter-out %.go %.wasm %.br %.gz static/wasm_exec.js static/link-schema.json static/js static/linkschema,$(wildcard static/* static/js/*.js))
# The page's text files, sent brotli- or gzip-compressed from copies made at
# build time (brotli's best is quick on files this small), as the wasm is.
TEXT       := $(filter %.html %.js %.css %.json %.svg,$(PAGE)) static/link-schema.json
# Brotli quality of the wasm's precompressed copy: 6 takes half a second and
# is 17% larger than 11, which takes a minute; make dist uses 11.
BROTLI     ?= 6

.PHONY: all build run dist test vet test-native test-js test-wasm test-arm64 test-e2e chromium qemu bench fuzz clean FORCE canvas-font

all: build

build: bin/noiseball-server bin/noiseball

static/main.wasm: $(SIM_SRC) $(WASM_SRC) wasm/fonts/canvas-ja.otf go.mod go.sum
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm

# wasm_exec.js must come from the Go that compiled the .wasm.
static/wasm_exec.js: $(WASMDIR)/wasm_exec.js
	cp $< $@

# What the page learns from the Go code (parameters, ranges, defaults, charts,
# colours, layout): a build output, never edited or committed.
static/link-schema.json: $(SIM_SRC) $(WASM_SRC) $(wildcard static/linkschema/*.go) go.mod
	$(GO) run ./static/linkschema > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

static/main.wasm.br: static/main.wasm static/wasm_exec.js server/precompress/main.go bin/brotli-quality
	$(GO) run ./server/precompress -force -brotli-quality $(BROTLI) static/main.wasm static/wasm_exec.js
	touch $@

# Only the text files that changed are compressed again.
bin/precompressed-text: $(TEXT) server/precompress/main.go
	@mkdir -p bin
	@echo "precompress the page's text files (their .br and .gz)"
	@$(GO) run ./server/precompress $(TEXT) > /dev/null
	@touch $@

# The brotli quality of the copies, rewritten only when it changes.
bin/brotli-quality: FORCE
	@mkdir -p bin; echo $(BROTLI) | cmp -s - $@ || echo $(BROTLI) > $@

bin/noiseball-server: static/main.wasm.br bin/precompressed-text static/link-schema.json $(SERVER_SRC) $(PAGE) go.mod go.sum
	$(GO) build -trimpath -o $@ ./server

bin/noiseball: $(SIM_SRC) go.mod go.sum
	$(GO) build -trimpath -o $@ ./sim/cmd/noiseball

# The Japanese glyphs the canvas draws (wasm/fonts/canvas-ja.otf, committed):
# remake it after changing a Japanese word the canvas shows; static's tests
# say when. Needs fonttools and fonts-noto-cjk, which the build does not.
canvas-font:
	/usr/bin/python3 wasm/fonts/subset.py

run: build
	./bin/noiseball-server -addr $(ADDR)

# The page as static files for any web server or CDN, without the Go server:
# what the server publishes (the wasm with its .br and .gz copies included),
# and a features.json saying the still endpoints are absent. The copies are
# made at brotli's highest quality.
dist: BROTLI = 11
dist: build
	rm -rf dist
	./bin/noiseball-server -dist dist

test: vet test-native test-js test-wasm test-arm64 test-e2e

# gofmt, go vet and staticcheck, natively and for the wasm build (whose
# files native builds do not see).
vet: bin/staticcheck
	@unformatted=$$($(GOROOT)/bin/gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt -l: not formatted:" $$unformatted >&2; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./sim/... ./wasm/...
	bin/staticcheck ./...
	GOOS=js GOARCH=wasm bin/staticcheck ./sim/... ./wasm/...

# staticcheck from the module proxy, built for this machine; installing it
# by version keeps go.mod free of its dependencies (it needs a newer go line
# than the module's).
STATICCHECK_VERSION := v0.8.2
bin/staticcheck: Makefile
	GOBIN=$(CURDIR)/bin GOOS= GOARCH= $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

test-native:
	$(GO) test ./...

# The page's pure modules (static/js), under node's test runner, against
# the schema the Go code writes.
test-js: static/link-schema.json
	@command -v node >/dev/null || { echo "node is needed to run the page's tests: apt-get install nodejs" >&2; exit 1; }
	node --test --test-reporter=spec static/test/*.test.js

# The sim tests again, compiled to wasm and run by node.
test-wasm:
	@command -v node >/dev/null || { echo "node is needed to run the wasm tests: apt-get install nodejs" >&2; exit 1; }
	GOOS=js GOARCH=wasm $(GO) test -exec=$(WASMDIR)/go_js_wasm_exec ./sim/...

# The same numbers on arm64, whose compiler fuses a*b+c into one multiply-add
# unless the product is rounded explicitly, float64(a*b) + c: the
# determinism tests (golden hashes) under qemu-user, and a look at the arm64
# code of the simulation's packages (all of sim/ but the CLI, the drawing and
# the log reader) for fused instructions and for calls of math functions
# whose results differ between platforms (use package detmath).
SIM_PKGS = $(shell $(GO) list ./sim/... | grep -v -e /cmd/ -e /scene -e /trainlog -e /trend)

test-arm64: qemu
	@GOARCH=arm64 $(GO) list -export -f '{{.ImportPath}} {{.Export}}' $(SIM_PKGS) | while read pkg file; do \
		$(GO) tool objdump "$$file" | awk -v pkg="$$pkg" ' \
			/^TEXT / { fn = $$2 } \
			/\tF(N)?M(ADD|SUB)[DS] / { print pkg ": " $$1 " (" fn "): a fused multiply-add: round the product, float64(a*b)"; bad = 1 } \
			match($$0, /R_CALLARM64:math\.[A-Za-z0-9_]+/) { f = substr($$0, RSTART + 12, RLENGTH - 12); \
				if (f !~ /^math\.(arch)?([Mm]ax|[Mm]in|[Ff]rexp|[Ll]dexp|[Mm]od|[Mm]odf|[Ff]loor|[Cc]eil|[Tt]runc)$$/) { print pkg ": " $$1 " (" fn "): calls " f ", which differs between platforms: use package detmath"; bad = 1 } } \
			END { exit bad }' || exit 1; \
	done
	GOARCH=arm64 $(GO) test -exec=$(QEMU_ARM64) -run Determinism ./sim/...

test-e2e: build chromium
	$(GO) test -tags e2e -count=1 -timeout 25m ./server/e2e/

# The browser tests never skip: install Chromium when we may, else say how.
chromium:
	@if ! command -v chromium >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing chromium for the end-to-end tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The end-to-end tests need Chromium. Install it with: sudo apt-get install chromium" >&2; exit 1; \
		fi; \
	fi

# The arm64 tests run under qemu-user; install it when we may, else say how.
qemu:
	@if ! command -v $(QEMU_ARM64) >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing qemu-user-static for the arm64 tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static >/dev/null; \
		else \
			echo "The arm64 tests need qemu-user. Install it with: sudo apt-get install qemu-user-static" >&2; exit 1; \
		fi; \
	fi

# Simulation benchmarks natively and under node, then the browser probe
# (frame times, steps per second, first frame, bytes) in headless Chromium.
bench: build chromium
	$(GO) test -run '^$$' -bench . -benchtime 2s ./sim/...
	@echo "== ns per run-step, natively and in wasm (node), in one run:"
	@$(GO) test -run '^$$' -bench 'Step$$' -benchtime 2s ./sim/ | awk '/ns\/run-step/ {for (i = 1; i < NF; i++) if ($$(i+1) == "ns/run-step") {n = $$1; sub(/-[0-9]+$$/, "", n); print n, $$i}}' > bin/bench-native.txt
	@GOOS=js GOARCH=wasm $(GO) test -exec=$(WASMDIR)/go_js_wasm_exec -run '^$$' -bench 'Step$$' -benchtime 2s ./sim/ | awk '/ns\/run-step/ {for (i = 1; i < NF; i++) if ($$(i+1) == "ns/run-step") {n = $$1; sub(/-[0-9]+$$/, "", n); print n, $$i}}' > bin/bench-wasm.txt
	@join bin/bench-native.txt bin/bench-wasm.txt | awk '{printf "%-28s native %6.2f ns   wasm %6.2f ns   wasm/native %.2f\n", $$1, $$2, $$3, $$3/$$2}'
	$(GO) test -tags e2e -run '^$$' -bench BrowserProbe -benchtime 1x ./server/e2e/

# The server's fuzz targets are its handler (random methods, paths, headers)
# and the stills' cache key; minimizing an input there may render a still
# per try, so it gets 5 s rather than a minute.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 45s ./sim/link/
	$(GO) test -run '^$$' -fuzz '^FuzzNumber$$' -fuzztime 15s ./sim/link/
	for f in FuzzRead FuzzTrainerState FuzzJSONLines FuzzTFEvents; do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 30s ./sim/trainlog/ || exit 1; \
	done
	$(GO) test -run '^$$' -fuzz '^FuzzHandler$$' -fuzztime 60s -fuzzminimizetime 5s ./server/
	$(GO) test -run '^$$' -fuzz '^FuzzStillKey$$' -fuzztime 30s -fuzzminimizetime 5s ./server/

clean:
	rm -rf bin static/main.wasm static/wasm_exec.js static/link-schema.json static/*.br static/*.gz static/js/*.br static/js/*.gz
