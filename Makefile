# Aidtrail: `make run` serves the demo, `make test` proves it.
GO      ?= go
BIN     := bin/aidtrail
# Fuzz budgets are counts, not durations: with a duration Go 1.26's fuzz
# coordinator can fail a target with "context deadline exceeded" as time runs
# out on a loaded machine (go.dev/issue/75804, fixed in Go 1.27). A few seconds each.
FUZZTIME ?= 50000x
FUZZTIME_VERIFY ?= 1200x

.PHONY: run build test fuzz bench generate check clean screenshots

run: build
	./$(BIN) serve -demo

# The demo witnesses are litewitness and witnessctl at the versions go.mod pins.
build: generate
	$(GO) build -o bin/ ./cmd/... filippo.io/torchwood/cmd/litewitness filippo.io/torchwood/cmd/witnessctl

test: check
	$(GO) test -count=1 -timeout=25m ./...
	$(GO) test -count=1 -timeout=25m -race ./ledger/...
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

bench:
	$(GO) test -run='^$$' -bench=. -benchmem -timeout=60m ./...

generate:
	$(GO) tool templ generate

# gofmt, vet, go.mod/go.sum tidy, and generated templ code in step with the .templ files.
check:
	@$(GO) mod tidy -diff || { echo 'go.mod/go.sum not tidy: run go mod tidy and commit'; exit 1; }
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$'))" || { gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$'); echo 'gofmt needed'; exit 1; }
	$(GO) vet ./...
	$(GO) tool templ generate
	@git diff --exit-code -- '*_templ.go' || { echo 'generated templ code is out of date: run make generate and commit'; exit 1; }
	@test -z "$$(git ls-files --others --exclude-standard -- '*_templ.go')" || { echo 'uncommitted generated templ files'; exit 1; }

clean:
	rm -rf bin data
