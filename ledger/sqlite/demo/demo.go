// Package demo seeds a living relief operation through the store's own
// methods (never raw SQL), so the demo's ledger verifies like any other.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/passkey"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// Password is every demo account's password (printed at start).
const Password = "demo-password-2020"

// Login is a demo account printed at start.
type Login struct {
	Role     string
	Email    string
	Password string
}

// Org is a verified demo organisation with an admin and a staff login.
type Org struct {
	ID    int64
	Kind  string
	Name  string
	Admin ledger.Member
	Staff ledger.Member
}

// World is the demo's cast, for the parts of the scenario that build on it
// (needs, pledges, lots, handoffs).
type World struct {
	PlatformAdmin  ledger.Member
	Auditors       [2]ledger.Member
	Donor          ledger.Member // a personal donor account
	DonorCompanies []Org
	Logistics      Org
	Warehouse      Org // the central charity warehouse
	Hospitals      []Org
	// Today is midnight (UTC) of the day the demo is seeded: the story is
	// dated relative to it (the last 30 days), so its deadlines, ages and
	// overdue marks read true whenever it is seeded.
	Today time.Time
	// Now is the scenario time after the last step (the cast registers 30
	// days before Today); later steps date their entries from here with
	// ledger.WithTime.
	Now    time.Time
	Logins []Login
	// Needs is what SeedNeeds made (needs and pledges by short name).
	Needs *NeedsScenario
	// Keys are the demo members' software passkeys, by user id (keys.go).
	Keys map[int64]*passkey.Passkey
}

// Seed builds the scenario into an empty store and returns its logins.
// Each part of the scenario is a step after SeedWorld.
func Seed(ctx context.Context, s *sqlite.Store) ([]Login, error) {
	w, err := SeedWorld(ctx, s)
	if err != nil {
		return nil, err
	}
	if _, err := SeedNeeds(ctx, s, w); err != nil {
		return nil, err
	}
	if _, err := SeedCustody(ctx, s, w); err != nil {
		return nil, err
	}
	if _, err := SeedMoney(ctx, s, w); err != nil {
		return nil, err
	}
	return w.Logins, nil
}

// castDays is how many days before the seed day the organisations registered.
const castDays = 30

// orgSpec is an organisation of the demo and the name its logins use.
type orgSpec struct {
	kind, name, login string
}

var (
	donorCompanies = []orgSpec{
		{ledger.OrgDonor, "华信医疗器械有限公司 Huaxin Medical Devices Co.", "huaxin"},
		{ledger.OrgDonor, "长江电子科技 Changjiang Electronics", "changjiang"},
	}
	logistics = orgSpec{ledger.OrgLogistics, "顺达物流 Shunda Logistics", "shunda"}
	warehouse = orgSpec{ledger.OrgWarehouse, "市慈善总会中心仓库 City Charity Federation Central Warehouse", "charity"}
	hospitals = []orgSpec{
		{ledger.OrgRecipient, "武汉协和医院 Wuhan Union Hospital", "union"},
		{ledger.OrgRecipient, "武汉市金银潭医院 Wuhan Jinyintan Hospital", "jinyintan"},
		{ledger.OrgRecipient, "同济医院 Tongji Hospital", "tongji"},
		{ledger.OrgRecipient, "武汉市中心医院 Wuhan Central Hospital", "central"},
	}
)

// SeedWorld seeds the catalogue and the cast: a platform admin, two
// auditors, a personal donor, and verified organisations of every kind,
// each with an admin and a staff login.
func SeedWorld(ctx context.Context, s *sqlite.Store) (*World, error) {
	if err := s.SeedCatalogue(ctx); err != nil {
		return nil, err
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	w := &World{Today: today, Now: today.AddDate(0, 0, -castDays).Add(9 * time.Hour)}
	b := builder{s: s, w: w}
	w.PlatformAdmin = b.user(ctx, "platform admin", "admin@aidtrail.example", "平台管理员 Platform admin", ledger.PlatformOrgID, ledger.RoleAdmin)
	for i := range w.Auditors {
		w.Auditors[i] = b.user(ctx, fmt.Sprintf("auditor %d", i+1), fmt.Sprintf("auditor%d@aidtrail.example", i+1), fmt.Sprintf("审核员 Auditor %d", i+1), ledger.PlatformOrgID, ledger.RoleAuditor)
	}
	w.Donor = b.user(ctx, "personal donor", "donor@example.com", "王芳 Wang Fang", 0, ledger.RoleDonor)
	for _, o := range donorCompanies {
		w.DonorCompanies = append(w.DonorCompanies, b.org(ctx, o))
	}
	w.Logistics = b.org(ctx, logistics)
	w.Warehouse = b.org(ctx, warehouse)
	for _, o := range hospitals {
		w.Hospitals = append(w.Hospitals, b.org(ctx, o))
	}
	if b.err == nil {
		b.seedKeys(ctx)
	}
	if b.err != nil {
		return nil, b.err
	}
	return w, nil
}

// day formats the date d days after the seed day (before it if negative)
// with layout: expiries, batch numbers and bank references follow the seed
// day like the entries do.
func (w *World) day(d int, layout string) string {
	return w.Today.AddDate(0, 0, d).Format(layout)
}

// builder creates the cast, keeping the first error.
type builder struct {
	s   *sqlite.Store
	w   *World
	err error
}

func (b *builder) user(ctx context.Context, role, email, name string, org int64, r string) ledger.Member {
	if b.err != nil {
		return ledger.Member{}
	}
	id, err := b.s.CreateUser(ctx, sqlite.NewUser{Email: email, Password: Password, DisplayName: name, Org: org, Role: r})
	if err != nil {
		b.err = fmt.Errorf("demo user %s: %w", email, err)
		return ledger.Member{}
	}
	b.w.Logins = append(b.w.Logins, Login{Role: role, Email: email, Password: Password})
	m, err := b.s.Member(ctx, id)
	if err != nil {
		b.err = err
	}
	return m
}

// org registers an organisation in scenario time, has the first auditor
// verify it minutes later, and adds a staff member.
func (b *builder) org(ctx context.Context, o orgSpec) Org {
	admin := b.user(ctx, o.login+" admin ("+o.kind+")", o.login+".admin@demo.example", "", 0, ledger.RoleDonor)
	if b.err != nil {
		return Org{}
	}
	b.w.Now = b.w.Now.Add(17 * time.Minute)
	id, err := b.s.RegisterOrg(ledger.WithTime(ctx, b.w.Now), admin, sqlite.OrgInput{Kind: o.kind, Name: o.name,
		RegistrationNo: fmt.Sprintf("9142%014d", len(b.w.Logins)*7919), Contact: "+86 27 8000 " + fmt.Sprintf("%04d", len(b.w.Logins))})
	if err != nil {
		b.err = fmt.Errorf("demo organisation %s: %w", o.name, err)
		return Org{}
	}
	if err := b.s.ReviewOrg(ledger.WithTime(ctx, b.w.Now.Add(5*time.Minute)), b.w.Auditors[0], id, ledger.Approve, ""); err != nil {
		b.err = fmt.Errorf("verifying %s: %w", o.name, err)
		return Org{}
	}
	out := Org{ID: id, Kind: o.kind, Name: o.name}
	if out.Admin, err = b.s.Member(ctx, admin.User); err != nil {
		b.err = err
	}
	out.Staff = b.user(ctx, o.login+" staff", o.login+".staff@demo.example", "", id, ledger.RoleStaff)
	return out
}
