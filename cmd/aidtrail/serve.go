package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"github.com/aidtrail/aidtrail/ledger/replica"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
)

// config is what serve and admin share: where the data lives and what the
// log is called.
type config struct {
	addr, data, baseURL, origin string
	demo                        bool
	logLevel                    string
	checkpointInterval          time.Duration
	replica                     string // serve only: Litestream replica directory
}

// envOr reads AIDTRAIL_<k>, or def if it is unset.
func envOr(getenv func(string) string) func(k, def string) string {
	return func(k, def string) string {
		if v := getenv("AIDTRAIL_" + k); v != "" {
			return v
		}
		return def
	}
}

func (c *config) flags(fs *flag.FlagSet, getenv func(string) string) {
	env := envOr(getenv)
	fs.StringVar(&c.addr, "addr", env("ADDR", "localhost:8080"), "listen address (AIDTRAIL_ADDR)")
	fs.StringVar(&c.data, "data", env("DATA", "./data"), "data directory: database, log key, session keys (AIDTRAIL_DATA)")
	fs.StringVar(&c.baseURL, "base-url", env("BASE_URL", ""), "public base URL printed in QR codes (AIDTRAIL_BASE_URL; default http://ADDR)")
	fs.StringVar(&c.origin, "origin", env("ORIGIN", ""), "log origin in checkpoints (AIDTRAIL_ORIGIN; default from -base-url)")
	fs.BoolVar(&c.demo, "demo", env("DEMO", "") == "1" || env("DEMO", "") == "true", "seed the demo scenario into an empty database (AIDTRAIL_DEMO)")
	fs.StringVar(&c.logLevel, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error (AIDTRAIL_LOG_LEVEL)")
	fs.DurationVar(&c.checkpointInterval, "checkpoint-interval", sqlite.DefaultCheckpointInterval, "least time between two signed checkpoints; writes are acknowledged at commit, their checkpoint follows within it")
}

func (c *config) resolve() error {
	if c.baseURL == "" {
		host, port, err := net.SplitHostPort(c.addr)
		if err != nil {
			return fmt.Errorf("bad -addr %q: %w", c.addr, err)
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.baseURL = "http://" + net.JoinHostPort(host, port)
	}
	if c.origin == "" {
		o, err := ledger.OriginFromBaseURL(c.baseURL)
		if err != nil {
			return err
		}
		c.origin = o
	}
	return nil
}

// openStore opens the data directory's log key and database.
func (c *config) openStore(ctx context.Context, logger *slog.Logger) (*sqlite.Store, error) {
	if err := os.MkdirAll(c.data, 0o700); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	keyPath, dbPath := filepath.Join(c.data, "log.key"), filepath.Join(c.data, "aidtrail.db")
	if err := refuseLostKey(keyPath, dbPath, filepath.Join(c.data, checkpointfile.Published)); err != nil {
		return nil, err
	}
	key, err := ledger.LoadOrCreateLogKey(keyPath, c.origin)
	if err != nil {
		return nil, err
	}
	// Under -replica the check stays before serving: Litestream copies
	// the database before the server answers anything.
	return sqlite.Open(ctx, sqlite.Options{Path: dbPath, Key: key, Logger: logger, CheckpointInterval: c.checkpointInterval, CheckInBackground: c.replica == ""})
}

// refuseLostKey refuses a data directory that holds a log but not its key:
// a new key would start another log under the same name, so none is made.
func refuseLostKey(keyPath string, logFiles ...string) error {
	if _, err := os.Stat(keyPath); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	for _, f := range logFiles {
		if fi, err := os.Stat(f); err == nil && fi.Size() > 0 {
			return fmt.Errorf("%w: the log key %s is missing, but %s holds this log: restore log.key from your backup (aidtrail admin backup keeps it); a new key would start a different log, so none was made", sqlite.ErrRefused, keyPath, f)
		}
	}
	return nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	c.flags(fs, getenv)
	fs.StringVar(&c.replica, "replica", envOr(getenv)("REPLICA", ""), "copy the database continuously to this directory with Litestream, e.g. on another disk (AIDTRAIL_REPLICA; README: Backup and restore)")
	var wc witnessConfig
	wc.flags(fs, envOr(getenv))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.resolve(); err != nil {
		return err
	}
	logger := newLogger(stderr, c.logLevel)
	store, err := c.openStore(ctx, logger)
	if err != nil {
		return err
	}
	if c.replica == "" {
		defer store.Close()
	} else {
		rep, err := replica.Start(ctx, filepath.Join(c.data, "aidtrail.db"), c.replica, logger)
		if err != nil {
			store.Close()
			return err
		}
		logger.Info("replicating the database with Litestream", "replica", c.replica, "interval", replica.SyncInterval)
		defer func() {
			// Litestream closes after the store's connections, shipping what is left.
			store.Close()
			if err := rep.Close(context.Background()); err != nil {
				logger.Error("stopping the replica", "err", err)
			}
		}()
	}
	fresh := store.Latest().Size == 0
	if err := store.SeedCatalogue(ctx); err != nil {
		return fmt.Errorf("seeding the catalogue: %w", err)
	}
	var logins []demo.Login
	if c.demo && fresh {
		if logins, err = demo.Seed(ctx, store); err != nil {
			return fmt.Errorf("seeding the demo: %w", err)
		}
	}
	witnesses, stopWitnesses, err := wc.start(ctx, &c, store, logger, stdout)
	if err != nil {
		return err
	}
	defer stopWitnesses()
	keys, err := handlers.LoadOrCreateSessionKeys(filepath.Join(c.data, "session.key"))
	if err != nil {
		return err
	}
	// Replay the ledger for the public figures now, not on the first visit.
	go func() {
		if _, err := store.Overview(ctx, 0); err != nil && ctx.Err() == nil {
			logger.Error("replaying the ledger for the public figures", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handlers.New(handlers.Config{Store: store, Logger: logger, BaseURL: c.baseURL, SessionKeys: keys, Done: ctx.Done(), Witnesses: witnesses}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	fmt.Fprintf(stdout, "Aidtrail serving %s (listening on %s)\n", c.baseURL, ln.Addr())
	fmt.Fprintf(stdout, "log origin: %s\nverifier key: %s\n", store.Origin(), store.VerifierKey())
	if len(logins) > 0 {
		fmt.Fprintln(stdout, "demo logins:")
		for _, l := range logins {
			fmt.Fprintf(stdout, "  %-28s %-36s %s\n", l.Role, l.Email, l.Password)
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var failed error
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	case <-store.Failed():
		// The log could not be made durable, or the start-up check found
		// damage: exit, so that a restart recovers and checks what the
		// disk holds (after damage: refuses before serving).
		failed = store.Err()
		logger.Error("stopping", "err", failed)
	}
	logger.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return failed
}
