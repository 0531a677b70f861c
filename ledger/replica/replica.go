// Package replica copies the database continuously to a replica directory
// with Litestream (github.com/benbjohnson/litestream, embedded as a
// library), and restores it from there. The directory can sit on another
// disk or a mounted share; for S3-compatible storage, run the litestream
// command as a sidecar on the same database instead (README: Backup and
// restore) and restore with litestream restore.
//
// A replica lags the database by up to about a second, so a restored
// database may lack the last entries the log published: the store then
// refuses to start on it (ledger/sqlite, the published checkpoint), and the
// operator restores a newer copy instead of signing a fork.
package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
)

// SyncInterval is how often committed transactions are shipped to the
// replica: the most a restore can lack of an acknowledged write.
const SyncInterval = time.Second

// Replicator ships every committed transaction of one database to a
// replica directory while the server runs.
type Replicator struct {
	db    *litestream.DB
	store *litestream.Store
}

// Start replicates the database at dbPath (in WAL mode, as the store opens
// it) to the directory dir, creating it if needed, until Close. Litestream
// keeps its own state beside the database (.aidtrail.db-litestream) and
// adds two tables of its own (_litestream_seq, _litestream_lock).
func Start(ctx context.Context, dbPath, dir string, logger *slog.Logger) (*Replicator, error) {
	if dir == "" {
		return nil, errors.New("no replica directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the replica directory: %w", err)
	}
	db := litestream.NewDB(dbPath)
	db.MonitorInterval = SyncInterval
	client := file.NewReplicaClient(dir)
	lr := litestream.NewReplicaWithClient(db, client)
	lr.SyncInterval = SyncInterval
	db.Replica = lr
	client.Replica = lr
	store := litestream.NewStore([]*litestream.DB{db}, litestream.CompactionLevels{
		{Level: 0},
		{Level: 1, Interval: 30 * time.Second},
		{Level: 2, Interval: 5 * time.Minute},
		{Level: 3, Interval: time.Hour},
	})
	store.Logger = logger.With("replica", dir)
	db.SetLogger(store.Logger)
	if err := store.Open(ctx); err != nil {
		return nil, fmt.Errorf("starting replication to %s: %w", dir, err)
	}
	r := &Replicator{db: db, store: store}
	// The replica holds the database as it is now before anything more is
	// served (Litestream would otherwise start at its first tick, and a
	// server stopped before it would leave nothing there).
	if err := r.Sync(ctx); err != nil {
		store.Close(context.Background())
		return nil, err
	}
	return r, nil
}

// Sync ships what is committed now to the replica and returns once it is
// there.
func (r *Replicator) Sync(ctx context.Context) error {
	if err := r.db.SyncAndWait(ctx); err != nil {
		return fmt.Errorf("syncing the replica: %w", err)
	}
	return nil
}

// Close ships what is left and stops. Close the store's own connections
// first (Litestream's requirement).
func (r *Replicator) Close(ctx context.Context) error {
	err := r.Sync(ctx)
	if cerr := r.store.Close(ctx); err == nil {
		err = cerr
	}
	return err
}

// Restore writes the newest database the replica directory holds to
// output, which must not exist yet, and checks its integrity.
func Restore(ctx context.Context, dir, output string, logger *slog.Logger) error {
	if _, err := os.Stat(output); err == nil {
		return fmt.Errorf("%s already exists", output)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("no replica directory at %s", dir)
	}
	client := file.NewReplicaClient(dir)
	client.SetLogger(logger)
	r := litestream.NewReplicaWithClient(nil, client)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = output
	opt.IntegrityCheck = litestream.IntegrityCheckFull
	if err := os.MkdirAll(filepath.Dir(output), 0o700); err != nil {
		return err
	}
	if err := r.Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
			return fmt.Errorf("the replica %s holds no database: %w", dir, err)
		}
		return fmt.Errorf("restoring from the replica %s: %w", dir, err)
	}
	return nil
}
