package ledger_test

import (
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

func TestReplayOrgs(t *testing.T) {
	reg := func(org, user int64) *ledger.Entry {
		e, err := ledger.NewEntry(ledger.TypeOrgRegistered, ledger.Actor{Org: org, User: user}, []string{ledger.Subject(ledger.SubjectOrg, org)},
			&ledger.OrgRegistered{Org: org, Kind: ledger.OrgWarehouse, Name: "City Charity", RegistrationNo: "914201"})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	review := func(org, auditor int64, decision string) *ledger.Entry {
		subj := ledger.Subject(ledger.SubjectOrg, org)
		e, err := ledger.NewEntry(ledger.TypeReviewDecided, ledger.Actor{Org: ledger.PlatformOrgID, User: auditor}, []string{subj},
			&ledger.ReviewDecided{Subject: subj, Stage: 1, Decision: decision, Reason: "checked"})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	for _, tc := range []struct {
		name    string
		entries []*ledger.Entry
		wantErr string // "" = all apply
		status  string
	}{
		{"verified", []*ledger.Entry{reg(2, 10), review(2, 5, ledger.Approve)}, "", ledger.OrgVerified},
		{"rejected", []*ledger.Entry{reg(2, 10), review(2, 5, ledger.Reject)}, "", ledger.OrgRejected},
		{"registered twice", []*ledger.Entry{reg(2, 10), reg(2, 11)}, "registered twice", ""},
		{"unknown org reviewed", []*ledger.Entry{review(3, 5, ledger.Approve)}, "no organisation 3", ""},
		{"decided twice", []*ledger.Entry{reg(2, 10), review(2, 5, ledger.Approve), review(2, 6, ledger.Reject)}, "already been decided", ""},
		{"self-review", []*ledger.Entry{reg(2, 5), review(2, 5, ledger.Approve)}, "your own organisation", ""},
		{"acting for another org", []*ledger.Entry{reg(2, 10), func() *ledger.Entry { e := reg(3, 10); e.Actor.Org = 2; return e }()}, "acting for organisation 2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ledger.NewState()
			var err error
			for i, e := range tc.entries {
				if err = s.Apply(int64(i), e); err != nil {
					break
				}
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := ledger.ReplayedOrgs(s)[2].Status; got != tc.status {
					t.Errorf("status %s, want %s", got, tc.status)
				}
			} else if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want %q", err, tc.wantErr)
			}
		})
	}
}
