// Command aidtrail-verify audits an Aidtrail ledger without trusting its
// server: given the log's URL (or a directory mirroring its tiles) and the
// verifier key the user obtained on their own, it re-checks the signed
// checkpoint, the whole Merkle tree, every entry and every domain rule, and
// remembers what it verified so that a rewritten history is caught next time.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/transparency-dev/tessera/client"
	"golang.org/x/mod/sumdb/note"
)

func main() {
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "aidtrail-verify:", err)
		os.Exit(1)
	}
}

// tuneGC lets the heap grow to five times what is live between
// collections (GOGC=400) unless GOGC is set: most of the verifier's heap is
// the replayed state, which only grows, and with the default of two times
// the collector took a fifth of its CPU at 1M entries (40.2 -> 31.7 CPU-s
// there, peak RSS 0.97 -> 1.37 GB).
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

const usage = `usage: aidtrail-verify (-url URL | -dir PATH) -key VKEY [flags]

Verifies an Aidtrail ledger independently: the checkpoint's signature, the
whole Merkle tree recomputed from the entries, every served hash tile, every
entry's format and hash chain, the domain rules, and consistency with the
checkpoint verified last time (kept in a state file). Exits 0 only if all hold.

The key is the log's verifier key (note vkey format, e.g. as shown on the
/verify page). Get it from a source you trust, not from the server you verify:
-key VKEY or -key @FILE.

flags:
`

// errFailed is returned when verification found problems (already reported).
var errFailed = errors.New("verification failed")

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("aidtrail-verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	var (
		baseURL  = fs.String("url", "", "base URL of the log (where /checkpoint and /tile/ are served)")
		dir      = fs.String("dir", "", "directory holding a static copy of the log's checkpoint and tiles (a mirror)")
		keyArg   = fs.String("key", getenv("AIDTRAIL_VERIFY_KEY"), "the log's verifier key, or @FILE holding it (AIDTRAIL_VERIFY_KEY)")
		state    = fs.String("state", "", "state file keeping the last verified checkpoint (default: the user cache directory, per origin)")
		noState  = fs.Bool("no-state", false, "neither read nor write a state file")
		lot      = fs.String("lot", "", "verify one lot only: its hash chain and the inclusion of its entries")
		pledge   = fs.String("pledge", "", "verify one pledge only, like -lot")
		subject  = fs.String("subject", "", "verify one subject only, given as KIND:ID (e.g. need:12), like -lot")
		asJSON   = fs.Bool("json", false, "print a machine-readable report on stdout")
		withData = fs.Bool("exports", true, "with -url, also compare the server's /data/ exports with the verified log")
		every    = fs.Int("progress", 100, "report progress on stderr every N entry bundles (256 entries each); 0 for none")
		workers  = fs.Uint("workers", 8, "concurrent fetches (1: fetch one thing at a time)")
		deadline = fs.Duration("timeout", 2*time.Minute, "timeout of each HTTP request")
		policy   = fs.String("policy", getenv("AIDTRAIL_VERIFY_POLICY"), "witness policy file (as on the log's /verify page): require the witnesses' quorum on the checkpoint (AIDTRAIL_VERIFY_POLICY)")
		maxAge   = fs.Duration("max-age", 0, "with -policy: fail if the newest cosignature is older than this (e.g. 24h); 0 for any age")
	)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	verifier, err := parseKey(*keyArg)
	if err != nil {
		return err
	}
	cfg := config{verifier: verifier, workers: max(*workers, 1), progressEvery: *every}
	if *policy != "" {
		if cfg.policy, err = loadWitnessPolicy(*policy, *maxAge); err != nil {
			return err
		}
	} else if *maxAge != 0 {
		return errors.New("-max-age needs -policy")
	}
	if cfg.subject, err = pickSubject(*lot, *pledge, *subject); err != nil {
		return err
	}
	var src source
	switch {
	case (*baseURL == "") == (*dir == ""):
		fs.Usage()
		return errors.New("give exactly one of -url and -dir")
	case *dir != "":
		if fi, err := os.Stat(*dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("-dir %s is not a directory", *dir)
		}
		src, cfg.source = client.FileFetcher{Root: *dir}, *dir
	default:
		u, err := url.Parse(*baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("bad -url %q: want http(s)://host[/path]", *baseURL)
		}
		hc := &http.Client{Timeout: *deadline, Transport: newWaitUnavailable(http.DefaultTransport, stderr)}
		if src, err = newHTTPSource(u, hc); err != nil {
			return err
		}
		cfg.source = *baseURL
		if *withData {
			cfg.exports = &exports{base: u, client: hc}
		}
	}
	if !*noState {
		cfg.statePath = *state
		if cfg.statePath == "" {
			if cfg.statePath, err = defaultStatePath(getenv, verifier.Name()); err != nil {
				return err
			}
		}
	}
	var progress io.Writer = stderr
	if *every <= 0 {
		progress = io.Discard
	}
	rep := verify(ctx, cfg, src, progress)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		rep.print(stdout)
	}
	if !rep.OK {
		return fmt.Errorf("%w: %d problem(s)", errFailed, len(rep.Problems)+rep.Omitted)
	}
	return nil
}

// parseKey reads the verifier key given on the command line or in @file.
func parseKey(arg string) (note.Verifier, error) {
	if arg == "" {
		return nil, errors.New("no -key given: pass the log's verifier key (from a source you trust) as -key VKEY or -key @FILE")
	}
	if name, ok := strings.CutPrefix(arg, "@"); ok {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading the key: %w", err)
		}
		arg = string(b)
	}
	v, err := note.NewVerifier(strings.TrimSpace(arg))
	if err != nil {
		return nil, fmt.Errorf("bad verifier key: %w", err)
	}
	return v, nil
}

// pickSubject returns the one subject asked for with -lot, -pledge or
// -subject, or "" for the whole log.
func pickSubject(lot, pledge, subject string) (string, error) {
	var picked []string
	for _, c := range []struct{ kind, code string }{{ledger.SubjectLot, lot}, {ledger.SubjectPledge, pledge}} {
		if c.code == "" {
			continue
		}
		code, err := ledger.NormalizeCode(c.code)
		if err != nil {
			return "", fmt.Errorf("bad -%s %q: %v (a code is 9 symbols, as printed under the QR code)", c.kind, c.code, err)
		}
		picked = append(picked, ledger.Subject(c.kind, code))
	}
	if subject != "" {
		if kind, id := ledger.SplitSubject(subject); kind == "" || id == "" {
			return "", fmt.Errorf("bad -subject %q: want KIND:ID, e.g. lot:7KQ3PX9M", subject)
		}
		picked = append(picked, subject)
	}
	switch len(picked) {
	case 0:
		return "", nil
	case 1:
		return picked[0], nil
	}
	return "", errors.New("give at most one of -lot, -pledge and -subject")
}

// defaultStatePath is <user cache dir>/aidtrail-verify/<origin>.json.
func defaultStatePath(getenv func(string) string, origin string) (string, error) {
	dir := getenv("XDG_CACHE_HOME")
	if dir == "" {
		var err error
		if dir, err = os.UserCacheDir(); err != nil {
			return "", fmt.Errorf("no cache directory for the state file (give -state FILE or -no-state): %w", err)
		}
	}
	safe := strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, origin)
	return filepath.Join(dir, "aidtrail-verify", safe+".json"), nil
}
