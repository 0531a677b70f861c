// Command benchserve measures issue 13's served figures on a copy of a
// simulated log of N entries: start-up to the first full /, /t/{lot} and
// /t/{pledge} against a static 3.9 KB file with hey at 64 connections
// (req/s, p99, server CPU per request), waves of scans over many codes
// with vegeta (the targets of cmd/tracemix), the server's RSS while it
// serves them, an open-data table (/data/needs.csv, streamed from the read
// models) twice, and a full aidtrail-verify of the log. Usage (README,
// "Scale figures"):
//
//	go run ./cmd/benchserve 100000        # or: make bench-serve N=100000
//
// The log is taken from $AIDTRAIL_BENCH_DIR/entries-N (the Go benchmarks'
// layout; default $TMPDIR/aidtrail-bench), built there with
// `aidtrail admin simulate` if it has no `done` file, and only ever served
// from a copy. It runs from the module's directory (go build of the
// commands it starts); hey and vegeta are installed into the work directory
// at a pinned version. BENCH_REQUESTS (3000), BENCH_CONNS (64),
// BENCH_SECONDS (15, each wave), BENCH_PORT (18313), BENCH_VERIFY=0 to
// skip the verification, BENCH_KEEP=1 to keep the copy. Linux only (the
// server's CPU and RSS come from /proc).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
)

const (
	heyPkg    = "github.com/rakyll/hey@v0.1.4"
	vegetaPkg = "github.com/tsenart/vegeta/v12@v12.13.0"
	// clkTck is USER_HZ, the unit of /proc/PID/stat's CPU times: 100 on
	// every Linux architecture Go runs on (getconf CLK_TCK).
	clkTck = 100
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchserve:", err)
		os.Exit(1)
	}
}

// bench is one run: its settings, work directory and the server it started.
type bench struct {
	n                 int64
	fix, work, url    string
	reqs, conns, secs int
	port              string
	server            *exec.Cmd
	exited            chan struct{}
	out               io.Writer
	binAt             func(name string) string // a command built or installed into the work directory
}

func run(ctx context.Context, args []string) (err error) {
	if len(args) != 1 {
		return errors.New("usage: benchserve ENTRIES")
	}
	n, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("usage: benchserve ENTRIES (not %q)", args[0])
	}
	b := &bench{n: n, fix: simulate.BenchLog(n), out: os.Stdout,
		reqs: envInt("BENCH_REQUESTS", 3000), conns: envInt("BENCH_CONNS", 64), secs: envInt("BENCH_SECONDS", 15),
		port: strconv.Itoa(envInt("BENCH_PORT", 18313))}
	b.url = "http://127.0.0.1:" + b.port
	if b.work, err = os.MkdirTemp("", "aidtrail-bench-serve."); err != nil {
		return err
	}
	defer func() {
		b.stop()
		if os.Getenv("BENCH_KEEP") == "1" {
			b.say("kept %s", b.work)
		} else {
			os.RemoveAll(b.work)
		}
	}()
	bin := filepath.Join(b.work, "bin")
	b.binAt = func(name string) string { return filepath.Join(bin, name) }

	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	b.say("== build (%s)", root)
	if err := b.cmd(ctx, root, nil, "go", "build", "-o", bin+"/", "./cmd/aidtrail", "./cmd/aidtrail-verify", "./cmd/tracemix").Run(); err != nil {
		return fmt.Errorf("building: %w", err)
	}
	// hey and vegeta built outside the timings.
	for _, pkg := range []string{heyPkg, vegetaPkg} {
		if err := b.cmd(ctx, root, []string{"GOBIN=" + bin}, "go", "install", pkg).Run(); err != nil {
			return fmt.Errorf("installing %s: %w", pkg, err)
		}
	}

	if _, err := os.Stat(filepath.Join(b.fix, "done")); err != nil {
		b.say("== building a simulated log of %d entries in %s (minutes)", n, b.fix)
		if err := os.MkdirAll(b.fix, 0o700); err != nil {
			return err
		}
		if err := b.cmd(ctx, "", nil, b.binAt("aidtrail"), "admin", "simulate", "-data", b.fix, "-entries", args[0]).Run(); err != nil {
			return fmt.Errorf("simulating: %w", err)
		}
		if err := os.WriteFile(filepath.Join(b.fix, "done"), nil, 0o600); err != nil {
			return err
		}
	}
	data := filepath.Join(b.work, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		return err
	}
	// A new file: the first start checks it whole.
	for _, f := range []string{"aidtrail.db", "aidtrail.db-wal", "aidtrail.db-closed", "log.key", "checkpoint"} {
		if err := simulate.CopyFile(filepath.Join(b.fix, f), filepath.Join(data, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	key, err := os.ReadFile(filepath.Join(data, "log.key"))
	if err != nil {
		return err
	}
	parts := strings.Split(string(key), "+")
	if len(parts) < 3 {
		return errors.New("log.key: not a note signer key")
	}
	origin := parts[2]

	b.say("== start-up to the first full / (%d entries)", n)
	b.load()
	for i, what := range []string{"first start of the copy", "start after a clean stop", "start after a clean stop"} {
		if i > 0 {
			b.stop()
		}
		if err := b.start(ctx, data, origin, what); err != nil {
			return err
		}
	}

	lot, err := b.pick(ctx, "lot.split")
	if err != nil {
		return err
	}
	pledge, err := b.pick(ctx, "pledge.made")
	if err != nil {
		return err
	}

	b.say("== hey, %d connections, %d requests each (static file first, then the traces, twice)", b.conns, b.reqs)
	b.load()
	for range 2 {
		for _, t := range [][2]string{{"static", "/static/scan.js"}, {"trace-lot", lot}, {"trace-pledge", pledge}} {
			if err := b.runHey(ctx, t[0], t[1]); err != nil {
				return err
			}
		}
	}
	b.load()

	// A wave of scans over many codes (vegeta, as hey asks for one URL):
	// the static file, the mix of hot and once-scanned codes, the cold
	// wave, twice. Each round's waves draw their own codes (another seed),
	// so the second round is as new to the server's caches as the first.
	static := filepath.Join(b.work, "static.targets")
	if err := os.WriteFile(static, []byte("GET "+b.url+"/static/scan.js\n"), 0o600); err != nil {
		return err
	}
	db := filepath.Join(data, "aidtrail.db")
	for round := range 2 {
		seed := 13 + round*100
		if err := b.tracemix(ctx, fmt.Sprintf("mix%d.targets", round+1), "-db", db, "-url", b.url, "-seed", strconv.Itoa(seed)); err != nil {
			return err
		}
		if err := b.tracemix(ctx, fmt.Sprintf("cold%d.targets", round+1), "-db", db, "-url", b.url, "-hot", "0", "-hot-share", "0",
			"-wave", "20000", "-seed", strconv.Itoa(seed+1)); err != nil {
			return err
		}
	}
	b.say("== vegeta, %d workers, %d s each: the static file, then /t/{code} over a mix of 100 hot codes (half the scans) and 15,000 others, then a cold wave of 20,000 codes (twice, other codes each round)", b.conns, b.secs)
	b.load()
	for round := 1; round <= 2; round++ {
		for _, w := range [][2]string{{"static", static}, {"trace-mix", fmt.Sprintf("mix%d.targets", round)}, {"trace-cold", fmt.Sprintf("cold%d.targets", round)}} {
			if err := b.runWave(ctx, w[0], filepath.Join(b.work, filepath.Base(w[1]))); err != nil {
				return err
			}
		}
	}
	b.load()
	b.say("server RSS after serving %d connections: %s", b.conns, b.rss())

	// The open-data tables are public pages too, streamed from the read
	// models a chunk at a time: their cost and the RSS they leave.
	b.say("== open data: /data/needs.csv, the first request after the start, then again")
	b.load()
	for i := 1; i <= 2; i++ {
		c0, t0 := b.cpuMs(), time.Now()
		size, err := fetch(ctx, b.url+"/data/needs.csv", io.Discard)
		if err != nil {
			return err
		}
		b.say("open data    /data/needs.csv (%d)          %d KB  %d ms wall  server %d CPU-ms  %s",
			i, size/1024, time.Since(t0).Milliseconds(), b.cpuMs()-c0, b.rss())
	}
	b.load()

	if os.Getenv("BENCH_VERIFY") != "0" {
		if err := b.verify(ctx); err != nil {
			return err
		}
	}
	return nil
}

// verify runs a full aidtrail-verify against the server.
func (b *bench) verify(ctx context.Context) error {
	b.say("== aidtrail-verify, full (every entry, the tree, tiles, rules, /data/ exports), against this server")
	b.load()
	var key bytes.Buffer
	if _, err := fetch(ctx, b.url+"/verify/key", &key); err != nil {
		return err
	}
	vkey := filepath.Join(b.work, "vkey")
	if err := os.WriteFile(vkey, key.Bytes(), 0o600); err != nil {
		return err
	}
	c0, t0 := b.cpuMs(), time.Now()
	var stdout, stderr bytes.Buffer
	v := exec.CommandContext(ctx, b.binAt("aidtrail-verify"), "-url", b.url, "-key", "@"+vkey, "-no-state", "-progress", "0")
	v.Stdout, v.Stderr = &stdout, &stderr
	err := v.Run()
	wall := time.Since(t0)
	if err != nil {
		return fmt.Errorf("aidtrail-verify: %w\n%s", err, lastLines(stdout.String()+stderr.String(), 20))
	}
	fmt.Fprintln(b.out, lastLines(stdout.String(), 3))
	if ru, ok := v.ProcessState.SysUsage().(*syscall.Rusage); ok {
		b.say("verifier: %.2f user-s %.2f sys-s, max RSS %d KB", tvSeconds(ru.Utime), tvSeconds(ru.Stime), ru.Maxrss)
	}
	b.say("aidtrail-verify: %d ms wall; server %d CPU-ms meanwhile; server %s", wall.Milliseconds(), b.cpuMs()-c0, b.rss())
	b.load()
	return nil
}

// start launches the server on the copy and waits for the first full /;
// it prints the wall time and the server's CPU up to then.
func (b *bench) start(ctx context.Context, data, origin, what string) error {
	logPath := filepath.Join(b.work, "serve.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	t0 := time.Now()
	b.server = exec.Command(b.binAt("aidtrail"), "serve", "-data", data, "-addr", "127.0.0.1:"+b.port, "-origin", origin, "-log-level", "info")
	b.server.Stdout, b.server.Stderr = logf, logf
	if err := b.server.Start(); err != nil {
		b.server = nil
		return err
	}
	b.exited = make(chan struct{})
	go func(c *exec.Cmd, done chan struct{}) { c.Wait(); close(done) }(b.server, b.exited)
	for {
		if r, err := http.Get(b.url + "/"); err == nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-b.exited:
			b.server = nil
			log, _ := os.ReadFile(logPath)
			return fmt.Errorf("the server stopped:\n%s", log)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	wall := time.Since(t0)
	qc := "quick_check ran"
	if log, _ := os.ReadFile(logPath); bytes.Contains(log, []byte("quick_check skipped")) {
		qc = "quick_check skipped"
	}
	b.say("%s (%s): first full / after %d ms wall, %d CPU-ms in the server; %s", what, qc, wall.Milliseconds(), b.cpuMs(), b.rss())
	return nil
}

// stop ends the server with SIGTERM (a clean stop) and waits for it.
func (b *bench) stop() {
	if b.server == nil {
		return
	}
	b.server.Process.Signal(syscall.SIGTERM)
	<-b.exited
	b.server = nil
}

var (
	entryLink = regexp.MustCompile(`href="/ledger/([0-9]+)"`)
	traceLink = regexp.MustCompile(`/t/[0-9A-Z]{9}`)
)

// pick is the first code an entry of type typ from the middle of the log
// names, as a path (/t/CODE).
func (b *bench) pick(ctx context.Context, typ string) (string, error) {
	var page bytes.Buffer
	if _, err := fetch(ctx, fmt.Sprintf("%s/ledger?type=%s&before=%d", b.url, typ, b.n/2), &page); err != nil {
		return "", err
	}
	m := entryLink.FindSubmatch(page.Bytes())
	if m == nil {
		return "", fmt.Errorf("no %s entry found in the ledger browser", typ)
	}
	page.Reset()
	if _, err := fetch(ctx, b.url+"/ledger/"+string(m[1]), &page); err != nil {
		return "", err
	}
	code := traceLink.Find(page.Bytes())
	if code == nil {
		return "", fmt.Errorf("entry %s names no lot or pledge", m[1])
	}
	return string(code), nil
}

// runHey runs hey on one path (after a warm-up) and prints req/s, p99 and
// the server's CPU per request.
func (b *bench) runHey(ctx context.Context, name, path string) error {
	hey := b.binAt("hey")
	if err := exec.CommandContext(ctx, hey, "-c", strconv.Itoa(b.conns), "-n", "200", b.url+path).Run(); err != nil {
		return fmt.Errorf("hey: %w", err)
	}
	c0 := b.cpuMs()
	out, err := exec.CommandContext(ctx, hey, "-c", strconv.Itoa(b.conns), "-n", strconv.Itoa(b.reqs), b.url+path).Output()
	if err != nil {
		return fmt.Errorf("hey: %w", err)
	}
	h := parseHey(string(out))
	b.say("%-12s %-28s %8s req/s  p99 %6s ms  server %6.2f CPU-ms/req  %s %s", name, path, h.rps, h.p99ms,
		float64(b.cpuMs()-c0)/float64(b.reqs), h.codes, b.rss())
	return nil
}

// heyReport is what runHey keeps of hey's summary.
type heyReport struct{ rps, p99ms, codes string }

var (
	heyRPS   = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	heyP99   = regexp.MustCompile(`\s99% in ([0-9.]+) secs`)
	heyCodes = regexp.MustCompile(`(?m)^\s+\[([0-9]+)\]\s+([0-9]+) responses`)
)

func parseHey(out string) heyReport {
	var h heyReport
	if m := heyRPS.FindStringSubmatch(out); m != nil {
		h.rps = m[1]
	}
	if m := heyP99.FindStringSubmatch(out); m != nil {
		if s, err := strconv.ParseFloat(m[1], 64); err == nil {
			h.p99ms = fmt.Sprintf("%.6g", s*1000) // as awk prints it
		}
	}
	for _, m := range heyCodes.FindAllStringSubmatch(out, -1) {
		h.codes += "[" + m[1] + "]" + m[2] + " "
	}
	h.codes = strings.TrimSpace(h.codes)
	return h
}

// runWave sends the targets file's requests with vegeta for BENCH_SECONDS
// and prints req/s, p99, the server's CPU per request and the status codes.
func (b *bench) runWave(ctx context.Context, name, targets string) error {
	c0 := b.cpuMs()
	workers := strconv.Itoa(b.conns)
	attack := exec.CommandContext(ctx, b.binAt("vegeta"), "attack", "-targets", targets, "-rate", "0", "-workers", workers,
		"-max-workers", workers, "-duration", strconv.Itoa(b.secs)+"s")
	report := exec.CommandContext(ctx, b.binAt("vegeta"), "report", "-type", "json")
	pipe, err := attack.StdoutPipe()
	if err != nil {
		return err
	}
	report.Stdin = pipe
	var out bytes.Buffer
	report.Stdout = &out
	if err := attack.Start(); err != nil {
		return err
	}
	if err := report.Run(); err != nil {
		attack.Wait()
		return fmt.Errorf("vegeta report: %w", err)
	}
	if err := attack.Wait(); err != nil {
		return fmt.Errorf("vegeta attack: %w", err)
	}
	w, err := parseVegeta(out.Bytes())
	if err != nil {
		return err
	}
	b.say("%-12s %-28s %8.1f req/s  p99 %6.0f ms  server %6.2f CPU-ms/req  %d requests %s %s", name, filepath.Base(targets), w.Throughput,
		float64(w.Latencies.P99)/1e6, float64(b.cpuMs()-c0)/float64(max(w.Requests, 1)), w.Requests, w.codes(), b.rss())
	return nil
}

// vegetaReport is what runWave keeps of `vegeta report -type json`.
type vegetaReport struct {
	Requests   int64   `json:"requests"`
	Throughput float64 `json:"throughput"`
	Latencies  struct {
		P99 int64 `json:"99th"` // nanoseconds
	} `json:"latencies"`
	StatusCodes map[string]int64 `json:"status_codes"`
}

func parseVegeta(out []byte) (vegetaReport, error) {
	var w vegetaReport
	if err := json.Unmarshal(out, &w); err != nil {
		return w, fmt.Errorf("reading vegeta's report: %w", err)
	}
	return w, nil
}

// codes writes the status codes as the report has them ({"200":3000}).
func (w vegetaReport) codes() string {
	c, _ := json.Marshal(w.StatusCodes)
	return string(c)
}

// tracemix writes a targets file into the work directory.
func (b *bench) tracemix(ctx context.Context, name string, args ...string) error {
	f, err := os.Create(filepath.Join(b.work, name))
	if err != nil {
		return err
	}
	defer f.Close()
	c := exec.CommandContext(ctx, b.binAt("tracemix"), args...)
	c.Stdout, c.Stderr = f, os.Stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("tracemix: %w", err)
	}
	return f.Close()
}

// cmd is a command whose output goes to the terminal.
func (b *bench) cmd(ctx context.Context, dir string, env []string, name string, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, name, args...)
	c.Dir, c.Stdout, c.Stderr = dir, os.Stderr, os.Stderr
	if env != nil {
		c.Env = append(os.Environ(), env...)
	}
	return c
}

func (b *bench) say(format string, args ...any) { fmt.Fprintf(b.out, format+"\n", args...) }

// load prints the load averages and the time, as uptime does.
func (b *bench) load() {
	l, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(l))
	if len(f) >= 3 {
		b.say("load: %s, %s, %s  (%s)", f[0], f[1], f[2], time.Now().UTC().Format(time.RFC3339))
	}
}

// cpuMs is the server's CPU time (user and system) so far.
func (b *bench) cpuMs() int64 {
	if b.server == nil {
		return 0
	}
	return procCPUMs(b.server.Process.Pid)
}

func procCPUMs(pid int) int64 {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	return statCPUMs(string(stat))
}

// statCPUMs reads utime and stime (fields 14 and 15) from a /proc/PID/stat
// line; the command's name (field 2) may hold spaces and ends at the last ')'.
func statCPUMs(stat string) int64 {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(stat[i+1:]) // from field 3 on
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return (u + s) * 1000 / clkTck
}

// rss is the server's resident size now and at its peak.
func (b *bench) rss() string {
	if b.server == nil {
		return ""
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", b.server.Process.Pid))
	if err != nil {
		return ""
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && (k == "VmRSS" || k == "VmHWM") {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			out = append(out, fmt.Sprintf("%s: %d MB", k, kb/1024))
		}
	}
	return strings.Join(out, "  ")
}

// fetch GETs url into w and returns the body's size.
func fetch(ctx context.Context, url string, w io.Writer) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer r.Body.Close()
	if r.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", url, r.Status)
	}
	return io.Copy(w, r.Body)
}

// moduleRoot is the directory of the module benchserve runs in.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run benchserve in the aidtrail module (go run ./cmd/benchserve N)")
	}
	return filepath.Dir(mod), nil
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func tvSeconds(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }
