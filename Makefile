# Aidtrail: `make run` serves the demo, `make test` proves it.
GO      ?= go
BIN     := bin/aidtrail
# Fuzz budgets are counts, not durations: with a duration Go 1.26's fuzz
# coordinator can fail a target with "context deadline exceeded" as time runs
# out on a loaded machine (go.dev/issue/75804, fixed in Go 1.27). A few seconds each.
FUZZTIME ?= 50000x
FUZZTIME_VERIFY ?= 1200x

.PHONY: run build test fuzz bench bench-serve generate check clean screenshots

run: build
	./$(BIN) serve -demo

# The demo witnesses are litewitness and witnessctl at the versions go.mod pins.
build: generate
	$(GO) build -o bin/ ./cmd/... filippo.io/torchwood/cmd/litewitness filippo.io/torchwood/cmd/witnessctl

# Every test runs in the plain pass. The race pass runs what has goroutines
# of its own, not everything (modernc SQLite is Go, so the race detector
# makes every query ten times slower): the ledger's packages whole (replica,
# witness), the simulation (16 actors writing at once), and in ledger/sqlite
# the tests of the writer and what races it: concurrent writers (a test
# named TestConcurrent... is raced), batching, close, the checkpoint timer,
# the syncer (acknowledgements once durable, a failed sync), the WAL checkpointer,
# crash, damage and the start-up check (before serving and beside reads). The demo seeds one write at a time.
# A new package under ledger/ is raced whole.
RACE_SQLITE := ^Test(Concurrent|BatchSavepoints|AcknowledgedOnlyOnceDurable|FailedSyncStopsTheStore|WALStaysBounded|WALCheckpointsSeldom|NestedQueriesInWrite|WriteAfterClose|CustodyCatalogueFollowsItems|CheckpointInterval|CrashRecovery|DamageMatrix|StartupCheck)
RACE_PKGS   = $(shell $(GO) list ./ledger/... | grep -Ev '/ledger/sqlite(/demo)?$$')

test: check
	$(GO) test -count=1 -timeout=25m ./...
	$(GO) test -count=1 -timeout=25m -race $(RACE_PKGS)
	$(GO) test -count=1 -timeout=25m -race -run='$(RACE_SQLITE)' ./ledger/sqlite/
	$(MAKE) fuzz

# Each fuzz target runs briefly; longer runs: make fuzz FUZZTIME=5000000x FUZZTIME_VERIFY=100000x
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=$(FUZZTIME) ./ledger/
	$(GO) test -run='^$$' -fuzz='^FuzzParseGS1$$' -fuzztime=$(FUZZTIME) ./ledger/
	$(GO) test -run='^$$' -fuzz='^FuzzTilePath$$' -fuzztime=$(FUZZTIME) ./handlers/
	$(GO) test -run='^$$' -fuzz='^FuzzParseAmount$$' -fuzztime=$(FUZZTIME) ./views/
	$(GO) test -run='^$$' -fuzz='^FuzzNeedAndPledgeForms$$' -fuzztime=$(FUZZTIME) ./handlers/
	$(GO) test -run='^$$' -fuzz='^FuzzVerify$$' -fuzztime=$(FUZZTIME_VERIFY) -fuzzminimizetime=1s ./cmd/aidtrail-verify/

# The README's pictures, taken from the demo by the browser suite.
screenshots:
	AIDTRAIL_SCREENSHOTS=1 $(GO) test -count=1 -run='^(TestPublicFollowsNeedToLotAndPledge|TestWarehousePhoneScreens)$$' ./handlers/browsertest/

# Issue 13's figures (README, "Scale figures"): simulated logs of 10k and
# 100k entries (1M too with AIDTRAIL_BENCH_1M=1, or AIDTRAIL_BENCH_SIZES=N,M),
# built once under AIDTRAIL_BENCH_DIR and measured on copies; then the other
# benchmarks; then each size served (bench-serve).
comma := ,
BENCH_SIZES ?= $(if $(AIDTRAIL_BENCH_SIZES),$(subst $(comma), ,$(AIDTRAIL_BENCH_SIZES)),10000 100000 $(if $(filter 1,$(AIDTRAIL_BENCH_1M)),1000000))
bench:
	$(GO) test -run='^$$' -bench='^BenchmarkConfirmations$$' -benchtime=5000x -timeout=180m ./ledger/sqlite/
	$(GO) test -run='^$$' -bench='^(BenchmarkPages|BenchmarkStartup)$$' -benchtime=20x -timeout=180m ./handlers/
	$(GO) test -run='^$$' -bench=. -skip='^(BenchmarkConfirmations|BenchmarkPages|BenchmarkStartup)$$' -benchmem -timeout=60m ./...
	for n in $(BENCH_SIZES); do $(GO) run ./cmd/benchserve $$n || exit 1; done

# One size served by `aidtrail serve` on a copy: start-up, hey on /t/{code}
# against a static file at 64 connections, RSS, aidtrail-verify (N entries).
N ?= 10000
bench-serve:
	$(GO) run ./cmd/benchserve $(N)

generate:
	$(GO) tool templ generate

# gofmt, vet, go.mod/go.sum tidy, README sections once, and generated templ code in step with the .templ files.
check:
	@$(GO) mod tidy -diff || { echo 'go.mod/go.sum not tidy: run go mod tidy and commit'; exit 1; }
	@test -z "$$(grep '^#' README.md | sort | uniq -d)" || { grep '^#' README.md | sort | uniq -d; echo 'README has a section twice (one copy of each)'; exit 1; }
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$'))" || { gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$'); echo 'gofmt needed'; exit 1; }
	$(GO) vet ./...
	$(GO) tool templ generate
	@git diff --exit-code -- '*_templ.go' || { echo 'generated templ code is out of date: run make generate and commit'; exit 1; }
	@test -z "$$(git ls-files --others --exclude-standard -- '*_templ.go')" || { echo 'uncommitted generated templ files'; exit 1; }

clean:
	rm -rf bin data
