package handlers_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// invite makes a fresh invitation link path to the organisation of admin.
func invite(t *testing.T, s *sqlite.Store, admin ledger.Member) string {
	t.Helper()
	inv, err := s.CreateInvite(t.Context(), admin)
	if err != nil {
		t.Fatal(err)
	}
	return "/invite/" + inv.Token
}

var orgAdminRoles = []string{orgRole(ledger.RoleAdmin, ledger.OrgDonor), orgRole(ledger.RoleAdmin, ledger.OrgLogistics),
	orgRole(ledger.RoleAdmin, ledger.OrgWarehouse), orgRole(ledger.RoleAdmin, ledger.OrgRecipient), roleOtherAdmin, rolePendingAdmin}

var _ = addMatrixRows(
	matrixRow{
		Name: "register organisation",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/orgs/register", url.Values{"kind": {ledger.OrgRecipient}, "name": {"Matrix hospital " + role}, "registration_no": {"REG-" + role}, "contact": {"+86 27 1234"}}
		},
		Allowed: []string{roleDonor},
		State:   []string{`SELECT count(*) FROM orgs`, `SELECT count(*) FROM files`},
		Changes: true,
	},
	matrixRow{
		Name: "invite staff",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/org/invites", nil
		},
		Allowed: orgAdminRoles,
		State:   []string{`SELECT count(*) FROM invites`},
		Changes: true,
	},
	matrixRow{
		Name: "remove staff",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			admin := w.Members[orgRole(ledger.RoleAdmin, ledger.OrgDonor)]
			staff := sqlitetest.User(t, w.Store, sqlite.NewUser{Email: sqlitetest.Email("staff"), Org: admin.Org, Role: ledger.RoleStaff})
			return fmt.Sprintf("/org/members/%d/remove", staff.User), nil
		},
		Allowed: []string{orgRole(ledger.RoleAdmin, ledger.OrgDonor)},
		State:   []string{`SELECT group_concat(coalesce(org_id, 0) || role || sessions_after) FROM users`},
		Changes: true,
	},
	matrixRow{
		Name: "accept invitation",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return invite(t, w.Store, w.Members[orgRole(ledger.RoleAdmin, ledger.OrgRecipient)]), nil
		},
		Allowed: []string{roleDonor},
		State:   []string{`SELECT group_concat(coalesce(org_id, 0) || role) FROM users`, `SELECT count(*) FROM invites WHERE used_by IS NULL`},
		Changes: true,
	},
	matrixRow{
		Name: "sign up by invitation",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return invite(t, w.Store, w.Members[orgRole(ledger.RoleAdmin, ledger.OrgWarehouse)]) + "/signup",
				url.Values{"email": {sqlitetest.Email("invited")}, "password": {sqlitetest.Password}}
		},
		Allowed: matrixRoles,
		State:   []string{`SELECT count(*) FROM users`},
		Changes: true,
	},
)

// multipartForm encodes fields and an optional evidence file.
func multipartForm(t *testing.T, fields url.Values, file []byte) (string, *bytes.Buffer) {
	return multipartFile(t, fields, "evidence", "licence.pdf", file)
}

// multipartFile encodes fields and an optional file in field, with a
// fresh one-time key unless fields has one (as client.postForm).
func multipartFile(t *testing.T, fields url.Values, field, name string, file []byte) (string, *bytes.Buffer) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if fields.Get("nonce") == "" {
		mw.WriteField("nonce", ledger.NewFormKey())
	}
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != nil {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(file)
	}
	mw.Close()
	return mw.FormDataContentType(), &buf
}

func TestRegisterOrganisationWithEvidence(t *testing.T) {
	ts := newServer(t)
	donor := sqlitetest.Donor(t, ts.Store)
	c := ts.as(donor)
	evidence := []byte("%PDF-1.4 registration certificate")
	ct, body := multipartForm(t, url.Values{"kind": {ledger.OrgRecipient}, "name": {"武汉协和医院 Wuhan Union Hospital"},
		"registration_no": {"12420000441"}, "contact": {"医务处 +86 27 8572 6114"}}, evidence)
	res := c.post("/orgs/register", ct, body)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("register: %d %s", res.Status, errorOf(res.Body))
	}
	page := c.get(res.Location())
	if !strings.Contains(page.Body, "Wuhan Union Hospital") || !strings.Contains(page.Body, "Pending review") {
		t.Error("account page does not show the pending organisation")
	}
	sum := sha256.Sum256(evidence)
	var data string
	ts.Store.DB().QueryRow(`SELECT data FROM entries WHERE type = ?`, ledger.TypeOrgRegistered).Scan(&data)
	if !strings.Contains(data, hex.EncodeToString(sum[:])) || strings.Contains(data, "8572") {
		t.Errorf("org.registered entry: %s", data)
	}
	var public int
	if err := ts.Store.DB().QueryRow(`SELECT public FROM files WHERE sha256 = ?`, hex.EncodeToString(sum[:])).Scan(&public); err != nil || public != 0 {
		t.Errorf("evidence file: public=%d %v", public, err)
	}
}

func TestOrganisationFormErrors(t *testing.T) {
	ts := newServer(t)
	good := url.Values{"kind": {ledger.OrgWarehouse}, "name": {"Central warehouse"}, "registration_no": {"R-123"}, "contact": {"+86 27 0000"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range good {
			f[kk] = vv
		}
		f.Set(k, v)
		return f
	}
	checkFormErrors(t, ts.as(sqlitetest.Donor(t, ts.Store)), []formCase{
		{"no kind", "/orgs/register", with("kind", ""), 422, "choose the kind of organisation", "请选择机构类型", "Central warehouse"},
		{"platform kind", "/orgs/register", with("kind", ledger.OrgPlatform), 422, "choose the kind of organisation", "请选择机构类型", "R-123"},
		{"short name", "/orgs/register", with("name", "X"), 422, "the organisation's name must be 2 to 120 characters", "机构名称须为 2 至 120 个字符", "R-123"},
		{"no registration number", "/orgs/register", with("registration_no", ""), 422, "the registration number must be 2 to 60 characters", "登记证号须为 2 至 60 个字符", "Central warehouse"},
		{"no contact", "/orgs/register", with("contact", " "), 422, "the contact must be 3 to 200 characters", "联系方式须为 3 至 200 个字符", "Central warehouse"},
	})
	// Files: too large, and empty.
	c := ts.as(sqlitetest.Donor(t, ts.Store))
	for lang, want := range map[string]string{"en": "the form could not be read (files must be at most 10 MB)", "zh-CN": "无法读取表单（文件不得超过 10 MB）"} {
		c.Lang = lang
		ct, body := multipartForm(t, good, bytes.Repeat([]byte("x"), sqlite.MaxFileSize+2<<20))
		if res := c.post("/orgs/register", ct, body); res.Status != 422 || errorOf(res.Body) != want {
			t.Errorf("huge file (%s): %d %q", lang, res.Status, errorOf(res.Body))
		}
	}
	c.Lang = ""
	ct, body := multipartForm(t, good, []byte{})
	if res := c.post("/orgs/register", ct, body); res.Status != 422 || errorOf(res.Body) != "the file must be between 1 byte and 10 MB" {
		t.Errorf("empty file: %d %q", res.Status, errorOf(res.Body))
	}
	var n int
	ts.Store.DB().QueryRow(`SELECT count(*) FROM orgs`).Scan(&n)
	if n != 1 {
		t.Errorf("%d organisations after only bad submissions", n)
	}
}

// inviteLink returns the invitation link a page shows once, or "".
func inviteLink(t *testing.T, body string) string {
	t.Helper()
	return text(parseHTML(t, body).byID("invite-link"))
}

func TestInviteJoinAndRemove(t *testing.T) {
	ts := newServer(t)
	admin := sqlitetest.Org(t, ts.Store, ledger.OrgRecipient, "武汉市金银潭医院 Wuhan Jinyintan Hospital")
	ac := ts.as(admin)
	res := ac.submit("/org/invites", nil)
	link := inviteLink(t, res.Body)
	if res.Status != http.StatusOK || link == "" {
		t.Fatalf("invite: %d", res.Status)
	}
	// The link is shown once: reloading the page shows the members instead.
	if again := ac.get("/org/invites"); again.Status != http.StatusSeeOther || again.Location() != "/org/members" || strings.Contains(again.Body, link) {
		t.Errorf("invitation page reloaded: %d to %q", again.Status, again.Location())
	}

	// A stranger opens the link, signs up, and is staff at once.
	staff := ts.client()
	if res := staff.get(link); res.Status != http.StatusOK || !strings.Contains(res.Body, "Wuhan Jinyintan Hospital") {
		t.Fatalf("invite page: %d", res.Status)
	}
	checkFormErrors(t, staff, []formCase{{"invite signup bad e-mail", link + "/signup", url.Values{"email": {"nope"}, "password": {"long enough pw"}},
		422, "enter a valid e-mail address", "请输入有效的邮箱地址", ""}})
	res = staff.postForm(link+"/signup", url.Values{"email": {"nurse.li@example.test"}, "display_name": {"Li Na"}, "password": {"a nurse's password"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("signup by invite: %d %s", res.Status, errorOf(res.Body))
	}
	if res := staff.get("/account"); !strings.Contains(res.Body, "Wuhan Jinyintan Hospital") || !strings.Contains(res.Body, "Staff") {
		t.Error("the new account is not staff of the hospital")
	}
	// The link works once.
	if res := ts.client().get(link); res.Status != http.StatusNotFound {
		t.Errorf("used link: %d", res.Status)
	}
	if res := ts.as(sqlitetest.Donor(t, ts.Store)).postForm(link, nil); res.Status != http.StatusNotFound {
		t.Errorf("accepting a used link: %d", res.Status)
	}

	// A personal account accepts another link while signed in.
	donor := sqlitetest.Donor(t, ts.Store)
	dc := ts.as(donor)
	link2 := inviteLink(t, ac.submit("/org/invites", nil).Body)
	if res := dc.get(link2); parseHTML(t, res.Body).form(link2) == nil {
		t.Error("invite page offers no accept button to a personal account")
	}
	if res := dc.postForm(link2, nil); res.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", res.Status, errorOf(res.Body))
	}

	// The admin sees both, and removes the nurse: her session ends at once.
	page := ac.get("/org/members")
	if !strings.Contains(page.Body, "nurse.li@example.test") || !strings.Contains(page.Body, "Li Na") {
		t.Fatal("members page does not list the nurse")
	}
	var nurse int64
	ts.Store.DB().QueryRow(`SELECT id FROM users WHERE email = 'nurse.li@example.test'`).Scan(&nurse)
	if res := ac.postForm(fmt.Sprintf("/org/members/%d/remove", nurse), nil); res.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d %s", res.Status, errorOf(res.Body))
	}
	if res := staff.get("/account"); res.Status != http.StatusUnauthorized {
		t.Errorf("removed member's session: %d", res.Status)
	}
	staff.login("nurse.li@example.test", "a nurse's password")
	if res := staff.get("/account"); !strings.Contains(res.Body, "Personal account") {
		t.Error("a removed member signing in again still belongs to the hospital")
	}
	// The admin cannot remove themselves, nor anyone twice.
	for _, u := range []int64{admin.User, nurse} {
		if res := ac.postForm(fmt.Sprintf("/org/members/%d/remove", u), nil); res.Status != http.StatusForbidden {
			t.Errorf("removing user %d: %d", u, res.Status)
		}
	}
	// The members page was an access to personal data.
	var logged int
	ts.Store.DB().QueryRow(`SELECT count(*) FROM access_log WHERE viewer = ? AND what = ?`, admin.User, fmt.Sprintf("org:%d members", admin.Org)).Scan(&logged)
	if logged != 1 {
		t.Errorf("%d access log rows for the members page", logged)
	}
}
