package sqlite_test

import (
	"context"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// replay re-derives the domain from the stored entries alone.
func replay(t *testing.T, s *sqlite.Store) *ledger.State { return sqlitetest.Replay(t, s) }

// TestNeedsBoardEqualsReplay: every number on the needs board (status,
// lines, pledged per line, money per currency) equals what the ledger
// entries alone re-derive.
func TestNeedsBoardEqualsReplay(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	h1 := sqlitetest.Org(t, s, ledger.OrgRecipient, "Hospital One")
	h2 := sqlitetest.Org(t, s, ledger.OrgRecipient, "Hospital Two")
	co := sqlitetest.Org(t, s, ledger.OrgDonor, "Donor Co")
	d1, d2 := sqlitetest.Donor(t, s), sqlitetest.Donor(t, s)
	n1 := publishNeed(t, s, h1, line("mask-surgical", 20000, ledger.UrgencyCritical), line("goggles", 300, ledger.UrgencyHigh))
	n2 := publishNeed(t, s, h2, line("blanket", 800, ledger.UrgencyNormal))
	n3 := publishNeed(t, s, h2, line("tent", 40, ledger.UrgencyHigh))
	must := func(r *sqlite.PledgeReceipt, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r.Code
	}
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	masks := must(s.MakePledge(ctx, co, to(wh, goods(n1, "mask-surgical", 12000, 1))))
	c := must(s.MakePledge(ctx, d1, goods(n1, "mask-surgical", 3000, 1)))
	goggles := must(s.MakePledge(ctx, d2, goods(n1, "goggles", 120, 2)))
	must(s.MakePledge(ctx, d2, goods(n2, "blanket", 50, 1)))
	must(s.MakePledge(ctx, d1, sqlite.PledgeInput{Kind: ledger.PledgeMoney, NeedID: n2, Currency: "CNY", AmountMinor: 123456, Handover: ledger.HandoverTransfer, Due: inDays(2)}))
	must(s.MakePledge(ctx, co, to(wh, goods(0, "tent", 10, 0))))
	if err := s.CancelPledge(ctx, d1, c, "changed plans"); err != nil {
		t.Fatal(err)
	}
	// A warehouse receives part of the company's masks in two deliveries,
	// the hospital receives the goggles itself.
	for _, q := range []int64{7000, 2500} {
		if _, err := s.ReceivePledge(ctx, wh, masks, []sqlite.LotInput{{Item: "mask-surgical", Quantity: q, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ReceivePledge(ctx, h1, goggles, []sqlite.LotInput{{Item: "goggles", Quantity: 118, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	upd := line("tent", 30, ledger.UrgencyCritical)
	upd.Line = 1
	if err := s.UpdateNeed(ctx, h2, n3, sqlite.NeedInput{Title: "Tents", Lines: []ledger.NeedLine{upd}}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseNeed(ctx, h1, publishNeed(t, s, h1, line("thermometer-ir", 10, ledger.UrgencyNormal)), "bought them"); err != nil {
		t.Fatal(err)
	}

	b, err := s.NeedsBoard(ctx, sqlite.NeedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	board := b.Needs
	st := replay(t, s)
	sqlitetest.StateEqualsReplay(t, s, st)
	received := ledger.ReplayedReceived(st)
	published := 0
	for _, rn := range ledger.ReplayedNeeds(st) {
		if rn.Status == ledger.NeedStatusPublished {
			published++
		}
	}
	if len(board) != 3 || published != 3 {
		t.Fatalf("board has %d needs, replay %d published; want 3", len(board), published)
	}
	if board[0].ID != n1 || board[1].ID != n3 || board[2].ID != n2 {
		t.Errorf("board order %d %d %d, want critical first, then by deadline: %d %d %d", board[0].ID, board[1].ID, board[2].ID, n1, n3, n2)
	}
	for _, n := range board {
		rn := ledger.ReplayedNeeds(st)[n.ID]
		if rn == nil || rn.Status != n.Status || rn.Title != n.Title || rn.Org != n.OrgID {
			t.Fatalf("need %d: board %+v, replay %+v", n.ID, n, rn)
		}
		open := n.OpenLines()
		if len(open) != len(rn.Lines) {
			t.Errorf("need %d: %d lines on the board, %d replayed", n.ID, len(open), len(rn.Lines))
		}
		for i, l := range open {
			r := rn.Lines[i]
			if l.Line != r.Line || l.Item.ID != r.Item || l.Quantity != r.Quantity || l.Urgency != r.Urgency || l.Deadline != r.Deadline || l.Place != r.Place {
				t.Errorf("need %d line %d: board %+v, replay %+v", n.ID, l.Line, l, r)
			}
		}
		for _, l := range n.Lines {
			if l.Progress.Pledged != rn.Pledged[l.Line] {
				t.Errorf("need %d line %d: pledged %d on the board, %d replayed", n.ID, l.Line, l.Progress.Pledged, rn.Pledged[l.Line])
			}
			if got := received[ledger.NeedLineRef{Need: n.ID, Line: l.Line}]; l.Progress.Received != got {
				t.Errorf("need %d line %d: received %d on the board, %d replayed", n.ID, l.Line, l.Progress.Received, got)
			}
		}
		money := map[string]int64{}
		for _, m := range n.Money {
			money[m.Currency] = m.AmountMinor
		}
		for cur, amt := range rn.Money {
			if amt != 0 && money[cur] != amt {
				t.Errorf("need %d: %s %d on the board, %d replayed", n.ID, cur, money[cur], amt)
			}
		}
	}
	// Spot-check the figures themselves, so equal-but-wrong cannot pass.
	if l := board[0].Lines; l[0].Progress.Pledged != 15000-3000 || l[0].Progress.Received != 9500 || l[1].Progress.Received != 118 || l[1].Progress.Delivered != 118 {
		t.Errorf("need 1 progress: %+v, %+v; want masks 12000 pledged, 9500 received; goggles 118 received and delivered", l[0].Progress, l[1].Progress)
	}
	var open int
	s.DB().QueryRow(`SELECT count(*) FROM pledges WHERE status = 'pledged'`).Scan(&open)
	if open != 3 {
		t.Errorf("%d pledges not yet received, want 3", open)
	}
	if len(b.Unreceived) != 2 {
		t.Errorf("the board lists %d pledges not yet received, want the 2 against open needs", len(b.Unreceived))
	}
	var replayedOpen int
	for _, p := range ledger.ReplayedPledges(st) {
		if p.Status == ledger.PledgeStatusPledged {
			replayedOpen++
		}
	}
	if replayedOpen != open {
		t.Errorf("replay has %d open pledges, the store %d", replayedOpen, open)
	}
}
