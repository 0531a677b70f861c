// Package simulate grows a store into the shape of a large relief operation
// through the store's own methods (never raw SQL): hundreds of verified
// organisations, needs with review, pledges of goods and money, whole
// custody cycles and money flows, run by many actors at once, spread over
// the last 90 days. The benchmarks and `aidtrail admin simulate` use it.
package simulate

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// Options say how large the operation grows and how many act at once.
type Options struct {
	Entries int64 // grow the log until it holds at least this many entries
	Actors  int   // concurrent actors (0: DefaultActors)
	Seed    uint64
	// Now is the end of the simulated period (zero: time.Now); entries are
	// dated over the 90 days before it (after the log's last entry if the
	// store already holds a simulation).
	Now time.Time
	// Progress, if set, is called now and then with the log's size.
	Progress func(size int64)
	// Cast sizes the cast; zero means FullCast. Tests use a small one: each
	// organisation costs a few writes.
	Cast CastSize
	// Members is the cast of an earlier run (Members), to skip finding it.
	Members *Cast
	// From is the start of the simulated period; zero means the last entry
	// of a log an earlier Run grew, or 90 days before Now for a new log.
	// Growing a log continues after its last entry: a log grown a second
	// time soon after the first has its new entries in those few minutes,
	// so build a large log in one run to spread it over 90 days.
	From time.Time
}

// CastSize is how many organisations of each kind take part.
type CastSize struct {
	Warehouses, Hospitals, Carriers, DonorCompanies, PersonalDonors int
}

// FullCast is the default: at least 40 warehouses, 150 hospitals and 10
// carriers, as a provincial operation had.
var FullCast = CastSize{Warehouses: 40, Hospitals: 150, Carriers: 10, DonorCompanies: 24, PersonalDonors: 40}

// SmallCast is a few organisations of each kind: every kind of entry
// within a thousand or so, for tests.
var SmallCast = CastSize{Warehouses: 2, Hospitals: 3, Carriers: 1, DonorCompanies: 2, PersonalDonors: 1}

// DefaultActors is how many actors work at once unless told otherwise:
// twice the writes the store's writer takes into one transaction (256), so
// that a full batch is written while the previous one is being synced,
// and every batch is full (fewer pages written per entry). With 64, every
// actor waited for the same sync and the writer stood idle meanwhile.
const DefaultActors = 512

// cycleEntries is about how many entries a custody cycle writes (9.8 on
// average; a money pledge adds six or seven every fifth cycle).
const cycleEntries = 10

// Auditors review the organisations and needs.
const Auditors = 2

// Password is every simulated account's password.
const Password = "simulated-operation-2020"

// Cast is the simulation's organisations and members (one admin each).
type Cast struct {
	Auditors       []ledger.Member
	Warehouses     []ledger.Member
	Hospitals      []ledger.Member
	Carriers       []ledger.Member
	DonorCompanies []ledger.Member
	PersonalDonors []ledger.Member
}

// Stats report a run.
type Stats struct {
	Added    int64 // entries added
	Size     int64 // the log's size at the end
	Cycles   int64 // custody cycles completed
	Elapsed  time.Duration
	CastTime time.Duration // setting up (or signing in) the cast
}

// items are the catalogue items the simulation moves.
var items = []string{"mask-medical-protective", "mask-surgical", "protective-clothing", "goggles", "gloves-exam",
	"disinfectant", "thermometer-ir", "drinking-water", "instant-food", "blanket"}

// Run grows s until it holds opts.Entries entries. The catalogue must be
// seeded. A store already grown by Run keeps its cast (its members sign in
// again) and grows further.
func Run(ctx context.Context, s *sqlite.Store, opts Options) (Stats, error) {
	if opts.Actors <= 0 {
		opts.Actors = DefaultActors
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now().UTC()
	}
	st := Stats{}
	start := time.Now()
	from := opts.Now.AddDate(0, 0, -90)
	if !opts.From.IsZero() {
		from = opts.From
	} else if t, err := lastSimulated(ctx, s); err != nil {
		return st, err
	} else if t.After(from) {
		from = t
	}
	if opts.Cast == (CastSize{}) {
		opts.Cast = FullCast
	}
	cast := opts.Members
	if cast == nil {
		var err error
		if cast, err = castFor(ledger.WithTime(ctx, from), s, opts.Cast); err != nil {
			return st, err
		}
	}
	st.CastTime = time.Since(start)
	first := s.Latest().Size
	target := max(opts.Entries, first)
	span := opts.Now.Sub(from)
	// Scenario time moves from `from` to opts.Now as the log grows.
	clock := func() time.Time {
		done := float64(s.Latest().Size-first) / float64(max(1, target-first))
		return from.Add(time.Duration(min(1, done) * float64(span)))
	}
	var cycles atomic.Int64
	var firstErr error
	var errOnce sync.Once
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// An actor starts a cycle only while the log, with the cycles under
	// way counted at about cycleEntries each, stays short of the target:
	// hundreds of actors would otherwise overshoot it by a cycle each.
	var running atomic.Int64
	begin := func() bool {
		n := running.Add(1)
		if s.Latest().Size+(n-1)*cycleEntries < target {
			return true
		}
		running.Add(-1)
		return false
	}
	run := func(a *actor) {
		for ctx.Err() == nil && begin() {
			err := a.cycle(ctx)
			running.Add(-1)
			if err != nil {
				if ctx.Err() == nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("actor %d: %w", a.id, err); cancel() })
				}
				return
			}
			cycles.Add(1)
			if opts.Progress != nil && a.id == 0 {
				opts.Progress(s.Latest().Size)
			}
		}
	}
	actors := make([]*actor, opts.Actors)
	var wg sync.WaitGroup
	for i := range actors {
		actors[i] = &actor{s: s, cast: cast, clock: clock, rnd: rand.New(rand.NewPCG(opts.Seed, uint64(i)+1)), id: i}
		wg.Go(func() { run(actors[i]) })
	}
	wg.Wait()
	// The cycles under way may have ended short of the target (a cancelled
	// pledge is a short cycle): the first actor adds what is missing.
	run(actors[0])
	st.Size = s.Latest().Size
	st.Added = st.Size - first
	st.Cycles = cycles.Load()
	st.Elapsed = time.Since(start)
	return st, firstErr
}

// lastSimulated is the time of the last entry of a log an earlier Run grew
// (zero for a log without the simulated cast: a new one, whose catalogue
// entries are dated now, still spreads over the whole period).
func lastSimulated(ctx context.Context, s *sqlite.Store) (time.Time, error) {
	var grown bool
	if err := s.DB().QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE email = ?)`, email("auditor", 0)).Scan(&grown); err != nil || !grown {
		return time.Time{}, err
	}
	var last string
	if err := s.DB().QueryRowContext(ctx, `SELECT time FROM entries ORDER BY idx DESC LIMIT 1`).Scan(&last); err != nil {
		return time.Time{}, err
	}
	return time.Parse(ledger.TimeFormat, last)
}

// castFor signs in the cast of an earlier run, or creates it.
func castFor(ctx context.Context, s *sqlite.Store, size CastSize) (*Cast, error) {
	if _, err := s.MemberByEmail(ctx, email("auditor", 0)); err == nil {
		return buildCast(ctx, s, size, false)
	}
	return buildCast(ctx, s, size, true)
}

// Email is the address of the simulated account kind i ("warehouse", "hospital", ...).
func Email(kind string, i int) string { return email(kind, i) }

func email(kind string, i int) string { return fmt.Sprintf("sim-%s-%03d@simulated.example", kind, i) }

// buildCast creates (or finds) every member, a few at a time. The cast
// shares one argon2id hash of its public Password (made once: hashing it
// for each account was most of a run's start) and is found by e-mail,
// never by checking that hash again.
func buildCast(ctx context.Context, s *sqlite.Store, size CastSize, create bool) (*Cast, error) {
	var hash string
	if create {
		var err error
		if hash, err = sqlite.HashPassword(Password); err != nil {
			return nil, err
		}
	}
	c := &Cast{
		Auditors: make([]ledger.Member, Auditors), Warehouses: make([]ledger.Member, size.Warehouses),
		Hospitals: make([]ledger.Member, size.Hospitals), Carriers: make([]ledger.Member, size.Carriers),
		DonorCompanies: make([]ledger.Member, size.DonorCompanies), PersonalDonors: make([]ledger.Member, size.PersonalDonors),
	}
	type job struct {
		kind, orgKind, name string
		i                   int
		out                 *ledger.Member
		platform            bool
	}
	var jobs []job
	for i := range c.Auditors {
		jobs = append(jobs, job{kind: "auditor", i: i, out: &c.Auditors[i], platform: true})
	}
	add := func(ms []ledger.Member, kind, orgKind, name string) {
		for i := range ms {
			jobs = append(jobs, job{kind: kind, orgKind: orgKind, name: fmt.Sprintf(name, i+1, i+1), i: i, out: &ms[i]})
		}
	}
	add(c.Warehouses, "warehouse", ledger.OrgWarehouse, "Relief warehouse %d · 救灾物资仓库 %d")
	add(c.Hospitals, "hospital", ledger.OrgRecipient, "Hospital %d · 医院 %d")
	add(c.Carriers, "carrier", ledger.OrgLogistics, "Carrier %d · 物流公司 %d")
	add(c.DonorCompanies, "company", ledger.OrgDonor, "Donor company %d · 捐赠企业 %d")
	add(c.PersonalDonors, "donor", "", "")
	// Auditors first: they verify the organisations.
	if err := runJobs(jobs[:Auditors], func(j job) error {
		return member(ctx, s, create, j.kind, j.i, j.out, func(e string) (int64, error) {
			return s.CreateUser(ctx, sqlite.NewUser{Email: e, PasswordHash: hash, Org: ledger.PlatformOrgID, Role: ledger.RoleAuditor})
		})
	}); err != nil {
		return nil, err
	}
	err := runJobs(jobs[Auditors:], func(j job) error {
		return member(ctx, s, create, j.kind, j.i, j.out, func(e string) (int64, error) {
			id, err := s.CreateUser(ctx, sqlite.NewUser{Email: e, PasswordHash: hash, Role: ledger.RoleDonor})
			if err != nil || j.orgKind == "" {
				return id, err
			}
			m, err := s.Member(ctx, id)
			if err != nil {
				return 0, err
			}
			org, err := s.RegisterOrg(ctx, m, sqlite.OrgInput{Kind: j.orgKind, Name: j.name,
				RegistrationNo: fmt.Sprintf("91420100%010d", j.i*7919+len(j.kind)), Contact: "+86 27 8000 0000"})
			if err != nil {
				return 0, err
			}
			return id, s.ReviewOrg(ctx, c.Auditors[j.i%Auditors], org, ledger.Approve, "")
		})
	})
	return c, err
}

// member finds (or creates, with add) the simulated account kind i.
func member(ctx context.Context, s *sqlite.Store, create bool, kind string, i int, out *ledger.Member, add func(email string) (int64, error)) error {
	e := email(kind, i)
	if !create {
		m, err := s.MemberByEmail(ctx, e)
		if err != nil {
			return fmt.Errorf("finding %s: %w", e, err)
		}
		*out = m
		return nil
	}
	id, err := add(e)
	if err != nil {
		return fmt.Errorf("creating %s: %w", e, err)
	}
	*out, err = s.Member(ctx, id)
	return err
}

// runJobs runs fn on each job, eight at a time, and returns the first error.
func runJobs[T any](jobs []T, fn func(T) error) error {
	sem := make(chan struct{}, 8)
	errs := make(chan error, len(jobs))
	var wg sync.WaitGroup
	for _, j := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			errs <- fn(j)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// errSkip ends a cycle early without failing the run (a pledge's need was
// met or closed meanwhile).
var errSkip = errors.New("skip")
