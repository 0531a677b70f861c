package main

// aidtrail admin check, backup and restore: what a charity's IT person runs.

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"github.com/aidtrail/aidtrail/ledger/replica"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// backupFiles are the data directory's files a backup holds besides the
// database: the keys the log needs and the published checkpoint.
var backupFiles = []string{"log.key", "session.key", checkpointfile.Published}

// adminFlags parses an admin subcommand's flags with the shared config.
func adminFlags(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (*config, error) {
	fs := flag.NewFlagSet("admin "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, adminUsage); fs.PrintDefaults() }
	var c config
	c.flags(fs, getenv)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return &c, c.resolve()
}

// adminCheck runs the full check without writing: it can run beside the
// server. With -rebuild-figures (server stopped) it first counts the public
// figures' read models anew from a replay of the whole log.
func adminCheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var rebuild bool
	c, err := adminFlags("check", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&rebuild, "rebuild-figures", false, "count the public figures anew from the whole log first (stop the server)")
	})
	if err != nil {
		return err
	}
	if rebuild {
		store, err := c.openStore(ctx, newLogger(stderr, c.logLevel))
		if err != nil {
			return err
		}
		err = store.RebuildFigures(ctx)
		if cerr := store.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	key, err := ledger.LoadLogKeyFile(filepath.Join(c.data, "log.key"), c.origin)
	if err != nil {
		return err
	}
	size, err := sqlite.Check(ctx, sqlite.Options{Path: filepath.Join(c.data, "aidtrail.db"), Key: key})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %d entries; integrity_check ok; every entry, tree hash and checkpoint recomputed; the tree extends the published checkpoint; the public figures equal a replay\n", size)
	return nil
}

// adminBackup writes one file with a consistent copy of the database
// (VACUUM INTO, while the server runs), the keys and the published
// checkpoint, readable by its owner only.
func adminBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var to string
	c, err := adminFlags("backup", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "the backup file to write (a .tar.gz, mode 0600)")
	})
	if err != nil {
		return err
	}
	if to == "" {
		return errors.New("-to FILE is required")
	}
	dbPath := filepath.Join(c.data, "aidtrail.db")
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("no database to back up: %w", err)
	}
	// The published checkpoint is read before the copy is made: it is
	// written after its entries commit, so the copy always extends it.
	files := map[string][]byte{}
	for _, name := range backupFiles {
		b, err := os.ReadFile(filepath.Join(c.data, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return err
		}
		files[name] = b
	}
	if files["log.key"] == nil {
		return errors.New("the data directory has no log.key: a backup without it cannot be served")
	}
	tmp, err := os.MkdirTemp(filepath.Dir(to), ".aidtrail-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	db, err := sql.Open("sqlite", sqlite.DSN(dbPath))
	if err != nil {
		return err
	}
	defer db.Close()
	copyPath := filepath.Join(tmp, "aidtrail.db")
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, copyPath); err != nil {
		return fmt.Errorf("copying the database: %w", err)
	}
	out, err := os.OpenFile(to+".part", os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(to + ".part")
	zw := gzip.NewWriter(out)
	tw := tar.NewWriter(zw)
	add := func(name string, r io.Reader, size int64) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: time.Now()}); err != nil {
			return err
		}
		_, err := io.Copy(tw, r)
		return err
	}
	f, err := os.Open(copyPath)
	if err != nil {
		return err
	}
	fi, _ := f.Stat()
	err = add("aidtrail.db", f, fi.Size())
	f.Close()
	for _, name := range backupFiles {
		if b, ok := files[name]; ok && err == nil {
			err = add(name, bytes.NewReader(b), int64(len(b)))
		}
	}
	for _, step := range []func() error{func() error { return err }, tw.Close, zw.Close, out.Sync, out.Close} {
		if err := step(); err != nil {
			out.Close()
			return fmt.Errorf("writing %s: %w", to, err)
		}
	}
	if err := os.Rename(to+".part", to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s (database, %d other files)\n", c.data, to, len(files))
	return nil
}

// adminRestore puts a backup into an empty data directory. -replica takes
// the database from a Litestream replica directory, -db from a file (a
// litestream restore from S3); -published raises the
// published checkpoint to the newest one the world has seen (a
// checkpoint note, or aidtrail-verify's state file), so that a backup or
// replica that lacks it is refused at start instead of forking the log.
func adminRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var from, dbFrom, replicaDir, published string
	c, err := adminFlags("restore", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "the backup file (aidtrail admin backup)")
		fs.StringVar(&dbFrom, "db", "", "take the database from this file instead (e.g. restored by litestream restore)")
		fs.StringVar(&replicaDir, "replica", "", "take the database from this Litestream replica directory instead (serve -replica)")
		fs.StringVar(&published, "published", "", "the newest checkpoint published (a checkpoint, or an aidtrail-verify state file)")
	})
	if err != nil {
		return err
	}
	if from == "" {
		return errors.New("-from FILE is required (the keys come from a backup)")
	}
	if dbFrom != "" && replicaDir != "" {
		return errors.New("give -db or -replica, not both")
	}
	for _, name := range append([]string{"aidtrail.db"}, backupFiles...) {
		if _, err := os.Stat(filepath.Join(c.data, name)); err == nil {
			return fmt.Errorf("%s already holds %s: restore into an empty data directory (move the old one aside first)", c.data, name)
		}
	}
	if err := os.MkdirAll(c.data, 0o700); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return fmt.Errorf("%s is not an aidtrail backup: %w", from, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("reading %s: %w", from, err)
		}
		if h.Name != "aidtrail.db" && !slices.Contains(backupFiles, h.Name) {
			return fmt.Errorf("%s holds an unexpected file %q", from, h.Name)
		}
		if h.Name == "aidtrail.db" && (dbFrom != "" || replicaDir != "") {
			continue
		}
		if err := writeFileFrom(filepath.Join(c.data, h.Name), tr); err != nil {
			return err
		}
	}
	if dbFrom != "" {
		f, err := os.Open(dbFrom)
		if err != nil {
			return err
		}
		err = writeFileFrom(filepath.Join(c.data, "aidtrail.db"), f)
		f.Close()
		if err != nil {
			return err
		}
	}
	if replicaDir != "" {
		if err := replica.Restore(ctx, replicaDir, filepath.Join(c.data, "aidtrail.db"), newLogger(stderr, c.logLevel)); err != nil {
			return err
		}
	}
	if published != "" {
		if err := raisePublished(c.data, c.origin, published); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "restored %s into %s; start the server: it refuses a database that does not extend the published checkpoint\n", from, c.data)
	return nil
}

// raisePublished keeps the checkpoint in file (a note, or aidtrail-verify's
// state file) as the published one if it is newer than the backup's. The
// server checks the database against it at start.
func raisePublished(dir, origin, file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var state struct{ Checkpoint string }
	if json.Unmarshal(b, &state) == nil && state.Checkpoint != "" {
		b = []byte(state.Checkpoint)
	}
	key, err := ledger.LoadLogKeyFile(filepath.Join(dir, "log.key"), origin)
	if err != nil {
		return err
	}
	pub, err := checkpointfile.Open(filepath.Join(dir, checkpointfile.Published), key.Verifier)
	if err != nil {
		return err
	}
	cp, err := checkpointfile.Parse(b, key.Verifier)
	if err != nil {
		return fmt.Errorf("-published %s: %w", file, err)
	}
	if old, ok := pub.Current(); ok && cp.Size < old.Size {
		return nil // the backup's own is newer
	}
	_, err = pub.Advance(b, func(checkpointfile.Checkpoint) error { return nil })
	return err
}

func writeFileFrom(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
