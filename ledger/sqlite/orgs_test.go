package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

func TestOrgRegistrationAndReview(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	admin := sqlitetest.PendingOrg(t, s, ledger.OrgRecipient, "Wuhan Union Hospital")
	if admin.OrgStatus != ledger.OrgPending || admin.Role != ledger.RoleAdmin || admin.ActsFor(ledger.OrgRecipient) {
		t.Fatalf("registrant = %+v, want pending admin that cannot act", admin)
	}
	if _, err := s.RegisterOrg(ctx, admin, sqlite.OrgInput{Kind: ledger.OrgDonor, Name: "Second", RegistrationNo: "X-1", Contact: "a b c"}); ledger.ErrorCode(err) != ledger.EFORBIDDEN {
		t.Errorf("second registration by a member: %v, want EFORBIDDEN", err)
	}
	donor := sqlitetest.Donor(t, s)
	if err := s.ReviewOrg(ctx, donor, admin.Org, ledger.Approve, ""); ledger.ErrorCode(err) != ledger.EFORBIDDEN {
		t.Errorf("review by a donor: %v, want EFORBIDDEN", err)
	}
	aud := sqlitetest.Auditor(t, s)
	if err := s.ReviewOrg(ctx, aud, admin.Org, ledger.Reject, ""); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("rejection without reason: %v, want EINVALID", err)
	}
	if err := s.ReviewOrg(ctx, aud, admin.Org, ledger.Approve, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewOrg(ctx, sqlitetest.Auditor(t, s), admin.Org, ledger.Approve, ""); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Errorf("second decision: %v, want ECONFLICT", err)
	}
	m, err := s.Member(ctx, admin.User)
	if err != nil {
		t.Fatal(err)
	}
	if !m.ActsFor(ledger.OrgRecipient) {
		t.Errorf("verified member %+v cannot act", m)
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	// The ledger has the registration and decision, without personal data.
	rows, err := s.DB().QueryContext(ctx, `SELECT data FROM entries`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var data string
		rows.Scan(&data)
		for _, private := range []string{"example.test", "+86 27"} {
			if strings.Contains(data, private) {
				t.Errorf("entry holds personal data %q: %s", private, data)
			}
		}
	}
}

func TestAuditorCannotReviewOwnRegistration(t *testing.T) {
	s := sqlitetest.Open(t)
	aud := sqlitetest.Auditor(t, s)
	// An auditor's own submission: the submitter is the auditor.
	_, err := ledger.Review{SubmitterOrg: 9, SubmitterUser: aud.User, Approvals: 1}.NextStage(aud.Actor())
	if ledger.ErrorCode(err) != ledger.EFORBIDDEN {
		t.Errorf("self-review: %v, want EFORBIDDEN", err)
	}
	_, err = ledger.Review{SubmitterOrg: 9, Stage1User: aud.User, Approvals: 2}.NextStage(aud.Actor())
	if ledger.ErrorCode(err) != ledger.EFORBIDDEN {
		t.Errorf("same-auditor re-review: %v, want EFORBIDDEN", err)
	}
	if stage, err := (ledger.Review{SubmitterOrg: 9, Stage1User: aud.User, Approvals: 2}).NextStage(sqlitetest.Auditor(t, s).Actor()); err != nil || stage != 2 {
		t.Errorf("second auditor: stage %d, %v", stage, err)
	}
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	d := sqlitetest.User(t, s, sqlite.NewUser{Email: "Li.Wei@Example.test", Role: ledger.RoleDonor})
	if m, err := s.Authenticate(ctx, "li.wei@example.test", sqlitetest.Password); err != nil || m.User != d.User {
		t.Fatalf("Authenticate = %+v, %v", m, err)
	}
	for _, tc := range [][2]string{{"li.wei@example.test", "wrong password!"}, {"nobody@example.test", sqlitetest.Password}, {"not an email", "x"}} {
		if _, err := s.Authenticate(ctx, tc[0], tc[1]); ledger.ErrorCode(err) != ledger.EUNAUTHORIZED {
			t.Errorf("Authenticate(%q) = %v, want EUNAUTHORIZED", tc[0], err)
		}
	}
	if _, err := s.CreateUser(ctx, sqlite.NewUser{Email: "LI.WEI@example.test", Password: sqlitetest.Password, Role: ledger.RoleDonor}); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Errorf("duplicate e-mail: %v, want ECONFLICT", err)
	}
	if _, err := s.CreateUser(ctx, sqlite.NewUser{Email: "x@example.test", Password: "short", Role: ledger.RoleDonor}); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("short password: %v, want EINVALID", err)
	}
	if _, err := s.CreateUser(ctx, sqlite.NewUser{Email: "y@example.test", Password: sqlitetest.Password, Org: 0, Role: ledger.RoleAuditor}); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("auditor outside the platform: %v, want EINVALID", err)
	}
	// An account made with a hash HashPassword made signs in with its
	// password; a hash and a password together, or another kind of hash,
	// are refused.
	hash, err := sqlite.HashPassword(sqlitetest.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, sqlite.NewUser{Email: "z@example.test", PasswordHash: hash, Role: ledger.RoleDonor}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "z@example.test", sqlitetest.Password); err != nil {
		t.Errorf("account made with a hash: %v", err)
	}
	if m, err := s.MemberByEmail(ctx, "Z@example.test"); err != nil || m.User == 0 {
		t.Errorf("MemberByEmail = %+v, %v", m, err)
	}
	if _, err := s.MemberByEmail(ctx, "nobody@example.test"); ledger.ErrorCode(err) != ledger.EUNAUTHORIZED {
		t.Errorf("MemberByEmail(nobody) = %v, want EUNAUTHORIZED", err)
	}
	for _, u := range []sqlite.NewUser{{Email: "w@example.test", Password: sqlitetest.Password, PasswordHash: hash, Role: ledger.RoleDonor},
		{Email: "v@example.test", PasswordHash: "$2a$10$bcrypt", Role: ledger.RoleDonor}} {
		if _, err := s.CreateUser(ctx, u); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("CreateUser(%q) = %v, want EINVALID", u.Email, err)
		}
	}
}
