package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/witness"
	"github.com/aidtrail/aidtrail/ledger/witness/litewitness"
	"golang.org/x/mod/sumdb/note"
)

// witnessConfig is how serve gets its checkpoints witnessed.
type witnessConfig struct {
	policy    string // the policy file; "" for none (the demo writes one for its own witnesses)
	failOpen  bool
	demoBin   string // where litewitness and witnessctl are, for the demo witnesses
	demoCount int
}

func (w *witnessConfig) flags(fs *flag.FlagSet, env func(k, def string) string) {
	fs.StringVar(&w.policy, "witness-policy", env("WITNESS_POLICY", ""), "witness policy file (witness NAME VKEY URL, group NAME K NAME..., quorum NAME): push checkpoints to these witnesses and serve the newest the quorum cosigned (AIDTRAIL_WITNESS_POLICY)")
	fs.BoolVar(&w.failOpen, "witness-fail-open", env("WITNESS_FAIL_OPEN", "") == "1" || env("WITNESS_FAIL_OPEN", "") == "true", "until a checkpoint meets the witness policy, serve the newest uncosigned one (for rollout; default: serve none) (AIDTRAIL_WITNESS_FAIL_OPEN)")
	fs.StringVar(&w.demoBin, "demo-witness-bin", env("DEMO_WITNESS_BIN", ""), "with -demo and no -witness-policy: directory holding litewitness and witnessctl (default: beside this binary), run as demo witnesses (AIDTRAIL_DEMO_WITNESS_BIN)")
	fs.IntVar(&w.demoCount, "demo-witnesses", 3, "with -demo: how many demo witnesses to run (2 of them must cosign); 0 for none")
}

// start checks the data directory's witnessed checkpoint (refusing a log
// that does not extend it), starts the demo witnesses if asked, and returns
// the witnessing service, already running, or nil without a policy. stop
// ends the demo witnesses.
func (w *witnessConfig) start(ctx context.Context, c *config, store *sqlite.Store, logger *slog.Logger, stdout io.Writer) (svc *witness.Service, stop func(), err error) {
	stop = func() {}
	v, err := note.NewVerifier(store.VerifierKey())
	if err != nil {
		return nil, stop, err
	}
	file, err := witness.OpenWitnessed(filepath.Join(c.data, witness.WitnessedName), v)
	if err != nil {
		return nil, stop, err
	}
	if err := store.CheckKept(ctx, file, witness.WitnessedBy); err != nil {
		return nil, stop, err
	}
	policyPath := w.policy
	demo := map[string]bool{}
	if policyPath == "" && c.demo && w.demoCount > 0 {
		var procs []*litewitness.Process
		procs, policyPath, err = w.startDemo(ctx, c, store, logger)
		stop = func() {
			for _, p := range procs {
				p.Stop()
			}
		}
		if err != nil {
			stop()
			return nil, func() {}, err
		}
		for i, p := range procs {
			demo[demoName(i)] = true
			fmt.Fprintf(stdout, "demo witness %s: %s %s\n", demoName(i), p.URL, p.VKey)
		}
	}
	if policyPath == "" {
		return nil, stop, nil
	}
	policy, err := witness.LoadPolicy(policyPath)
	if err != nil {
		stop()
		return nil, func() {}, err
	}
	svc, err = witness.New(ctx, witness.Options{Policy: policy, Store: store, Logger: logger, FailOpen: w.failOpen, Demo: demo, Witnessed: file})
	if err != nil {
		stop()
		return nil, func() {}, err
	}
	// Ask the witnesses too: a data directory restored whole from an old
	// backup brings its checkpoint files back with it, but they remember.
	if err := svc.AskWitnesses(ctx); err != nil {
		stop()
		return nil, func() {}, err
	}
	k, n := policy.Quorum()
	fmt.Fprintf(stdout, "witnesses: %d of %d must cosign (policy %s)\n", k, n, policyPath)
	go svc.Run(ctx)
	return svc, stop, nil
}

func demoName(i int) string { return fmt.Sprintf("demo%d", i+1) }

// startDemo runs the demo witnesses, real litewitness processes on
// loopback, each with its own key under the data directory, and writes
// their 2-of-N policy there.
func (w *witnessConfig) startDemo(ctx context.Context, c *config, store *sqlite.Store, logger *slog.Logger) ([]*litewitness.Process, string, error) {
	bin := w.demoBin
	if bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, "", err
		}
		bin = filepath.Dir(exe)
	}
	if _, err := os.Stat(filepath.Join(bin, "litewitness")); err != nil {
		return nil, "", fmt.Errorf("the demo witnesses need litewitness and witnessctl in %s (make build puts them in bin/; or give -demo-witness-bin DIR, or -demo-witnesses 0 to run without): %w", bin, err)
	}
	dir := filepath.Join(c.data, "witnesses")
	var procs []*litewitness.Process
	var policy strings.Builder
	var names []string
	host, _, _ := strings.Cut(store.Origin(), "/")
	host, _, _ = strings.Cut(host, ":")
	for i := range w.demoCount {
		p, err := litewitness.Start(ctx, litewitness.Options{Bin: bin, Dir: filepath.Join(dir, demoName(i)),
			Name: fmt.Sprintf("%s.demo-witness.%s", demoName(i), host), Origin: store.Origin(), LogVKey: store.VerifierKey(),
			Stderr: slogWriter{logger.With("demo-witness", demoName(i))}})
		if err != nil {
			return procs, "", err
		}
		procs = append(procs, p)
		fmt.Fprintf(&policy, "witness %s %s %s\n", demoName(i), p.VKey, p.URL)
		names = append(names, demoName(i))
	}
	fmt.Fprintf(&policy, "group demo %d %s\nquorum demo\n", min(2, len(names)), strings.Join(names, " "))
	path := filepath.Join(dir, "policy.txt")
	if err := os.WriteFile(path, []byte("# Demo witnesses run by aidtrail serve -demo (litewitness, filippo.io/torchwood).\n"+policy.String()), 0o600); err != nil {
		return procs, "", err
	}
	return procs, path, nil
}

// slogWriter logs a child process's output lines at debug level.
type slogWriter struct{ l *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	for line := range strings.Lines(string(p)) {
		w.l.Debug(strings.TrimSpace(line))
	}
	return len(p), nil
}
