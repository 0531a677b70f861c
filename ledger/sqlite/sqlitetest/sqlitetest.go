// Package sqlitetest builds real stores and members for tests, through the
// store's own methods: a fresh SQLite file per test, never a mock.
package sqlitetest

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// Test accounts' passwords are hashed cheaply: tests create hundreds.
func init() { sqlite.CheapPasswordHashesForTests() }

// Origin is the log origin of test stores.
const Origin = "aidtrail.test/log"

// Password is every test account's password.
const Password = "correct horse battery"

// Logger sends log lines to t.Logf, so only failing tests are noisy.
func Logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) { w.t.Logf("%s", p); return len(p), nil }

// Open returns a new store in t.TempDir() with the catalogue seeded; it is
// closed when the test ends.
func Open(t testing.TB) *sqlite.Store {
	t.Helper()
	dir := t.TempDir()
	key, err := ledger.LoadOrCreateLogKey(filepath.Join(dir, "log.key"), Origin)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(dir, "aidtrail.db"), Key: key, Logger: Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SeedCatalogue(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys.Store(s, key)
	return s
}

var keys sync.Map // *sqlite.Store -> *ledger.LogKey

// Copy returns a new store over a snapshot of s's database (same ids, same
// log key), closed when the test ends: a fixture built once serves many
// tests that change it.
func Copy(t testing.TB, s *sqlite.Store) *sqlite.Store {
	t.Helper()
	key, ok := keys.Load(s)
	if !ok {
		t.Fatal("sqlitetest.Copy: the store was not made by Open")
	}
	path := filepath.Join(t.TempDir(), "aidtrail.db")
	if _, err := s.DB().Exec(`VACUUM INTO ?`, path); err != nil {
		t.Fatal(err)
	}
	c, err := sqlite.Open(context.Background(), sqlite.Options{Path: path, Key: key.(*ledger.LogKey), Logger: Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	keys.Store(c, key)
	return c
}

var seq atomic.Int64

// Email returns a fresh test e-mail address.
func Email(prefix string) string { return fmt.Sprintf("%s%d@example.test", prefix, seq.Add(1)) }

// User creates an account and returns it as a member.
func User(t testing.TB, s *sqlite.Store, u sqlite.NewUser) ledger.Member {
	t.Helper()
	if u.Password == "" {
		u.Password = Password
	}
	id, err := s.CreateUser(context.Background(), u)
	if err != nil {
		t.Fatalf("creating user %s: %v", u.Email, err)
	}
	m, err := s.Member(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Donor creates a personal donor account.
func Donor(t testing.TB, s *sqlite.Store) ledger.Member {
	t.Helper()
	return User(t, s, sqlite.NewUser{Email: Email("donor"), Role: ledger.RoleDonor})
}

// Auditor creates a platform auditor.
func Auditor(t testing.TB, s *sqlite.Store) ledger.Member {
	t.Helper()
	return User(t, s, sqlite.NewUser{Email: Email("auditor"), Org: ledger.PlatformOrgID, Role: ledger.RoleAuditor})
}

var auditors sync.Map // *sqlite.Store -> ledger.Member

// Org registers an organisation of the given kind and has an auditor verify
// it; it returns the organisation's admin.
func Org(t testing.TB, s *sqlite.Store, kind, name string) ledger.Member {
	t.Helper()
	admin := PendingOrg(t, s, kind, name)
	a, ok := auditors.Load(s)
	if !ok {
		a, _ = auditors.LoadOrStore(s, Auditor(t, s))
	}
	if err := s.ReviewOrg(context.Background(), a.(ledger.Member), admin.Org, ledger.Approve, ""); err != nil {
		t.Fatalf("verifying %s: %v", name, err)
	}
	m, err := s.Member(context.Background(), admin.User)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// PendingOrg registers an organisation that is not verified yet and returns its admin.
func PendingOrg(t testing.TB, s *sqlite.Store, kind, name string) ledger.Member {
	t.Helper()
	u := Donor(t, s)
	id, err := s.RegisterOrg(context.Background(), u, sqlite.OrgInput{Kind: kind, Name: name, RegistrationNo: "91420100-" + fmt.Sprint(seq.Add(1)), Contact: "office +86 27 0000 0000"})
	if err != nil {
		t.Fatalf("registering %s: %v", name, err)
	}
	m, err := s.Member(context.Background(), u.User)
	if err != nil {
		t.Fatal(err)
	}
	if m.Org != id {
		t.Fatalf("registrant of %s is in org %d, want %d", name, m.Org, id)
	}
	return m
}

// Staff adds a staff member to admin's organisation through an invitation.
func Staff(t testing.TB, s *sqlite.Store, admin ledger.Member) ledger.Member {
	t.Helper()
	ctx := context.Background()
	inv, err := s.CreateInvite(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.SignUpByInvite(ctx, inv.Token, sqlite.NewUser{Email: Email("staff"), Password: Password})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Replay re-derives the domain from s's entries alone, as the verifier
// does; any violation fails t.
func Replay(t testing.TB, s *sqlite.Store) *ledger.State {
	t.Helper()
	st := ledger.NewState()
	Entries(t, s, func(idx int64, e *ledger.Entry) {
		if err := st.Apply(idx, e); err != nil {
			t.Fatalf("replay: %v", err)
		}
	})
	return st
}

// Entries calls fn with each of s's entries, in log order.
func Entries(t testing.TB, s *sqlite.Store, fn func(idx int64, e *ledger.Entry)) {
	t.Helper()
	rows, err := s.DB().Query(`SELECT idx, data FROM entries ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var idx int64
		var data []byte
		if err := rows.Scan(&idx, &data); err != nil {
			t.Fatal(err)
		}
		e, err := ledger.Decode(data)
		if err != nil {
			t.Fatalf("entry %d: %v", idx, err)
		}
		fn(idx, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// PledgesEqualReplay fails t unless every pledge row (status, where it is
// to be delivered and who receives it now, received and over-delivered per
// line or in money) equals what the replay st re-derived, and the store
// has no pledge the replay lacks.
func PledgesEqualReplay(t testing.TB, s *sqlite.Store, st *ledger.State) {
	t.Helper()
	want := ledger.ReplayedPledges(st)
	rows, err := s.DB().Query(`SELECT p.code, p.status, p.deliver_to, p.holder, p.kind, p.received, p.over,
		coalesce(group_concat(l.received || '/' || l.over, ' '), '') FROM pledges p LEFT JOIN pledge_lines l ON l.pledge_id = p.id
		GROUP BY p.id ORDER BY p.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var code, status, kind, lines string
		var deliverTo, holder, money, over int64
		if err := rows.Scan(&code, &status, &deliverTo, &holder, &kind, &money, &over, &lines); err != nil {
			t.Fatal(err)
		}
		n++
		w := want[code]
		if w == nil {
			t.Errorf("pledge %s is in the store, not in the replay", code)
			continue
		}
		var wl []string
		if kind == ledger.PledgeGoods {
			for i := range w.Body.Lines {
				wl = append(wl, fmt.Sprintf("%d/%d", w.Received[i], w.Over[i]))
			}
		} else if money != w.Received[0] || over != w.Over[0] {
			t.Errorf("pledge %s: money received %d (over %d) in the store, %d (%d) replayed", code, money, over, w.Received[0], w.Over[0])
		}
		if status != w.Status || deliverTo != w.Body.DeliverTo || holder != w.Holder || lines != strings.Join(wl, " ") {
			t.Errorf("pledge %s: store %s to %d held by %d lines %q; replay %s to %d held by %d lines %q",
				code, status, deliverTo, holder, lines, w.Status, w.Body.DeliverTo, w.Holder, strings.Join(wl, " "))
		}
	}
	if n != len(want) {
		t.Errorf("%d pledges in the store, %d replayed", n, len(want))
	}
}

// StateEqualsReplay fails t unless the store's rows equal the replay st:
// the pledges (PledgesEqualReplay) and the state the need and organisation
// rules are given (Store.RulesEqualReplay).
func StateEqualsReplay(t testing.TB, s *sqlite.Store, st *ledger.State) {
	t.Helper()
	PledgesEqualReplay(t, s, st)
	if err := s.RulesEqualReplay(context.Background(), st); err != nil {
		t.Error(err)
	}
}

// Size returns the number of entries in s's log.
func Size(t testing.TB, s *sqlite.Store) int64 {
	t.Helper()
	var n int64
	if err := s.DB().QueryRow(`SELECT coalesce(max(idx) + 1, 0) FROM entries`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
