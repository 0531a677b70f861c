package simulate_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

var small = simulate.SmallCast

// The simulation grows a store through its own methods, every kind of
// entry appears (already with 64 actors doing about five cycles each),
// entries are dated over the last 90 days, the log verifies, and a second
// run grows the same store with the same cast.
func TestSimulateGrowsAVerifiableLog(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	now := time.Now().UTC()
	st, err := simulate.Run(ctx, s, simulate.Options{Entries: 3000, Actors: 64, Seed: 1, Cast: small, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	if st.Size < 3000 {
		t.Fatalf("log has %d entries, want at least 3000", st.Size)
	}
	rows, err := s.DB().Query(`SELECT type, count(*) FROM entries GROUP BY type`)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for rows.Next() {
		var typ string
		var n int
		if err := rows.Scan(&typ, &n); err != nil {
			t.Fatal(err)
		}
		types[typ] = n
	}
	rows.Close()
	t.Logf("%v", types)
	for _, want := range []string{"org.registered", "need.submitted", "review.decided", "pledge.made", "pledge.cancelled",
		"lot.received", "lot.split", "lot.packed", "lot.unpacked", "handoff.dispatched", "handoff.picked_up", "handoff.delivered",
		"handoff.received", "handoff.rejected", "lot.used", "lot.written_off", "entry.corrected", "money.received", "money.spent"} {
		if types[want] == 0 {
			t.Errorf("no %s entries", want)
		}
	}
	var first, last string
	if err := s.DB().QueryRow(`SELECT min(time), max(time) FROM entries WHERE type != 'item.added'`).Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	if from, to := now.AddDate(0, 0, -90), now.AddDate(0, 0, -1); first > from.Add(time.Hour).Format(ledger.TimeFormat) || last < to.Format(ledger.TimeFormat) {
		t.Errorf("entries dated %s to %s, want the 90 days before %s", first, last, now.Format(ledger.TimeFormat))
	}
	// Organisations are named in both languages, each with its number.
	orgs, err := s.Orgs(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if strings.Contains(o.Name, "%") {
			t.Errorf("organisation %d is named %q", o.ID, o.Name)
		}
	}
	if want := "Relief warehouse 2 · 救灾物资仓库 2"; !slices.ContainsFunc(orgs, func(o *ledger.Org) bool { return o.Name == want }) {
		t.Errorf("no organisation named %q", want)
	}
	// The cast shares one hash of the public password: it signs in.
	if _, err := s.Authenticate(ctx, simulate.Email("warehouse", 1), simulate.Password); err != nil {
		t.Fatalf("a simulated warehouse cannot sign in: %v", err)
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
	// The store's pledge rows equal the replay of the entries alone, over
	// thousands of pledges, receipts (some over-delivered), cancellations.
	sqlitetest.StateEqualsReplay(t, s, sqlitetest.Replay(t, s))
	st2, err := simulate.Run(ctx, s, simulate.Options{Entries: st.Size + 500, Actors: 4, Seed: 2, Cast: small})
	if err != nil {
		t.Fatal(err)
	}
	if st2.Size < st.Size+500 {
		t.Fatalf("grown to %d, want %d", st2.Size, st.Size+500)
	}
	// Hundreds of actors (the default) stop near the target, not a cycle
	// each (about 5,000 entries) beyond it.
	want := st2.Size + 500
	st3, err := simulate.Run(ctx, s, simulate.Options{Entries: want, Seed: 3, Cast: small})
	if err != nil {
		t.Fatal(err)
	}
	if st3.Size < want || st3.Size > want+250 {
		t.Fatalf("%d actors grew the log to %d entries, want %d to %d", simulate.DefaultActors, st3.Size, want, want+250)
	}
	t.Logf("%d actors: %+v", simulate.DefaultActors, st3)
}
