package sqlite_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// openWithClock opens a store whose clock the test moves.
func openWithClock(t *testing.T, skew *atomic.Int64) *sqlite.Store {
	dir := t.TempDir()
	key, err := ledger.LoadOrCreateLogKey(filepath.Join(dir, "log.key"), sqlitetest.Origin)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(dir, "db"), Key: key, Logger: sqlitetest.Logger(t),
		Now: func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestInvites(t *testing.T) {
	ctx := context.Background()
	var skew atomic.Int64
	s := openWithClock(t, &skew)
	admin := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central warehouse")
	staff := sqlitetest.User(t, s, sqlite.NewUser{Email: sqlitetest.Email("staff"), Org: admin.Org, Role: ledger.RoleStaff})
	for name, m := range map[string]ledger.Member{"staff": staff, "donor": sqlitetest.Donor(t, s), "auditor": sqlitetest.Auditor(t, s)} {
		if _, err := s.CreateInvite(ctx, m); ledger.ErrorCode(err) != ledger.EFORBIDDEN {
			t.Errorf("invite by %s: %v", name, err)
		}
	}
	// A member passed in with a stale role is re-checked in the transaction.
	stale := staff
	stale.Role = ledger.RoleAdmin
	if _, err := s.CreateInvite(ctx, stale); ledger.ErrorCode(err) != ledger.EFORBIDDEN {
		t.Errorf("invite by staff claiming admin: %v", err)
	}
	if err := s.RemoveMember(ctx, stale, admin.User); ledger.ErrorCode(err) != ledger.EFORBIDDEN {
		t.Errorf("staff claiming admin removes the admin: %v", err)
	}

	inv, err := s.CreateInvite(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	var stored string
	s.DB().QueryRow(`SELECT token_sha256 FROM invites`).Scan(&stored)
	if stored == inv.Token || len(stored) != 64 {
		t.Errorf("the token is stored as %q", stored)
	}
	// Expired after InviteLifetime.
	skew.Store(int64(sqlite.InviteLifetime + time.Minute))
	if _, err := s.AcceptInvite(ctx, sqlitetest.Donor(t, s), inv.Token); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("expired invitation: %v", err)
	}
	skew.Store(0)
	joiner := sqlitetest.Donor(t, s)
	m, err := s.AcceptInvite(ctx, joiner, inv.Token)
	if err != nil || m.Org != admin.Org || m.Role != ledger.RoleStaff || !m.ActsFor(ledger.OrgWarehouse) {
		t.Fatalf("accept: %+v %v", m, err)
	}
	if _, err := s.AcceptInvite(ctx, sqlitetest.Donor(t, s), inv.Token); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("second use: %v", err)
	}
	// Removal ends the sessions issued before it.
	issued := time.Now()
	if err := s.RemoveMember(ctx, admin, m.User); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionMember(ctx, m.User, issued); ledger.ErrorCode(err) != ledger.EUNAUTHORIZED {
		t.Errorf("session of a removed member: %v", err)
	}
	if got, err := s.SessionMember(ctx, m.User, time.Now()); err != nil || got.Org != 0 {
		t.Errorf("new session of a removed member: %+v %v", got, err)
	}
}
