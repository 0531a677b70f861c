package witness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	f_note "github.com/transparency-dev/formats/note"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Options configure New.
type Options struct {
	Policy *Policy
	Store  *sqlite.Store
	Logger *slog.Logger
	// FailOpen serves the newest uncosigned checkpoint until one meets the
	// policy (for rollout); otherwise /checkpoint has nothing to serve then.
	FailOpen bool
	// Demo names the witnesses (by policy name) that are demo witnesses
	// run by this server, so /verify says so.
	Demo map[string]bool
	// Timeout bounds each request to a witness (default 5 s).
	Timeout time.Duration
	// Interval is the least time between two requests to one witness
	// (default 1 s).
	Interval time.Duration
	// Attempts bounds the requests to one witness for one checkpoint,
	// following 409 size hints (default 3).
	Attempts int
	// Witnessed keeps the largest checkpoint the quorum cosigned outside
	// the database (nil: none kept); see OpenWitnessed.
	Witnessed *checkpointfile.File
	Now       func() time.Time
}

// Service pushes checkpoints to the policy's witnesses and serves the
// newest one that meets the policy. Run does the pushing.
type Service struct {
	opts      Options
	hc        *http.Client
	log       *slog.Logger
	store     *sqlite.Store
	witnesses []*tracked
	served    atomic.Pointer[Served]
	servedMu  sync.Mutex // serialises choosing what to serve
}

// Served is the checkpoint /checkpoint serves.
type Served struct {
	Size     int64
	Note     []byte // the log's signed note with the witnesses' cosignature lines
	Cosigned bool   // it meets the policy
}

// tracked is what the service knows of one witness.
type tracked struct {
	Witness
	mu       sync.Mutex
	known    int64     // the size the witness is believed to know (its last cosigned, or its 409 hint); the pusher's own
	next     time.Time // no request before this (one a second); the pusher's own
	cosigned int64     // the largest size it cosigned for us (-1: none)
	signedAt time.Time // when it signed that
	lastTry  time.Time
	lastOK   time.Time
	lastErr  string
	fails    int // requests failed in a row
}

// New prepares the service from what the store already holds: each
// witness's latest cosignature and the newest checkpoint meeting the policy.
func New(ctx context.Context, opts Options) (*Service, error) {
	if opts.Policy == nil || opts.Store == nil {
		return nil, errors.New("witness: no policy or store")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.Interval <= 0 {
		opts.Interval = time.Second
	}
	if opts.Attempts <= 0 {
		opts.Attempts = 3
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{opts: opts, hc: &http.Client{Timeout: opts.Timeout}, log: opts.Logger, store: opts.Store}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, w := range opts.Policy.Witnesses() {
		t := &tracked{Witness: w, cosigned: -1}
		c, err := opts.Store.LatestCosignature(ctx, w.Verifier.Name(), w.Verifier.KeyHash())
		if err != nil {
			return nil, err
		}
		if c != nil {
			t.known, t.cosigned, t.signedAt = c.Size, c.Size, c.Signed
		}
		s.witnesses = append(s.witnesses, t)
	}
	sizes, err := opts.Store.CosignedSizes(ctx, 64)
	if err != nil {
		return nil, err
	}
	for _, n := range sizes {
		ok, err := s.consider(ctx, n)
		if err != nil {
			return nil, err
		}
		if ok {
			break
		}
	}
	return s, nil
}

// Served returns the checkpoint to serve: the newest that meets the policy,
// or, until there is one, the newest uncosigned one if FailOpen is set.
// It returns nil if there is nothing to serve (fail closed).
func (s *Service) Served() *Served {
	if sv := s.served.Load(); sv != nil {
		return sv
	}
	if s.opts.FailOpen {
		cp := s.store.Latest()
		return &Served{Size: cp.Size, Note: cp.Note}
	}
	return nil
}

// consider serves the checkpoint of size with its stored cosignatures if
// they meet the policy and it is newer than what is served.
func (s *Service) consider(ctx context.Context, size int64) (bool, error) {
	s.servedMu.Lock()
	defer s.servedMu.Unlock()
	// The same size again: it may now carry more cosignatures.
	if cur := s.served.Load(); cur != nil && cur.Size > size {
		return false, nil
	}
	cp, err := s.store.CheckpointAt(ctx, size)
	if err != nil {
		return false, err
	}
	cs, err := s.store.Cosignatures(ctx, size)
	if err != nil {
		return false, err
	}
	signed := bytes.Clone(cp.Note)
	for _, c := range cs {
		signed = append(signed, c.Line...)
	}
	if !s.opts.Policy.Satisfied(signed) {
		return false, nil
	}
	if w := s.opts.Witnessed; w != nil {
		if err := s.store.Keep(ctx, w, signed); err != nil {
			return false, err
		}
	}
	s.served.Store(&Served{Size: size, Note: signed, Cosigned: true})
	return true, nil
}

// Run pushes the latest checkpoint to every witness that has not cosigned
// it, all in parallel, then waits for a new checkpoint (or, while a witness
// still lacks the latest one, retries it, at most once per Interval, backing
// off while it fails). It returns when ctx ends.
func (s *Service) Run(ctx context.Context) {
	for ctx.Err() == nil {
		changed := s.store.Changed()
		cp := s.store.Latest()
		var wg sync.WaitGroup
		for _, w := range s.witnesses {
			wg.Go(func() { s.push(ctx, w, cp) })
		}
		wg.Wait()
		wait := time.Duration(-1)
		for _, w := range s.witnesses {
			w.mu.Lock()
			if w.cosigned < cp.Size {
				d := max(time.Until(s.retryAt(w)), 0)
				if wait < 0 || d < wait {
					wait = d
				}
			}
			w.mu.Unlock()
		}
		var retry <-chan time.Time
		if wait >= 0 {
			retry = time.After(wait)
		}
		select {
		case <-ctx.Done():
		case <-changed:
		case <-retry:
		}
	}
}

// retryAt is when a witness may be asked again: an Interval after the last
// request, doubled for each failure in a row (up to 32 intervals).
func (s *Service) retryAt(w *tracked) time.Time {
	return w.next.Add(s.opts.Interval<<min(w.fails, 5) - s.opts.Interval)
}

// push sends cp to one witness unless it already cosigned it: at most
// Attempts requests, each at least Interval after the last, following a
// 409's size hint. Only Run calls it, one push per witness at a time; mu
// guards the fields against Status, never a request.
func (s *Service) push(ctx context.Context, w *tracked, cp ledger.Checkpoint) {
	w.mu.Lock()
	// A failing witness waits longer each time (up to 32 intervals), even
	// when new checkpoints come.
	done := w.cosigned >= cp.Size || time.Now().Before(s.retryAt(w))
	w.mu.Unlock()
	if done {
		return
	}
	for range s.opts.Attempts {
		if d := time.Until(w.next); d > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(d):
			}
		}
		w.next = time.Now().Add(s.opts.Interval)
		w.mu.Lock()
		w.lastTry = s.opts.Now()
		w.mu.Unlock()
		err := s.pushOnce(ctx, w, cp)
		w.mu.Lock()
		if c, ok := errors.AsType[*ConflictError](err); ok && c.Size <= cp.Size {
			w.mu.Unlock()
			w.known = c.Size
			continue
		}
		if err != nil {
			w.fails++
			w.lastErr = err.Error()
			w.mu.Unlock()
			if ctx.Err() == nil {
				s.log.Warn("witness did not cosign", "witness", w.Name, "size", cp.Size, "err", err)
			}
			return
		}
		w.fails, w.lastErr, w.lastOK = 0, "", s.opts.Now()
		w.mu.Unlock()
		return
	}
	w.mu.Lock()
	w.fails++
	w.lastErr = fmt.Sprintf("no cosignature after %d requests", s.opts.Attempts)
	w.mu.Unlock()
}

func (s *Service) pushOnce(ctx context.Context, w *tracked, cp ledger.Checkpoint) error {
	old := w.known
	if old > cp.Size {
		return fmt.Errorf("the witness has seen this log at size %d, larger than its latest checkpoint (%d): a rollback or a fork", old, cp.Size)
	}
	var proof tlog.TreeProof
	if old > 0 {
		var err error
		if proof, err = s.store.ConsistencyProof(ctx, old, cp.Size); err != nil {
			return fmt.Errorf("proving size %d from %d: %w", cp.Size, old, err)
		}
	}
	answer, err := addCheckpoint(ctx, s.hc, w.URL, old, proof, cp.Note)
	if err != nil {
		return err
	}
	w.known = cp.Size // it took the checkpoint, whatever its answer is worth
	return s.storeCosignature(ctx, w, cp, answer)
}

// storeCosignature verifies a witness's answer to cp, stores its
// cosignature and serves cp if it now meets the policy.
func (s *Service) storeCosignature(ctx context.Context, w *tracked, cp ledger.Checkpoint, answer []byte) error {
	line, err := verifyCosignatures(cp.Note, answer, w.Verifier)
	if err != nil {
		return err
	}
	signedAt := s.opts.Now()
	if n, err := note.Open(append(bytes.Clone(cp.Note), line...), note.VerifierList(w.Verifier)); err == nil && len(n.Sigs) == 1 {
		if t, err := f_note.CoSigV1Timestamp(n.Sigs[0]); err == nil {
			signedAt = t
		}
	}
	if err := s.store.SaveCosignature(ctx, sqlite.Cosignature{Witness: w.Verifier.Name(), KeyHash: w.Verifier.KeyHash(),
		Size: cp.Size, Line: line, Signed: signedAt}); err != nil {
		return err
	}
	w.mu.Lock()
	w.cosigned, w.signedAt = max(w.cosigned, cp.Size), signedAt
	w.mu.Unlock()
	_, err = s.consider(ctx, cp.Size)
	return err
}

// WitnessStatus is what /verify shows of one witness.
type WitnessStatus struct {
	Name, VKey, URL string
	Demo            bool
	Cosigned        int64     // the largest size it cosigned (-1: none yet)
	SignedAt        time.Time // when it signed that
	LastTry, LastOK time.Time
	LastErr         string // why its last request failed; "" if it did not
}

// Answering reports whether the witness answered its last request (false
// also when it was not asked since the server started).
func (w WitnessStatus) Answering() bool { return !w.LastTry.IsZero() && w.LastErr == "" }

// Status is the state of witnessing, for /verify.
type Status struct {
	K, N      int // the quorum: K of N components
	FailOpen  bool
	Served    *Served // nil: nothing served yet (fail closed)
	Latest    int64   // the log's latest size
	Witnesses []WitnessStatus
}

// Status reports each witness and what is served.
func (s *Service) Status() Status {
	st := Status{FailOpen: s.opts.FailOpen, Served: s.Served(), Latest: s.store.Latest().Size}
	st.K, st.N = s.opts.Policy.Quorum()
	for _, w := range s.witnesses {
		w.mu.Lock()
		st.Witnesses = append(st.Witnesses, WitnessStatus{Name: w.Name, VKey: w.VKey, URL: w.URL, Demo: s.opts.Demo[w.Name],
			Cosigned: w.cosigned, SignedAt: w.signedAt, LastTry: w.lastTry, LastOK: w.lastOK, LastErr: w.lastErr})
		w.mu.Unlock()
	}
	sort.Slice(st.Witnesses, func(i, j int) bool { return st.Witnesses[i].Name < st.Witnesses[j].Name })
	return st
}

// Policy is the service's witness policy.
func (s *Service) Policy() *Policy { return s.opts.Policy }

// AskWitnesses asks every witness, once, which size of this log it last
// saw: it offers the latest checkpoint as an extension of itself (old =
// its own size, no proof), which a witness cosigns only if it saw exactly
// this tree, and otherwise answers 409 with the size it saw (or 422 if it
// saw this size with another root). It returns sqlite.ErrRefused if a
// witness saw the log larger than the database holds, or a different tree
// at this size: the database was rolled back (an old backup restored with
// its checkpoint files) or is a fork. A witness that does not answer is
// skipped; one that cosigns has its cosignature stored.
func (s *Service) AskWitnesses(ctx context.Context) error {
	cp := s.store.Latest()
	errs := make([]error, len(s.witnesses))
	var wg sync.WaitGroup
	for i, w := range s.witnesses {
		wg.Go(func() {
			w.next = time.Now().Add(s.opts.Interval)
			answer, err := addCheckpoint(ctx, s.hc, w.URL, cp.Size, nil, cp.Note)
			if c, ok := errors.AsType[*ConflictError](err); ok {
				if c.Size > cp.Size {
					errs[i] = fmt.Errorf("%w: witness %s (%s) has seen this log at size %d, but the database holds only %d entries: it was restored from an old backup (with its checkpoint files) or replaced; restore one that holds at least %d",
						sqlite.ErrRefused, w.Name, w.URL, c.Size, cp.Size, c.Size)
				}
				w.known = c.Size
				return
			}
			if r, ok := errors.AsType[*RefusedError](err); ok && r.Status == http.StatusUnprocessableEntity {
				errs[i] = fmt.Errorf("%w: witness %s (%s) has seen this log at size %d with another root: this database is a fork of the log it witnessed", sqlite.ErrRefused, w.Name, w.URL, cp.Size)
				return
			}
			if err != nil {
				s.log.Warn("could not ask a witness which size it saw", "witness", w.Name, "err", err)
				return
			}
			w.known = cp.Size
			if err := s.storeCosignature(ctx, w, cp, answer); err != nil {
				s.log.Warn("witness answered without a valid cosignature", "witness", w.Name, "err", err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Version changes whenever what /verify shows of the witnesses changes
// (the served checkpoint, a witness's last cosigned size, whether it
// answers): public pages fold it into their ETag.
func (s *Service) Version() string {
	h := fnv.New64a()
	st := s.Status()
	if st.Served != nil {
		fmt.Fprintf(h, "%d %t %d;", st.Served.Size, st.Served.Cosigned, len(st.Served.Note))
	}
	for _, w := range st.Witnesses {
		fmt.Fprintf(h, "%s %d %t %s;", w.Name, w.Cosigned, w.Answering(), w.LastErr)
	}
	return strconv.FormatUint(h.Sum64(), 36)
}
