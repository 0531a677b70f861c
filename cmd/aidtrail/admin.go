package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
)

const adminUsage = `usage: aidtrail admin create-user -email ADDRESS -role admin|auditor [-name NAME] [-password-stdin] [-data DIR]
       aidtrail admin simulate -entries N [-actors 512] [-seed S] [-cpuprofile FILE] [-data DIR]
       aidtrail admin check [-rebuild-figures] [-data DIR]
       aidtrail admin backup -to FILE [-data DIR]
       aidtrail admin restore -from FILE [-replica DIR | -db FILE] [-published FILE] [-data DIR]

create-user creates a platform account and prints its initial password (or
reads one from the first line of standard input with -password-stdin).

simulate builds (or grows) a log shaped like a large relief operation
through the store's own methods, until it holds N entries: 40 warehouses,
150 hospitals, 10 carriers, donor companies and people, needs with review,
pledges, custody cycles and money, dated over the last 90 days. Use a data
directory of its own: it is for benchmarks and load tests.

check runs SQLite's integrity_check and recomputes every entry, tree hash
and checkpoint, and the public figures from a replay of the log, without
writing (it can run beside the server). With -rebuild-figures (server
stopped) it first counts the public figures anew from the whole log.

backup writes one file (mode 0600) with a consistent copy of the database,
taken while the server runs, the log and session keys and the published
checkpoint. restore puts it into an empty data directory; -replica takes the
database from the Litestream replica directory serve -replica keeps, -db
from a file (litestream restore from S3) instead; -published gives the newest
checkpoint the log published (a checkpoint, or aidtrail-verify's state
file), so a copy that lacks entries it covers is refused at start.
`

func admin(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "simulate":
			return adminSimulate(ctx, args[1:], getenv, stdout, stderr)
		case "check":
			return adminCheck(ctx, args[1:], getenv, stdout, stderr)
		case "backup":
			return adminBackup(ctx, args[1:], getenv, stdout, stderr)
		case "restore":
			return adminRestore(ctx, args[1:], getenv, stdout, stderr)
		}
	}
	if len(args) == 0 || args[0] != "create-user" {
		fmt.Fprint(stderr, adminUsage)
		return errors.New("unknown admin command")
	}
	fs := flag.NewFlagSet("admin create-user", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, adminUsage); fs.PrintDefaults() }
	var c config
	c.flags(fs, getenv)
	email := fs.String("email", "", "the account's e-mail address")
	role := fs.String("role", "", "admin (platform admin) or auditor")
	name := fs.String("name", "", "the person's name (private)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input instead of generating one")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *role != ledger.RoleAdmin && *role != ledger.RoleAuditor {
		return fmt.Errorf("-role must be admin or auditor, not %q", *role)
	}
	if err := c.resolve(); err != nil {
		return err
	}
	password, err := rand.Text(), error(nil) // 26 base-32 characters, 128 bits
	if *fromStdin {
		password, err = bufio.NewReader(stdin).ReadString('\n')
		if errors.Is(err, io.EOF) && password != "" {
			err = nil
		}
		password = strings.TrimRight(password, "\r\n")
	}
	if err != nil {
		return fmt.Errorf("reading the password: %w", err)
	}
	store, err := c.openStore(ctx, newLogger(stderr, c.logLevel))
	if err != nil {
		return err
	}
	defer store.Close()
	id, err := store.CreateUser(ctx, sqlite.NewUser{Email: *email, Password: password, DisplayName: *name, Org: ledger.PlatformOrgID, Role: *role})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (user %d)\n", *role, strings.ToLower(strings.TrimSpace(*email)), id)
	if !*fromStdin {
		fmt.Fprintf(stdout, "initial password: %s\nsign in and change it at %s/account/password\n", password, strings.TrimSuffix(c.baseURL, "/"))
	}
	return nil
}

// adminSimulate runs `aidtrail admin simulate`.
func adminSimulate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("admin simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, adminUsage); fs.PrintDefaults() }
	var c config
	c.flags(fs, getenv)
	entries := fs.Int64("entries", 0, "grow the log until it holds this many entries")
	actors := fs.Int("actors", simulate.DefaultActors, "actors working at once")
	seed := fs.Uint64("seed", 1, "random seed")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *entries <= 0 || *actors <= 0 {
		return errors.New("-entries and -actors must be positive")
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if err := c.resolve(); err != nil {
		return err
	}
	store, err := c.openStore(ctx, newLogger(stderr, c.logLevel))
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SeedCatalogue(ctx); err != nil {
		return err
	}
	last := time.Now()
	st, err := simulate.Run(ctx, store, simulate.Options{Entries: *entries, Actors: *actors, Seed: *seed,
		Progress: func(size int64) {
			if time.Since(last) > 10*time.Second {
				last = time.Now()
				fmt.Fprintf(stderr, "%d entries\n", size)
			}
		}})
	if err != nil {
		return err
	}
	run := st.Elapsed - st.CastTime
	fmt.Fprintf(stdout, "log: %d entries (%d added in %d custody cycles) in %s; cast %s; %.0f entries/s\n",
		st.Size, st.Added, st.Cycles, st.Elapsed.Round(time.Millisecond), st.CastTime.Round(time.Millisecond), float64(st.Added)/run.Seconds())
	return nil
}
