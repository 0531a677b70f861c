package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

func inDays(n int) string { return time.Now().UTC().AddDate(0, 0, n).Format(ledger.DateFormat) }

func line(item string, qty int64, urgency string) ledger.NeedLine {
	return ledger.NeedLine{Item: item, Quantity: qty, Urgency: urgency, Deadline: inDays(7), Place: "Wuhan, Jiang'an"}
}

// publishNeed drafts, submits and has auditors approve a need of org admin rec.
func publishNeed(t *testing.T, s *sqlite.Store, rec ledger.Member, lines ...ledger.NeedLine) int64 {
	t.Helper()
	ctx := context.Background()
	id := submitNeed(t, s, rec, lines...)
	for range 2 {
		n, err := s.Need(ctx, rec, id)
		if err != nil {
			t.Fatal(err)
		}
		if n.Status == ledger.NeedStatusPublished {
			return id
		}
		if err := s.ReviewNeed(ctx, sqlitetest.Auditor(t, s), id, ledger.Approve, ""); err != nil {
			t.Fatalf("approving need %d: %v", id, err)
		}
	}
	return id
}

func submitNeed(t *testing.T, s *sqlite.Store, rec ledger.Member, lines ...ledger.NeedLine) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateNeed(ctx, rec, sqlite.NeedInput{Title: "Ward supplies", Lines: lines})
	if err != nil {
		t.Fatalf("creating need: %v", err)
	}
	if err := s.SubmitNeed(ctx, rec, id); err != nil {
		t.Fatalf("submitting need: %v", err)
	}
	return id
}

func goods(need int64, item string, qty int64, needLine int) sqlite.PledgeInput {
	return sqlite.PledgeInput{Kind: ledger.PledgeGoods, NeedID: need, Handover: ledger.HandoverCourier, Due: inDays(3),
		Lines: []sqlite.PledgeLineInput{{Item: item, Quantity: qty, NeedLine: needLine}}}
}

// to has in delivered to m's organisation.
func to(m ledger.Member, in sqlite.PledgeInput) sqlite.PledgeInput {
	in.DeliverTo = m.Org
	return in
}

// TestPledgeRules: who may pledge, to which needs, and what.
func TestPledgeRules(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital")
	open := publishNeed(t, s, rec, line("mask-surgical", 5000, ledger.UrgencyHigh), line("goggles", 200, ledger.UrgencyNormal))
	draft, err := s.CreateNeed(ctx, rec, sqlite.NeedInput{Title: "Draft", Lines: []ledger.NeedLine{line("blanket", 10, ledger.UrgencyNormal)}})
	if err != nil {
		t.Fatal(err)
	}
	submitted := submitNeed(t, s, rec, line("blanket", 20, ledger.UrgencyNormal))
	closed := publishNeed(t, s, rec, line("tent", 5, ledger.UrgencyNormal))
	if err := s.CloseNeed(ctx, rec, closed, "met by the city"); err != nil {
		t.Fatal(err)
	}
	rejected := submitNeed(t, s, rec, line("tent", 6, ledger.UrgencyNormal))
	if err := s.ReviewNeed(ctx, sqlitetest.Auditor(t, s), rejected, ledger.Reject, "duplicate of another need"); err != nil {
		t.Fatal(err)
	}
	donor := sqlitetest.Donor(t, s)
	company := sqlitetest.Org(t, s, ledger.OrgDonor, "Mask Works Ltd")
	pendingCompany := sqlitetest.PendingOrg(t, s, ledger.OrgDonor, "Not Yet Verified Ltd")
	warehouse := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Red Cross Warehouse 1")
	pendingWarehouse := sqlitetest.PendingOrg(t, s, ledger.OrgWarehouse, "Not Yet Verified Warehouse")
	otherRec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Another Hospital")
	money := func(cur string, amount int64) sqlite.PledgeInput {
		return sqlite.PledgeInput{Kind: ledger.PledgeMoney, NeedID: open, Currency: cur, AmountMinor: amount, Handover: ledger.HandoverTransfer, Due: inDays(1)}
	}
	for _, tc := range []struct {
		name string
		who  ledger.Member
		in   sqlite.PledgeInput
		code string
	}{
		{"to a published need line", donor, goods(open, "mask-surgical", 1000, 1), ""},
		{"company in general", company, to(warehouse, goods(0, "blanket", 100, 0)), ""},
		{"in general, to no warehouse", company, goods(0, "blanket", 100, 0), ledger.EINVALID},
		{"in general, to a recipient", company, to(rec, goods(0, "blanket", 100, 0)), ledger.EINVALID},
		{"in general, to an unverified warehouse", company, to(pendingWarehouse, goods(0, "blanket", 100, 0)), ledger.EINVALID},
		{"to a need, delivered to a warehouse", donor, to(warehouse, goods(open, "goggles", 10, 2)), ""},
		{"to a need, delivered to another recipient", donor, to(otherRec, goods(open, "goggles", 10, 2)), ledger.EINVALID},
		{"money to a need", company, money("CNY", 5_000_000), ""},
		{"to a draft need", donor, goods(draft, "blanket", 1, 1), ledger.ECONFLICT},
		{"to a need under review", donor, goods(submitted, "blanket", 1, 1), ledger.ECONFLICT},
		{"to a closed need", donor, goods(closed, "tent", 1, 1), ledger.ECONFLICT},
		{"to a rejected need", donor, goods(rejected, "tent", 1, 1), ledger.ECONFLICT},
		{"to no such need", donor, goods(9999, "tent", 1, 0), ledger.ENOTFOUND},
		{"zero quantity", donor, goods(open, "mask-surgical", 0, 1), ledger.EINVALID},
		{"negative quantity", donor, goods(open, "mask-surgical", -5, 1), ledger.EINVALID},
		{"absurd quantity", donor, goods(open, "mask-surgical", ledger.MaxNeedQuantity+1, 1), ledger.EINVALID},
		{"unknown item", donor, goods(open, "unobtainium", 1, 0), ledger.EINVALID},
		{"need line of another item", donor, goods(open, "goggles", 10, 1), ledger.EINVALID},
		{"no such need line", donor, goods(open, "goggles", 10, 7), ledger.EINVALID},
		{"need line without a need", donor, goods(0, "goggles", 10, 2), ledger.EINVALID},
		{"zero amount", donor, money("CNY", 0), ledger.EINVALID},
		{"absurd amount", donor, money("CNY", ledger.MaxAmountMinor+1), ledger.EINVALID},
		{"unknown currency", donor, money("XXX", 100), ledger.EINVALID},
		{"money with the goods handover", donor, to(warehouse, sqlite.PledgeInput{Kind: ledger.PledgeMoney, Currency: "CNY", AmountMinor: 100, Handover: ledger.HandoverCourier, Due: inDays(1)}), ledger.EINVALID},
		{"past handover date", donor, func() sqlite.PledgeInput {
			in := to(warehouse, goods(0, "blanket", 1, 0))
			in.Due = inDays(-2)
			return in
		}(), ledger.EINVALID},
		{"named without a name", donor, func() sqlite.PledgeInput { in := to(warehouse, goods(0, "blanket", 1, 0)); in.Named = true; return in }(), ledger.EINVALID},
		{"unverified donor company", pendingCompany, goods(open, "mask-surgical", 1, 1), ledger.EFORBIDDEN},
		{"a warehouse", warehouse, goods(open, "mask-surgical", 1, 1), ledger.EFORBIDDEN},
		{"a recipient", rec, goods(open, "mask-surgical", 1, 1), ledger.EFORBIDDEN},
		{"signed out", ledger.Member{}, goods(open, "mask-surgical", 1, 1), ledger.EUNAUTHORIZED},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.MakePledge(ctx, tc.who, tc.in)
			wantCode(t, "MakePledge", err, tc.code)
			if err == nil {
				if _, err := ledger.NormalizeCode(r.Code); err != nil || len(r.Secret) < 20 {
					t.Errorf("receipt %+v", r)
				}
			}
		})
	}
	// Only the three valid pledges reached the ledger.
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM entries WHERE type = 'pledge.made'`).Scan(&n)
	if n != 4 {
		t.Errorf("%d pledge.made entries, want 4", n)
	}
}

// TestCancelPledge: only the donor sees and cancels; a cancelled pledge
// cannot be cancelled again or received, and stays in the ledger.
func TestCancelPledge(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	alice, bob := sqlitetest.Donor(t, s), sqlitetest.Donor(t, s)
	r, err := s.MakePledge(ctx, alice, to(sqlitetest.Org(t, s, ledger.OrgWarehouse, "Warehouse"), goods(0, "drinking-water", 500, 0)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.DonorPledge(ctx, bob, r.Code)
	wantCode(t, "bob sees alice's pledge", err, ledger.EFORBIDDEN)
	wantCode(t, "bob cancels alice's pledge", s.CancelPledge(ctx, bob, r.Code, ""), ledger.EFORBIDDEN)
	if mine, err := s.MyPledges(ctx, bob); err != nil || len(mine) != 0 {
		t.Errorf("bob's pledges: %d, %v", len(mine), err)
	}
	if mine, err := s.MyPledges(ctx, alice); err != nil || len(mine) != 1 || mine[0].Code != r.Code {
		t.Errorf("alice's pledges: %v, %v", mine, err)
	}
	if err := s.CancelPledge(ctx, alice, ledger.FormatCode(r.Code), "found a closer hospital"); err != nil {
		t.Fatalf("alice cancels: %v", err)
	}
	wantCode(t, "cancel twice", s.CancelPledge(ctx, alice, r.Code, ""), ledger.ECONFLICT)
	p, err := s.PledgeByCode(ctx, r.Code)
	if err != nil || p.Status != ledger.PledgeStatusCancelled || len(p.Lines) != 1 {
		t.Fatalf("after cancel: %+v, %v", p, err)
	}
	wantCode(t, "receive a cancelled pledge", (&ledger.PledgeState{Status: p.Status, Holder: p.Holder}).ReceivableBy(p.Holder), ledger.ECONFLICT)
	tr, err := s.TracePledge(ctx, r.Code)
	if err != nil || len(tr.Chain) != 2 || tr.Chain[0].Entry.Type != ledger.TypePledgeMade || tr.Chain[1].Entry.Type != ledger.TypePledgeCancelled {
		t.Errorf("pledge chain: %+v, %v", tr, err)
	}
}

func TestPledgeStatusRules(t *testing.T) {
	for _, tc := range []struct {
		status          string
		cancel, receive string
	}{
		{ledger.PledgeStatusPledged, "", ""},
		{ledger.PledgeStatusReceived, ledger.ECONFLICT, ""},
		{ledger.PledgeStatusClosed, ledger.ECONFLICT, ledger.ECONFLICT},
		{ledger.PledgeStatusCancelled, ledger.ECONFLICT, ledger.ECONFLICT},
		{"lost", ledger.ECONFLICT, ledger.EINVALID},
	} {
		p := &ledger.PledgeState{Status: tc.status, Holder: 7}
		wantCode(t, "cancel "+tc.status, ledger.CanCancelPledge(tc.status), tc.cancel)
		wantCode(t, "receive "+tc.status, p.ReceivableBy(7), tc.receive)
		if tc.receive == "" {
			wantCode(t, "receive "+tc.status+" by another organisation", p.ReceivableBy(8), ledger.EFORBIDDEN)
		}
	}
}

// TestProvePledge: the receipt's secret proves the pledge, nothing else does.
func TestProvePledge(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	d := sqlitetest.Donor(t, s)
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Warehouse")
	r1, err := s.MakePledge(ctx, d, to(wh, goods(0, "blanket", 3, 0)))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := s.MakePledge(ctx, d, to(wh, goods(0, "blanket", 4, 0)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code, secret string
		want         bool
	}{
		{r1.Code, r1.Secret, true},
		{ledger.FormatCode(r1.Code), " " + r1.Secret + " ", true},
		{r1.Code, r2.Secret, false},
		{r1.Code, "", false},
		{r2.Code, r2.Secret, true},
	} {
		if got, err := s.ProvePledge(ctx, tc.code, tc.secret); err != nil || got != tc.want {
			t.Errorf("ProvePledge(%s, %q) = %v, %v; want %v", tc.code, tc.secret, got, err, tc.want)
		}
	}
}

// TestNeedFourEyes: only verified recipients write needs; a need at or
// above the threshold needs two different auditors, below it one.
func TestNeedFourEyes(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	other := sqlitetest.Org(t, s, ledger.OrgRecipient, "Another Hospital")
	pending := sqlitetest.PendingOrg(t, s, ledger.OrgRecipient, "Pending Clinic")
	donorCo := sqlitetest.Org(t, s, ledger.OrgDonor, "Donor Co")
	in := sqlite.NeedInput{Title: "ICU", Lines: []ledger.NeedLine{line("mask-medical-protective", 100, ledger.UrgencyCritical)}}
	for _, m := range []ledger.Member{pending, donorCo, sqlitetest.Donor(t, s)} {
		_, err := s.CreateNeed(ctx, m, in)
		wantCode(t, "CreateNeed by a non-recipient", err, ledger.EFORBIDDEN)
	}
	small := submitNeed(t, s, rec, line("mask-medical-protective", sqlite.DefaultReviewThreshold-1, ledger.UrgencyCritical))
	wantCode(t, "another org submits", s.SubmitNeed(ctx, other, small), ledger.EFORBIDDEN)
	wantCode(t, "another org closes", s.CloseNeed(ctx, other, small, "not ours"), ledger.EFORBIDDEN)
	if _, err := s.Need(ctx, ledger.Member{}, small); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("the public sees a need under review: %v", err)
	}
	a1, a2 := sqlitetest.Auditor(t, s), sqlitetest.Auditor(t, s)
	wantCode(t, "recipient reviews itself", s.ReviewNeed(ctx, rec, small, ledger.Approve, ""), ledger.EFORBIDDEN)
	if err := s.ReviewNeed(ctx, a1, small, ledger.Approve, ""); err != nil {
		t.Fatal(err)
	}
	status := func(id int64) string {
		n, err := s.Need(ctx, a1, id)
		if err != nil {
			t.Fatal(err)
		}
		return n.Status
	}
	if st := status(small); st != ledger.NeedStatusPublished {
		t.Errorf("small need after one approval: %s", st)
	}
	big := submitNeed(t, s, rec, line("mask-medical-protective", sqlite.DefaultReviewThreshold/2, ledger.UrgencyCritical),
		line("mask-surgical", sqlite.DefaultReviewThreshold/2, ledger.UrgencyHigh))
	if err := s.ReviewNeed(ctx, a1, big, ledger.Approve, ""); err != nil {
		t.Fatal(err)
	}
	if st := status(big); st != ledger.NeedStatusSubmitted {
		t.Errorf("big need after one approval: %s", st)
	}
	if _, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), goods(big, "mask-surgical", 10, 2)); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Errorf("pledge to a half-approved need: %v", err)
	}
	wantCode(t, "same auditor re-reviews", s.ReviewNeed(ctx, a1, big, ledger.Approve, ""), ledger.EFORBIDDEN)
	if err := s.ReviewNeed(ctx, a2, big, ledger.Approve, ""); err != nil {
		t.Fatal(err)
	}
	if st := status(big); st != ledger.NeedStatusPublished {
		t.Errorf("big need after two approvals: %s", st)
	}
	wantCode(t, "third review", s.ReviewNeed(ctx, sqlitetest.Auditor(t, s), big, ledger.Approve, ""), ledger.ECONFLICT)
	if q, err := s.PendingReviews(ctx, a1, "192.0.2.1"); err != nil || len(q.Needs) != 0 {
		t.Errorf("review queue: %+v, %v", q, err)
	}
}

// TestNeedUpdate: an update may lower or drop approved lines at once but not
// ask for more; both versions stay in the ledger.
func TestNeedUpdate(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Wuhan No. 1 Hospital")
	id := publishNeed(t, s, rec, line("gloves-exam", 1000, ledger.UrgencyNormal), line("goggles", 50, ledger.UrgencyHigh))
	more := line("gloves-exam", 1001, ledger.UrgencyNormal)
	more.Line = 1
	wantCode(t, "raise quantity", s.UpdateNeed(ctx, rec, id, sqlite.NeedInput{Title: "Ward", Lines: []ledger.NeedLine{more}}, ""), ledger.EINVALID)
	extra := line("tent", 1, ledger.UrgencyNormal)
	extra.Line = 3
	wantCode(t, "add a line", s.UpdateNeed(ctx, rec, id, sqlite.NeedInput{Title: "Ward", Lines: []ledger.NeedLine{extra}}, ""), ledger.EINVALID)
	less := line("gloves-exam", 600, ledger.UrgencyCritical)
	less.Line = 1
	if err := s.UpdateNeed(ctx, rec, id, sqlite.NeedInput{Title: "Ward, revised", Lines: []ledger.NeedLine{less}}, "goggles arrived from the city"); err != nil {
		t.Fatal(err)
	}
	n, err := s.Need(ctx, ledger.Member{}, id)
	if err != nil {
		t.Fatal(err)
	}
	if open := n.OpenLines(); len(open) != 1 || open[0].Quantity != 600 || open[0].Urgency != ledger.UrgencyCritical || n.Title != "Ward, revised" {
		t.Errorf("after update: %+v", n)
	}
	if _, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), goods(id, "goggles", 5, 2)); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("pledge to a removed line: %v", err)
	}
	var types []string
	rows, err := s.DB().Query(`SELECT e.type FROM entry_subjects s JOIN entries e ON e.idx = s.idx WHERE s.subject = ? ORDER BY e.idx`, ledger.Subject(ledger.SubjectNeed, id))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var typ string
		rows.Scan(&typ)
		types = append(types, typ)
	}
	if len(types) != 3 || types[0] != ledger.TypeNeedSubmitted || types[1] != ledger.TypeReviewDecided || types[2] != ledger.TypeNeedUpdated {
		t.Errorf("need chain: %v", types)
	}
}

// TestAddCatalogueItem: only auditors add items; ids are unique.
func TestAddCatalogueItem(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	it := ledger.Item{ID: "isolation-gown", NameEN: "Isolation gown", NameZH: "隔离衣", Unit: "pcs", Standard: "YY/T 1499", Category: "ppe"}
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Hospital")
	wantCode(t, "recipient adds an item", s.AddCatalogueItem(ctx, rec, it), ledger.EFORBIDDEN)
	wantCode(t, "donor adds an item", s.AddCatalogueItem(ctx, sqlitetest.Donor(t, s), it), ledger.EFORBIDDEN)
	a := sqlitetest.Auditor(t, s)
	wantCode(t, "auditor adds an item", s.AddCatalogueItem(ctx, a, it), "")
	wantCode(t, "auditor adds it twice", s.AddCatalogueItem(ctx, a, it), ledger.ECONFLICT)
	if _, err := s.CreateNeed(ctx, rec, sqlite.NeedInput{Title: "Gowns", Lines: []ledger.NeedLine{line("isolation-gown", 100, ledger.UrgencyHigh)}}); err != nil {
		t.Errorf("need for the new item: %v", err)
	}
}
