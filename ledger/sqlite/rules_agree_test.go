package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestStoreAndReplayAgree runs a table of need, review and organisation
// actions through both sides of the one rule: the store (which loads its
// rows and runs ledger.Needs.Step / ledger.Orgs.Step before it writes) and
// the replay the verifier runs (the entry the store would append, applied
// to a replay of the store's log so far). Both must accept it, or both
// refuse it with the same code; a refused action changes nothing on either
// side; and after every action the state the store gives the rules equals
// the replay's.
func TestStoreAndReplayAgree(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	other := sqlitetest.Org(t, s, ledger.OrgRecipient, "Another Hospital")
	depot := sqlitetest.PendingOrg(t, s, ledger.OrgWarehouse, "New Depot")
	a1, a2 := sqlitetest.Auditor(t, s), sqlitetest.Auditor(t, s)

	draft := func(qty int64, deadline string) int64 {
		l := line("mask-medical-protective", qty, ledger.UrgencyCritical)
		l.Deadline = deadline
		id, err := s.CreateNeed(ctx, rec, sqlite.NeedInput{Title: "ICU", Lines: []ledger.NeedLine{l}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	big := draft(sqlite.DefaultReviewThreshold, inDays(7))
	small := draft(10, inDays(7))
	stale := draft(10, inDays(-1))
	lines := func(id int64, qty int64, deadline string) []ledger.NeedLine {
		n, err := s.Need(ctx, rec, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []ledger.NeedLine
		for _, l := range n.OpenLines() {
			nl := ledger.NeedLine{Line: l.Line, Item: l.Item.ID, Quantity: qty, Unit: l.Item.Unit, Urgency: l.Urgency, Deadline: deadline, Place: l.Place}
			if qty == 0 {
				nl.Quantity = l.Quantity
			}
			if deadline == "" {
				nl.Deadline = l.Deadline
			}
			out = append(out, nl)
		}
		return out
	}
	needSubj := func(id int64) string { return ledger.Subject(ledger.SubjectNeed, id) }
	submitted := func(id int64, approvals int) *ledger.NeedSubmitted {
		return &ledger.NeedSubmitted{Need: id, Title: "ICU", Approvals: approvals, Lines: lines(id, 0, "")}
	}
	review := func(subj string, decision, reason string) func(st *ledger.State, by ledger.Member) ledger.Body {
		return func(st *ledger.State, by ledger.Member) ledger.Body {
			var r ledger.Review
			kind, _ := ledger.SplitSubject(subj)
			for id, n := range ledger.ReplayedNeeds(st) {
				if kind == ledger.SubjectNeed && needSubj(id) == subj {
					r = n.Review()
				}
			}
			for id, o := range ledger.ReplayedOrgs(st) {
				if kind == ledger.SubjectOrg && ledger.Subject(ledger.SubjectOrg, id) == subj {
					r = o.Review()
				}
			}
			stage, err := r.NextStage(by.Actor())
			if err != nil {
				stage = 1 // refused either way
			}
			return &ledger.ReviewDecided{Subject: subj, Stage: stage, Decision: decision, Reason: reason}
		}
	}
	upd := func(id int64, qty int64, deadline string) *ledger.NeedUpdated {
		return &ledger.NeedUpdated{Need: id, Title: "ICU", Lines: lines(id, qty, deadline)}
	}
	updInput := func(b *ledger.NeedUpdated) sqlite.NeedInput { return sqlite.NeedInput{Title: b.Title, Lines: b.Lines} }
	fixed := func(b ledger.Body) func(*ledger.State, ledger.Member) ledger.Body {
		return func(*ledger.State, ledger.Member) ledger.Body { return b }
	}
	depotSubj := ledger.Subject(ledger.SubjectOrg, depot.Org)

	for _, tc := range []struct {
		name    string
		by      ledger.Member
		typ     string
		subject string
		body    func(*ledger.State, ledger.Member) ledger.Body
		store   func(b ledger.Body) error
		want    string // "" = accepted
	}{
		{"submit a need above the threshold", rec, ledger.TypeNeedSubmitted, needSubj(big), fixed(submitted(big, 2)),
			func(ledger.Body) error { return s.SubmitNeed(ctx, rec, big) }, ""},
		{"submit it twice", rec, ledger.TypeNeedSubmitted, needSubj(big), fixed(submitted(big, 2)),
			func(ledger.Body) error { return s.SubmitNeed(ctx, rec, big) }, ledger.ECONFLICT},
		{"submit a need whose deadline passed", rec, ledger.TypeNeedSubmitted, needSubj(stale), fixed(submitted(stale, 1)),
			func(ledger.Body) error { return s.SubmitNeed(ctx, rec, stale) }, ledger.EINVALID},
		{"the recipient reviews its own need", rec, ledger.TypeReviewDecided, needSubj(big), review(needSubj(big), ledger.Approve, ""),
			func(ledger.Body) error { return s.ReviewNeed(ctx, rec, big, ledger.Approve, "") }, ledger.EFORBIDDEN},
		{"update before it is published", rec, ledger.TypeNeedUpdated, needSubj(big), fixed(upd(big, 100, inDays(7))),
			func(b ledger.Body) error { return s.UpdateNeed(ctx, rec, big, updInput(b.(*ledger.NeedUpdated)), "") }, ledger.ECONFLICT},
		{"first auditor approves", a1, ledger.TypeReviewDecided, needSubj(big), review(needSubj(big), ledger.Approve, ""),
			func(ledger.Body) error { return s.ReviewNeed(ctx, a1, big, ledger.Approve, "") }, ""},
		{"the same auditor re-reviews", a1, ledger.TypeReviewDecided, needSubj(big), review(needSubj(big), ledger.Approve, ""),
			func(ledger.Body) error { return s.ReviewNeed(ctx, a1, big, ledger.Approve, "") }, ledger.EFORBIDDEN},
		{"a second auditor approves: published", a2, ledger.TypeReviewDecided, needSubj(big), review(needSubj(big), ledger.Approve, ""),
			func(ledger.Body) error { return s.ReviewNeed(ctx, a2, big, ledger.Approve, "") }, ""},
		{"a third decision", a1, ledger.TypeReviewDecided, needSubj(big), review(needSubj(big), ledger.Reject, "too late"),
			func(ledger.Body) error { return s.ReviewNeed(ctx, a1, big, ledger.Reject, "too late") }, ledger.ECONFLICT},
		{"another organisation updates it", other, ledger.TypeNeedUpdated, needSubj(big), fixed(upd(big, 100, inDays(7))),
			func(b ledger.Body) error { return s.UpdateNeed(ctx, other, big, updInput(b.(*ledger.NeedUpdated)), "") }, ledger.EFORBIDDEN},
		{"update above what was approved", rec, ledger.TypeNeedUpdated, needSubj(big), fixed(upd(big, sqlite.DefaultReviewThreshold+1, inDays(7))),
			func(b ledger.Body) error { return s.UpdateNeed(ctx, rec, big, updInput(b.(*ledger.NeedUpdated)), "") }, ledger.EINVALID},
		{"update with a deadline in the past", rec, ledger.TypeNeedUpdated, needSubj(big), fixed(upd(big, 100, inDays(-3))),
			func(b ledger.Body) error { return s.UpdateNeed(ctx, rec, big, updInput(b.(*ledger.NeedUpdated)), "") }, ledger.EINVALID},
		{"update with a deadline three years ahead", rec, ledger.TypeNeedUpdated, needSubj(big), fixed(upd(big, 100, inDays(3*366))),
			func(b ledger.Body) error { return s.UpdateNeed(ctx, rec, big, updInput(b.(*ledger.NeedUpdated)), "") }, ledger.EINVALID},
		{"update within what was approved", rec, ledger.TypeNeedUpdated, needSubj(big), fixed(upd(big, 100, inDays(9))),
			func(b ledger.Body) error { return s.UpdateNeed(ctx, rec, big, updInput(b.(*ledger.NeedUpdated)), "") }, ""},
		{"another organisation closes it", other, ledger.TypeNeedClosed, needSubj(big), fixed(&ledger.NeedClosed{Need: big, Reason: "not ours"}),
			func(ledger.Body) error { return s.CloseNeed(ctx, other, big, "not ours") }, ledger.EFORBIDDEN},
		{"close", rec, ledger.TypeNeedClosed, needSubj(big), fixed(&ledger.NeedClosed{Need: big, Reason: "bought them"}),
			func(ledger.Body) error { return s.CloseNeed(ctx, rec, big, "bought them") }, ""},
		{"close twice", rec, ledger.TypeNeedClosed, needSubj(big), fixed(&ledger.NeedClosed{Need: big, Reason: "bought them"}),
			func(ledger.Body) error { return s.CloseNeed(ctx, rec, big, "bought them") }, ledger.ECONFLICT},
		{"review a closed need", a2, ledger.TypeReviewDecided, needSubj(big), review(needSubj(big), ledger.Approve, ""),
			func(ledger.Body) error { return s.ReviewNeed(ctx, a2, big, ledger.Approve, "") }, ledger.ECONFLICT},
		{"submit a small need", rec, ledger.TypeNeedSubmitted, needSubj(small), fixed(submitted(small, 1)),
			func(ledger.Body) error { return s.SubmitNeed(ctx, rec, small) }, ""},
		{"reject without a reason", a1, ledger.TypeReviewDecided, needSubj(small), review(needSubj(small), ledger.Reject, ""),
			func(ledger.Body) error { return s.ReviewNeed(ctx, a1, small, ledger.Reject, "") }, ledger.EINVALID},
		{"reject", a1, ledger.TypeReviewDecided, needSubj(small), review(needSubj(small), ledger.Reject, "a duplicate of need 1"),
			func(ledger.Body) error { return s.ReviewNeed(ctx, a1, small, ledger.Reject, "a duplicate of need 1") }, ""},
		{"close a rejected need", rec, ledger.TypeNeedClosed, needSubj(small), fixed(&ledger.NeedClosed{Need: small, Reason: "withdrawn"}),
			func(ledger.Body) error { return s.CloseNeed(ctx, rec, small, "withdrawn") }, ledger.ECONFLICT},
		{"a recipient verifies an organisation", rec, ledger.TypeReviewDecided, depotSubj, review(depotSubj, ledger.Approve, ""),
			func(ledger.Body) error { return s.ReviewOrg(ctx, rec, depot.Org, ledger.Approve, "") }, ledger.EFORBIDDEN},
		{"an auditor verifies it", a1, ledger.TypeReviewDecided, depotSubj, review(depotSubj, ledger.Approve, ""),
			func(ledger.Body) error { return s.ReviewOrg(ctx, a1, depot.Org, ledger.Approve, "") }, ""},
		{"another auditor decides again", a2, ledger.TypeReviewDecided, depotSubj, review(depotSubj, ledger.Reject, "fake papers"),
			func(ledger.Body) error { return s.ReviewOrg(ctx, a2, depot.Org, ledger.Reject, "fake papers") }, ledger.ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := sqlitetest.Replay(t, s)
			size := sqlitetest.Size(t, s)
			body := tc.body(st, tc.by)
			e, err := ledger.NewEntry(tc.typ, tc.by.Actor(), []string{tc.subject}, body)
			if err != nil {
				t.Fatal(err)
			}
			e.Time = ledger.FormatTime(time.Now())
			replayErr := st.Apply(size, e)
			storeErr := tc.store(body)
			if got, want := ledger.ErrorCode(storeErr), ledger.ErrorCode(replayErr); got != tc.want || want != tc.want {
				t.Fatalf("store: %v (%q); replay: %v (%q); want %q from both", storeErr, got, replayErr, want, tc.want)
			}
			if tc.want != "" && sqlitetest.Size(t, s) != size {
				t.Errorf("a refused action appended an entry")
			}
			sqlitetest.StateEqualsReplay(t, s, sqlitetest.Replay(t, s))
		})
	}
	n, err := s.Need(ctx, rec, big)
	if err != nil || n.Status != ledger.NeedStatusClosed || n.Lines[0].Quantity != 100 || n.Lines[0].Approved != sqlite.DefaultReviewThreshold {
		t.Errorf("need %d: %+v, %v; want closed, 100 of %d approved", big, n, err, sqlite.DefaultReviewThreshold)
	}
}
