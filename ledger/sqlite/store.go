// Package sqlite is Aidtrail's store: one SQLite file, one writer, and every
// domain change written in the same transaction as its ledger entry.
package sqlite

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"github.com/aidtrail/aidtrail/migrations"
	_ "modernc.org/sqlite"
)

// Options configure Open.
type Options struct {
	Path   string         // the SQLite file
	Key    *ledger.LogKey // the log's signing key; its name is the origin
	Logger *slog.Logger
	// MaxBatch caps how many writes share one transaction (group commit).
	MaxBatch int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ReviewThreshold is the total quantity of a need from which two
	// different auditors must approve it (four-eyes); 0 means 10,000 units.
	ReviewThreshold int64
	// CheckpointInterval is the least time between two signed checkpoints
	// (the server uses DefaultCheckpointInterval). Writes are acknowledged
	// once their commit is durable all the same; the checkpoint covering
	// them follows within the interval. 0 signs one after every sync that
	// made new entries durable, before their writes are acknowledged.
	CheckpointInterval time.Duration
	// CheckInBackground lets a start that must run quick_check (after a
	// crash or a copy) serve reads while it runs: writes wait, and no
	// checkpoint is signed, until it passes; if it fails the store stops
	// with the refusal (Failed, Err). See startcheck.go.
	CheckInBackground bool

	// syncWAL makes the WAL file at its path durable; nil means
	// fdatasync. Tests replace it to watch or fail syncs.
	syncWAL func(path string) error
	// walRestartFrames replaces the constant of that name in tests.
	walRestartFrames int64
	// beforeCheck runs before a start-up check beside reads; tests hold
	// the check with it.
	beforeCheck func(context.Context)
}

// DefaultCheckpointInterval is the server's CheckpointInterval.
const DefaultCheckpointInterval = 100 * time.Millisecond

// DefaultReviewThreshold is the total need quantity from which a need is
// reviewed by two auditors.
const DefaultReviewThreshold = 10_000

// Store is the database. All writes go through one goroutine (see log.go).
type Store struct {
	db    *sql.DB
	key   *ledger.LogKey
	log   *slog.Logger
	now   func() time.Time
	batch int
	// reviewThreshold: see Options.ReviewThreshold.
	reviewThreshold int64
	reqs            chan *writeReq
	quit            chan struct{}
	done            chan struct{}
	closed          sync.Once
	path            string    // the database file
	tiles           tileCache // full tiles and bundles as served (tilecache.go)
	// quickChecked: the start-up ran quick_check (startcheck.go).
	quickChecked bool
	beforeCheck  func(context.Context) // Options.beforeCheck
	// checking: the start-up check runs beside reads and has not passed;
	// checked is closed when it has passed or failed (at Open when it ran
	// before), cancelCheck cuts it short.
	checking    atomic.Bool
	checked     chan struct{}
	cancelCheck context.CancelFunc

	latest  atomic.Pointer[ledger.Checkpoint]
	changed atomic.Pointer[chan struct{}]
	// pub keeps the published checkpoint outside the database (published.go).
	pub *checkpointfile.File
	// storageFailing: writes fail because of the disk (logged once; writer only).
	storageFailing bool

	// Durability (durable.go): the writer hands its commits to the syncer.
	toSync   chan *committedBatch
	syncDone chan struct{}
	syncWAL  func(path string) error
	synced   atomic.Int64          // entries known durable
	failure  atomic.Pointer[error] // why a sync failed (the store stopped)
	failedCh chan struct{}         // closed when failure is set
	toRecord signedQueue           // published checkpoints the writer records
	// The syncer's checkpoint schedule; only the syncer touches it.
	cpEvery       time.Duration
	lastSigned    time.Time
	signedSize    int64 // the size of the last checkpoint published
	publishFailed bool  // the last signed checkpoint could not be kept (disk full)

	wconn *sql.Conn // the writer's own connection (log.go)

	// WAL checkpoints (walcheckpoint.go).
	walPoke     chan struct{}      // commits were synced
	walNow      chan chan walState // the writer waits for a checkpoint
	walDone     chan struct{}
	walAppended atomic.Int64 // frames the writer appended since the WAL last restarted, as it counts them
	walWaitAt   int64        // writer only: see restartWAL
	walLimit    int64        // walRestartFrames, or the test's
	ckconn      *sql.Conn    // the checkpointer's connection

	items atomic.Pointer[itemsCache] // the catalogue as the writer last read it
	tail  tailLayer                  // the committed log's tail as the writer knows it (tail.go)
	upper upperHashes                // the tree's upper hashes, for proofs (tiles.go)
	mid   midHashes                  // and its middle ones
	names nameCache                  // the catalogue and organisations' names, for public pages (public.go)
	facts factCache                  // lots' and shipments' facts, for sentences about custody (facts.go)
}

// DSN returns the connection string for the database file at path.
func DSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)" +
		"&_pragma=busy_timeout(10000)&_txlock=immediate"
}

// Open opens (creating if needed) the database, migrates it, checks that it
// belongs to the log of opts.Key, and starts the writer. It refuses a
// database whose schema is newer than this binary and a log whose origin or
// key differs from opts.Key.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.Key == nil {
		return nil, errors.New("sqlite: no log key")
	}
	db, err := openCached(DSN(opts.Path))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", opts.Path, err)
	}
	db.SetMaxOpenConns(8)
	// Kept open, with the statements they prepared (stmtcache.go), not
	// closed down to database/sql's default of two idle ones.
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	s := &Store{
		db:    db,
		path:  opts.Path,
		tiles: tileCache{dir: tileCacheDir(opts.Path)},
		key:   opts.Key,
		log:   opts.Logger,
		now:   opts.Now,
		batch: opts.MaxBatch,

		cpEvery: opts.CheckpointInterval,

		reviewThreshold: opts.ReviewThreshold,
		tail:            *newTailLayer(),
		reqs:            make(chan *writeReq, 1024),
		quit:            make(chan struct{}),
		done:            make(chan struct{}),
		toSync:          make(chan *committedBatch, 256),
		syncDone:        make(chan struct{}),
		syncWAL:         opts.syncWAL,
		failedCh:        make(chan struct{}),
		toRecord:        signedQueue{ready: make(chan struct{}, 1)},
		walPoke:         make(chan struct{}, 1),
		walNow:          make(chan chan walState),
		walDone:         make(chan struct{}),
		walLimit:        cmp.Or(opts.walRestartFrames, walRestartFrames),
		beforeCheck:     opts.beforeCheck,
	}
	if s.syncWAL == nil {
		s.syncWAL = syncFile
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.batch <= 0 {
		s.batch = 256
	}
	if s.reviewThreshold <= 0 {
		s.reviewThreshold = DefaultReviewThreshold
	}
	ch := make(chan struct{})
	s.changed.Store(&ch)
	if err := s.open(ctx, filepath.Join(filepath.Dir(opts.Path), checkpointfile.Published), opts.CheckInBackground); err != nil {
		s.closeWriterConn()
		db.Close()
		return nil, err
	}
	go s.checkpointer()
	go s.syncer()
	go s.writer()
	return s, nil
}

// open checks the database and the published checkpoint before anything
// is written or served: a damaged database, or a tree that does not extend
// what the log has published, is refused. With later, a quick_check that
// is due runs beside reads (checkLater) if nothing needs writing first.
func (s *Store) open(ctx context.Context, pubPath string, later bool) error {
	s.checked = make(chan struct{})
	s.cancelCheck = func() {}
	due, err := s.startupCheck(ctx, s.path, later)
	if err != nil {
		return err
	}
	// A check left for later must find the database as the last run left
	// it: whatever this start would write (a migration, a new log's
	// identity, figures to rebuild) waits for it.
	checkFirst := func() error {
		if !due {
			return nil
		}
		due = false
		return s.checkNow(ctx)
	}
	var version int
	if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("reading schema version: %w", err)
	}
	if version == 0 {
		// An empty database where a log was published: refused before
		// anything is written into it.
		if _, err := os.Stat(pubPath); err == nil {
			pub, err := checkpointfile.Open(pubPath, s.key.Verifier)
			if err != nil {
				return err
			}
			if published, ok := pub.Current(); ok {
				return refuseRollback(pubPath, published, publishedBy, 0, sha256.Sum256(nil))
			}
		}
	}
	if version != SchemaVersion() {
		if err := checkFirst(); err != nil {
			return err
		}
	}
	if err := migrate(ctx, s.db); err != nil {
		return err
	}
	if err := s.checkLogIdentity(ctx, checkFirst); err != nil {
		return err
	}
	pub, err := checkpointfile.Open(pubPath, s.key.Verifier)
	if err != nil {
		return err
	}
	s.pub = pub
	size, err := s.committedSize(ctx)
	if err != nil {
		return err
	}
	if err := s.checkExtendsPublished(ctx, size); err != nil {
		return err
	}
	published, ok := pub.Current()
	if !ok { // nothing published to serve while the check runs
		if err := checkFirst(); err != nil {
			return err
		}
	}
	if err := s.catchUpFigures(ctx, size, checkFirst); err != nil {
		return err
	}
	cp, err := s.loadLatestCheckpoint(ctx)
	if err != nil {
		return err
	}
	if !due {
		defer close(s.checked)
		return s.sign(ctx, size, cp)
	}
	// Serve what the log has published while the check runs.
	served := &ledger.Checkpoint{Size: published.Size, Root: published.Root, Note: published.Note}
	if cp != nil && cp.Size == published.Size {
		served.Created = cp.Created
	} else if fi, err := os.Stat(pubPath); err == nil {
		served.Created = fi.ModTime().UTC()
	}
	s.latest.Store(served)
	s.signedSize = published.Size
	s.synced.Store(published.Size)
	s.checking.Store(true)
	checkCtx, cancel := context.WithCancel(context.Background())
	s.cancelCheck = cancel
	go s.checkLater(checkCtx, size, cp, s.beforeCheck)
	return nil
}

// sign makes what an earlier run committed durable and publishes the
// checkpoint the store starts from: cp, the latest recorded, or a new one
// over the size entries committed.
func (s *Store) sign(ctx context.Context, size int64, cp *ledger.Checkpoint) error {
	// What an earlier run committed may not be durable yet (a killed
	// process leaves its last commits unsynced): sync before signing.
	if err := s.syncAll(); err != nil {
		return err
	}
	s.synced.Store(size)
	s.lastSigned = time.Now()
	if cp == nil || cp.Size < size {
		// A new log (publish the empty tree, so clients always find a
		// checkpoint), or entries committed before a crash that no
		// checkpoint covers yet (or whose record was lost with it).
		var err error
		if cp, err = s.signCheckpoint(ctx, size); err != nil {
			return err
		}
		if err := insertCheckpoint(ctx, s.db, cp); err != nil {
			return err
		}
	}
	s.signedSize = cp.Size
	return s.publish(ctx, cp)
}

// checkLater runs the start-up check beside reads, then signs and lets
// the writer start; a failed check stops the store with its refusal.
func (s *Store) checkLater(ctx context.Context, size int64, cp *ledger.Checkpoint, before func(context.Context)) {
	defer close(s.checked)
	if before != nil {
		before(ctx)
	}
	start := time.Now()
	s.log.Info("checking the database (quick_check) while serving the published checkpoint; writes wait until it passes", "file", s.path)
	err := s.checkNow(ctx)
	if err == nil {
		err = s.sign(ctx, size, cp)
	}
	switch {
	case err == nil:
		s.checking.Store(false)
		s.log.Info("the start-up check passed: writing and signing", "took", time.Since(start).Round(time.Millisecond))
	case ctx.Err() != nil:
		s.stop(fmt.Errorf("%w before the start-up check ended (the next start checks first)", errClosed), "")
	default:
		s.stop(err, "the start-up check failed: the server takes no changes and signs nothing")
	}
}

// checkLogIdentity records the origin and verifier key on first open (after
// beforeWrite) and refuses to run a log under another origin or key
// afterwards.
func (s *Store) checkLogIdentity(ctx context.Context, beforeWrite func() error) error {
	want := map[string]string{"origin": s.key.Signer.Name(), "vkey": s.key.VKey}
	for _, k := range []string{"origin", "vkey"} {
		var got string
		err := s.db.QueryRowContext(ctx, `SELECT value FROM log_meta WHERE key = ?`, k).Scan(&got)
		if errors.Is(err, sql.ErrNoRows) {
			if err := beforeWrite(); err != nil {
				return err
			}
			if _, err := s.db.ExecContext(ctx, `INSERT INTO log_meta (key, value) VALUES (?, ?)`, k, want[k]); err != nil {
				return fmt.Errorf("recording log %s: %w", k, err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("reading log %s: %w", k, err)
		}
		if got != want[k] {
			return fmt.Errorf("this database belongs to another log: its %s is %q, but the server was started with %q (check -origin, -base-url and the log key in the data directory)", k, got, want[k])
		}
	}
	return nil
}

// Close stops the writer (after the writes already queued) and closes the
// database; a clean close is recorded so that the next start may skip
// quick_check on the unchanged file (startcheck.go).
func (s *Store) Close() error {
	first := false
	s.closed.Do(func() { close(s.quit); first = true })
	<-s.done
	if err := s.db.Close(); err != nil || !first {
		return err
	}
	if err := s.Err(); err != nil {
		return err // the next start runs quick_check
	}

	if err := recordCleanClose(s.path); err != nil {
		s.log.Warn("the next start will run quick_check", "err", err)
	}
	return nil
}

// DB returns the database for read-only use by tests and benchmarks.
func (s *Store) DB() *sql.DB { return s.db }

// Origin returns the log's origin.
func (s *Store) Origin() string { return s.key.Signer.Name() }

// VerifierKey returns the log's verifier key in note vkey format.
func (s *Store) VerifierKey() string { return s.key.VKey }

// Changed returns a channel closed at the next commit that appends entries.
func (s *Store) Changed() <-chan struct{} { return *s.changed.Load() }

func (s *Store) notify() {
	ch := make(chan struct{})
	old := s.changed.Swap(&ch)
	close(*old)
}

// readTx runs fn in a read-only transaction: one consistent snapshot.
func (s *Store) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if ran := statementRan.Load(); ran != nil {
		(*ran)("BEGIN") // read-only, deferred
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// migrate applies the embedded migrations newer than PRAGMA user_version,
// each in its own transaction.
func migrate(ctx context.Context, db *sql.DB) error {
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return err
	}
	type mig struct {
		version int
		name    string
	}
	var ms []mig
	for _, f := range files {
		n, _, _ := strings.Cut(f, "_")
		v, err := strconv.Atoi(n)
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", f)
		}
		ms = append(ms, mig{v, f})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return fmt.Errorf("migrations are not numbered 1..n: %s", m.name)
		}
	}
	var cur int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&cur); err != nil {
		return fmt.Errorf("reading schema version: %w", err)
	}
	if cur > len(ms) {
		return fmt.Errorf("the database schema (version %d) is newer than this binary (version %d): run a newer aidtrail", cur, len(ms))
	}
	for _, m := range ms[cur:] {
		body, err := fs.ReadFile(migrations.FS, m.name)
		if err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// SchemaVersion is the number of migrations this binary knows.
func SchemaVersion() int {
	files, _ := fs.Glob(migrations.FS, "*.sql")
	return len(files)
}
