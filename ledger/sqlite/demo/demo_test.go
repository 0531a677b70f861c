package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

func TestSeedWorld(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	w, err := demo.SeedWorld(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !w.PlatformAdmin.IsPlatformAdmin() || !w.Auditors[0].IsAuditor() || !w.Auditors[1].IsAuditor() || w.Auditors[0].User == w.Auditors[1].User {
		t.Errorf("platform: %+v %+v", w.PlatformAdmin, w.Auditors)
	}
	kinds := map[string]int{}
	for _, o := range append(append(append([]demo.Org{}, w.DonorCompanies...), w.Logistics, w.Warehouse), w.Hospitals...) {
		kinds[o.Kind]++
		if !o.Admin.ActsFor(o.Kind) || !o.Admin.IsOrgAdmin() || !o.Staff.ActsFor(o.Kind) || o.Staff.Org != o.ID || o.Staff.Role != ledger.RoleStaff {
			t.Errorf("%s: admin %+v staff %+v", o.Name, o.Admin, o.Staff)
		}
	}
	for _, k := range ledger.OrgKinds {
		if kinds[k] == 0 {
			t.Errorf("no verified organisation of kind %s", k)
		}
	}
	if kinds[ledger.OrgRecipient] != 4 {
		t.Errorf("%d hospitals, want 4", kinds[ledger.OrgRecipient])
	}
	// Every printed login has the demo password; the platform's, the
	// personal donor's and the first organisation's admin and staff sign in
	// with it (each check costs an argon2 hash, so not all of them).
	for i, l := range w.Logins {
		if l.Password != demo.Password {
			t.Errorf("%s: password %q", l.Email, l.Password)
		}
		if i >= 6 {
			continue
		}
		if _, err := s.Authenticate(ctx, l.Email, l.Password); err != nil {
			t.Errorf("login %s: %v", l.Email, err)
		}
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
	var data string
	s.DB().QueryRow(`SELECT group_concat(data) FROM entries`).Scan(&data)
	if strings.Contains(data, "example") || strings.Contains(data, "+86") || !strings.Contains(data, `"`+w.Today.AddDate(0, 0, -30).Format("2006-01-02T")) {
		t.Error("demo ledger holds personal data, or is not dated in the scenario")
	}
}

// TestSeedNeeds: the demo's needs board has urgent and met needs, named and
// anonymous pledges, cancelled and overdue ones, a need in review, and its
// numbers equal the replay of the ledger.
func TestSeedNeeds(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	w, err := demo.SeedWorld(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := demo.SeedNeeds(ctx, s, w)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.NeedsBoard(ctx, sqlite.NeedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Needs) != 4 || b.Needs[0].Urgency() != ledger.UrgencyCritical {
		t.Fatalf("board: %d needs, first %q", len(b.Needs), b.Needs[0].Urgency())
	}
	fullyPledged, named, anonymous, overdue := 0, 0, 0, 0
	for _, n := range b.Needs {
		q, p := n.Total()
		if p.Pledged >= q {
			fullyPledged++
		}
	}
	demoNow := w.Now
	for _, p := range b.Unreceived {
		if p.DisplayName == "" {
			anonymous++
		} else {
			named++
		}
		if p.Overdue(demoNow) {
			overdue++
		}
	}
	if fullyPledged != 1 || named == 0 || anonymous == 0 || overdue == 0 {
		t.Errorf("fully pledged %d, named %d, anonymous %d, overdue %d", fullyPledged, named, anonymous, overdue)
	}
	var cancelled, review int
	s.DB().QueryRow(`SELECT count(*) FROM pledges WHERE status = 'cancelled'`).Scan(&cancelled)
	s.DB().QueryRow(`SELECT count(*) FROM needs WHERE status = 'submitted'`).Scan(&review)
	if cancelled != 2 || review != 1 || len(sc.Pledges) != 10 {
		t.Errorf("cancelled %d, in review %d, pledges %d", cancelled, review, len(sc.Pledges))
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
	boardEqualsReplay(t, s, b)
}

// TestDemoBoardEqualsReplay: after the whole demo (custody included), every
// pledged and received figure of the needs board equals the replay.
func TestDemoBoardEqualsReplay(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	b, err := s.NeedsBoard(ctx, sqlite.NeedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var received int64
	for _, n := range b.Needs {
		_, p := n.Total()
		received += p.Received
	}
	if received == 0 {
		t.Error("the demo board shows nothing received")
	}
	boardEqualsReplay(t, s, b)
}

// boardEqualsReplay replays the store's entries and compares the board's
// pledged and received figures per line with the replay's.
func boardEqualsReplay(t *testing.T, s *sqlite.Store, b *ledger.Board) {
	t.Helper()
	st := sqlitetest.Replay(t, s)
	sqlitetest.StateEqualsReplay(t, s, st)
	received := ledger.ReplayedReceived(st)
	for _, n := range b.Needs {
		rn := ledger.ReplayedNeeds(st)[n.ID]
		for _, l := range n.Lines {
			if l.Progress.Pledged != rn.Pledged[l.Line] {
				t.Errorf("need %d line %d: pledged %d on the board, %d replayed", n.ID, l.Line, l.Progress.Pledged, rn.Pledged[l.Line])
			}
			if r := received[ledger.NeedLineRef{Need: n.ID, Line: l.Line}]; l.Progress.Received != r {
				t.Errorf("need %d line %d: received %d on the board, %d replayed", n.ID, l.Line, l.Progress.Received, r)
			}
		}
	}
}

// TestSeedMoney: the demo's money: donations to the charity (one short of
// its pledge), a disbursement to a hospital, a purchase of masks paid by
// two donors with exact shares, a bank fee and a truck, the masks shipped
// and used; balances equal the replay of the ledger.
func TestSeedMoney(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	w, err := demo.SeedWorld(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedNeeds(ctx, s, w); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedCustody(ctx, s, w); err != nil {
		t.Fatal(err)
	}
	sc, err := demo.SeedMoney(ctx, s, w)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
	st := ledger.NewState()
	rows, err := s.DB().Query(`SELECT idx, data FROM entries ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var idx int64
		var data []byte
		rows.Scan(&idx, &data)
		e, err := ledger.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Apply(idx, e); err != nil {
			t.Fatalf("replay: %v", err)
		}
	}
	rows.Close()
	want := ledger.ReplayedBalances(st)
	rep, err := s.Funds(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range rep.Balances {
		if r := want.At(b.Org, b.Currency); fmt.Sprint(*r) != fmt.Sprint(*b) {
			t.Errorf("org %d: store %+v, ledger %+v", b.Org, *b, *r)
		}
	}
	wh := want.At(w.Warehouse.ID, "CNY")
	if wh.Donated != 20_499_000 || wh.Disbursed != 5_000_000 || wh.Spent[ledger.SpendSupplies] != 12_000_000 ||
		wh.Spent[ledger.SpendBankFee] != 2_500 || wh.Spent[ledger.SpendTransport] != 80_000 || wh.Held != 3_416_500 {
		t.Errorf("charity's money: %+v", *wh)
	}
	tr, err := s.TraceMoney(ctx, sc.Pledges["wangfang"])
	if err != nil {
		t.Fatal(err)
	}
	if tr.Receipt == nil || tr.Receipt.AmountMinor != 499_000 || tr.Pledge.AmountMinor != 500_000 || len(tr.Spendings) != 1 {
		t.Fatalf("王芳's trace: %+v", tr)
	}
	sp := tr.Spendings[0]
	if sp.Entry != sc.Purchase || sp.Donors != 2 || sp.Share.Amount != 300_000 || sp.Share.Quantities[0] != 500 {
		t.Errorf("王芳's share of the masks: %+v, donors %d", sp.Share, sp.Donors)
	}
	used := false
	for _, p := range sp.Bought[0].Places {
		used = used || (p.Kind == ledger.PlaceUsed && p.Org == w.Hospitals[1].ID && p.Quantity == 6_000)
	}
	if !used {
		t.Errorf("the masks' trace does not reach Jinyintan's use: %+v", sp.Bought[0].Places)
	}
}

// TestDemoLooksCurrent: the demo is dated relative to the day it is seeded,
// so on any date it reads as a current operation: its entries span the last
// 30 days and end in the last week, no open need's deadline is more than a
// week past (most are ahead), due dates and expiries sit around today, with
// one pledge overdue and one not yet due, one lot expired and one expiring
// within 30 days.
func TestDemoLooksCurrent(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	today := now.Truncate(24 * time.Hour)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(ledger.DateFormat) }

	var first, last string
	if err := s.DB().QueryRow(`SELECT min(time), max(time) FROM entries`).Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	if first[:10] < day(-31) || first[:10] > day(-29) || last[:10] < day(-7) || last > now.Format(time.RFC3339Nano) {
		t.Errorf("entries run from %s to %s; want from about %s to within the last week, none after now", first, last, day(-30))
	}

	b, err := s.NeedsBoard(ctx, sqlite.NeedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ahead := 0
	for _, n := range b.Needs {
		for _, l := range n.Lines {
			if l.Deadline < day(-7) {
				t.Errorf("open need %d line %d (%s) was due %s, more than a week ago", n.ID, l.Line, l.Urgency, l.Deadline)
			}
			if l.Deadline >= day(0) {
				ahead++
			}
		}
	}
	if len(b.Needs) == 0 || ahead == 0 {
		t.Errorf("%d open needs, %d lines due today or later", len(b.Needs), ahead)
	}

	overdue, notYetDue := 0, 0
	rows, err := s.DB().Query(`SELECT code, due, status FROM pledges`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code, due, status string
		rows.Scan(&code, &due, &status)
		if due < day(-30) || due > day(30) {
			t.Errorf("pledge %s is due %s, not within 30 days of %s", code, due, day(0))
		}
		if status == "pledged" && due < day(0) {
			overdue++
		}
		if status == "pledged" && due >= day(0) {
			notYetDue++
		}
	}
	rows.Close()
	if overdue == 0 || notYetDue == 0 {
		t.Errorf("%d pledges overdue and %d not yet due; want some of each", overdue, notYetDue)
	}

	expired, soon := 0, 0
	rows, err = s.DB().Query(`SELECT code, expiry FROM lots WHERE expiry != '' AND held > 0`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code, expiry string
		rows.Scan(&code, &expiry)
		switch {
		case expiry < day(-30):
			t.Errorf("lot %s held today expired on %s, before the operation began", code, expiry)
		case expiry < day(0):
			expired++
		case expiry <= day(30):
			soon++
		}
	}
	rows.Close()
	if expired == 0 || soon == 0 {
		t.Errorf("%d held lots expired and %d expiring within 30 days; want some of each", expired, soon)
	}
}
