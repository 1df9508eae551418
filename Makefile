# Concierge — see README.md.
#   make run    install what is missing, build, start the app with the sample knowledge base
#   make test   install what is missing, run every test (Go -race, Vitest, browser e2e, real-window smoke)
#   make bench  benchmarks with figures
#   make build  build the desktop app (build/bin/concierge) and the indexer CLI (build/bin/indexer)

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
GOBIN := $(shell go env GOBIN)
ifeq ($(GOBIN),)
GOBIN := $(shell go env GOPATH)/bin
endif
WAILS := $(GOBIN)/wails
UNAME := $(shell uname -s)
ifeq ($(UNAME),Linux)
TAGS := webkit2_41
endif
GOTAGS := $(if $(TAGS),-tags $(TAGS),)

.PHONY: run test build bench deps deps-test frontend go-test go-vet frontend-test e2e smoke dist clean

deps:
	build/scripts/deps.sh run

deps-test:
	build/scripts/deps.sh test

frontend:
	cd frontend && npm run build

build: deps frontend
	$(WAILS) build -s -skipbindings -trimpath $(GOTAGS) -o concierge
	go build -trimpath -o build/bin/indexer ./indexer

run: build
	./build/bin/concierge

go-vet:
	go vet $(GOTAGS) ./...

go-test:
	go test -race -count=1 $(GOTAGS) ./...

frontend-test:
	cd frontend && npm test

e2e:
	cd frontend && npm run e2e

smoke:
	build/scripts/smoke.sh build/bin/concierge

test: deps-test frontend go-vet go-test frontend-test e2e build smoke
	@echo "make test: all suites passed"

bench: deps frontend
	mkdir -p build/bin
	@echo "== scale: indexer import vs Bleve alone on the same synthetic folder, 1k and 10k (100k with BENCH_LARGE=1)"
	build/scripts/bench_scale.sh | tee build/bin/bench.txt
	@echo "== indexing throughput, open time and memory (1k and 10k synthetic articles)"
	go test -run '^$$' -bench 'Index|Memory|Open' -benchtime 1x -timeout 60m ./knowledge/search/ | tee -a build/bin/bench.txt
	@echo "== search latency p50/p99 and edit-to-searchable (500 queries each)"
	go test -run '^$$' -bench 'Search|EditThen|Scan|RelatedLong' -benchtime 500x -timeout 60m ./knowledge/search/ | tee -a build/bin/bench.txt
	@echo "== everything else"
	go test -run '^$$' -bench . -benchmem -timeout 60m $(GOTAGS) $$(go list ./... | grep -v '/knowledge/search$$') | tee -a build/bin/bench.txt
	@echo "== retrieval quality on ../shared/eval/covidfaq"
	for m in bm25 vector hybrid; do go run ./indexer eval --beir ../shared/eval/covidfaq --mode $$m --json; done | tee -a build/bin/bench.txt
	@echo "== launch to interactive window"
	$(MAKE) build
	build/scripts/launch_bench.sh | tee -a build/bin/bench.txt

dist: deps frontend
	$(WAILS) build -s -skipbindings -trimpath -platform windows/amd64 -o concierge.exe

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html
