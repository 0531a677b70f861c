package handlers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

var _ = addMatrixRows(matrixRow{
	Name: "review organisation",
	Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
		org := sqlitetest.PendingOrg(t, w.Store, ledger.OrgRecipient, "Matrix review "+role)
		return fmt.Sprintf("/review/orgs/%d", org.Org), url.Values{"decision": {ledger.Approve}}
	},
	Allowed: []string{roleAuditor, rolePlatformAdmin},
	State:   []string{`SELECT count(*) FROM reviews`, `SELECT group_concat(status) FROM orgs`},
	Changes: true,
})

// pendingWithEvidence registers an organisation with an evidence file and
// returns its admin and the file's SHA-256.
func pendingWithEvidence(t *testing.T, s *sqlite.Store, name string) (ledger.Member, string) {
	t.Helper()
	u := sqlitetest.Donor(t, s)
	data := []byte("certificate of " + name)
	id, err := s.RegisterOrg(t.Context(), u, sqlite.OrgInput{Kind: ledger.OrgRecipient, Name: name, RegistrationNo: "REG-" + name,
		Contact: "contact of " + name, Evidence: &sqlite.File{Name: "c.txt", Type: "text/plain", Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Member(t.Context(), u.User)
	if m.Org != id {
		t.Fatal("registrant is not in the organisation")
	}
	sum := sha256.Sum256(data)
	return m, hex.EncodeToString(sum[:])
}

func accessRows(t *testing.T, s *sqlite.Store, viewer int64, what string) int {
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM access_log WHERE viewer = ? AND what = ?`, viewer, what).Scan(&n)
	return n
}

func TestReviewQueueAndAccessLog(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	hospital, sum := pendingWithEvidence(t, s, "Tongji Hospital")
	aud := sqlitetest.Auditor(t, s)
	ac := ts.as(aud)

	// Before anyone viewed private data the access log says "nothing yet".
	if empty := ac.get("/review/access-log"); empty.Status != http.StatusOK || !parseHTML(t, empty.Body).has("access-log-empty") || parseHTML(t, empty.Body).first(is("table")) != nil {
		t.Errorf("the empty access log: %d, without its nothing-yet line or with a table", empty.Status)
	}
	// The queue shows the contact and evidence link; each view is logged.
	page := ac.get("/review")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "contact of Tongji Hospital") || !strings.Contains(page.Body, "/files/"+sum) {
		t.Fatalf("queue: %d", page.Status)
	}
	if n := accessRows(t, s, aud.User, fmt.Sprintf("org:%d contact", hospital.Org)); n != 1 {
		t.Errorf("%d access rows for the contact", n)
	}
	// Evidence: auditors and the organisation's own members, logged.
	for _, who := range []struct {
		name   string
		c      *client
		viewer int64
		status int
	}{
		{"auditor", ac, aud.User, 200},
		{"own admin", ts.as(hospital), hospital.User, 200},
		{"other organisation", ts.as(sqlitetest.Org(t, s, ledger.OrgRecipient, "Other hospital")), 0, 404},
		{"donor", ts.as(sqlitetest.Donor(t, s)), 0, 404},
		{"anonymous", ts.client(), 0, 401},
	} {
		res := who.c.get("/files/" + sum)
		if res.Status != who.status {
			t.Errorf("%s: evidence status %d, want %d", who.name, res.Status, who.status)
			continue
		}
		if who.status != 200 {
			continue
		}
		if res.Body != "certificate of Tongji Hospital" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") ||
			!strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("%s: evidence served as %q %v", who.name, res.Body, res.Header)
		}
		if n := accessRows(t, s, who.viewer, "file:"+sum); n != 1 {
			t.Errorf("%s: %d access rows for the file", who.name, n)
		}
	}
	var total int
	s.DB().QueryRow(`SELECT count(*) FROM access_log`).Scan(&total)
	if total != 3 {
		t.Errorf("%d access rows, want 3 (refused views are not views)", total)
	}

	// The access log page, newest first, for auditors only.
	log := ac.get("/review/access-log")
	if i, j := strings.Index(log.Body, "file:"+sum), strings.Index(log.Body, fmt.Sprintf("org:%d contact", hospital.Org)); log.Status != 200 || i < 0 || j < 0 || i > j {
		t.Errorf("access log page: %d, file at %d, contact at %d", log.Status, i, j)
	}
	if parseHTML(t, log.Body).has("access-log-empty") {
		t.Error("the access log says nothing yet beside its rows")
	}
	for _, c := range []*client{ts.as(hospital), ts.as(sqlitetest.Donor(t, s))} {
		for _, p := range []string{"/review", "/review/access-log"} {
			if res := c.get(p); res.Status != http.StatusForbidden {
				t.Errorf("%s by a non-auditor: %d", p, res.Status)
			}
		}
	}

	// Decide, then the same auditor and another one cannot decide again.
	ledgerSize := s.Latest().Size
	path := fmt.Sprintf("/review/orgs/%d", hospital.Org)
	checkFormErrors(t, ac, []formCase{
		{"reject without reason", path, url.Values{"decision": {ledger.Reject}}, 422, "give a reason for the rejection (2 to 500 characters)", "请填写驳回理由（2 至 500 个字符）", ""},
		{"no decision", path, url.Values{}, 422, "choose approve or reject", "请选择通过或驳回", ""},
	})
	if res := ac.postForm(path, url.Values{"decision": {ledger.Reject}, "reason": {"the certificate is unreadable"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("reject: %d %s", res.Status, errorOf(res.Body))
	}
	if res := ts.as(hospital).get("/account"); !strings.Contains(res.Body, "Rejected") || !strings.Contains(res.Body, "the certificate is unreadable") {
		t.Error("the organisation's admin does not see why it was rejected")
	}
	if res := ac.get("/review?n=decided"); strings.Contains(res.Body, "contact of Tongji Hospital") || !strings.Contains(res.Body, "recorded in the ledger") {
		t.Error("a decided organisation is still in the queue")
	}
	for _, c := range []*client{ac, ts.as(sqlitetest.Auditor(t, s))} {
		c.Lang = "zh-CN"
		if res := c.postForm(path, url.Values{"decision": {ledger.Approve}}); res.Status != http.StatusConflict || errorOf(res.Body) != "该申请已有审核结论" {
			t.Errorf("second decision: %d %q", res.Status, errorOf(res.Body))
		}
	}
	if got := s.Latest().Size; got != ledgerSize+1 {
		t.Errorf("ledger grew by %d, want 1 decision", got-ledgerSize)
	}
	if res := ac.postForm("/review/orgs/99999", url.Values{"decision": {ledger.Approve}}); res.Status != http.StatusNotFound {
		t.Errorf("unknown organisation: %d", res.Status)
	}
}

// Nobody reviews their own submission: here the registrant of a hospital
// later became an auditor (no route does that; it is set up directly).
func TestSelfReviewRefused(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	registrant := sqlitetest.PendingOrg(t, s, ledger.OrgRecipient, "Wuhan Central Hospital")
	org := registrant.Org
	c := ts.as(registrant)
	if _, err := s.DB().Exec(`UPDATE users SET org_id = 1, role = 'auditor' WHERE id = ?`, registrant.User); err != nil {
		t.Fatal(err)
	}
	size := s.Latest().Size
	res := c.postForm(fmt.Sprintf("/review/orgs/%d", org), url.Values{"decision": {ledger.Approve}})
	if res.Status != http.StatusForbidden || errorOf(res.Body) != "you cannot review your own organisation's submission" {
		t.Errorf("self-review: %d %q", res.Status, errorOf(res.Body))
	}
	if s.Latest().Size != size {
		t.Error("a refused self-review changed the ledger")
	}
}
