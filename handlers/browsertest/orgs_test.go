package browsertest

// An organisation joins the platform as people do it: a person registers it
// with an evidence file, an auditor verifies it, its admin invites a staff
// member by a one-time link, the staff member joins on their own phone, and
// the admin removes them again, which signs them out.

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/chromedp"
)

func TestOrganisationRegistersInvitesAndRemovesStaff(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	txt := catalog(views.EN).Accounts
	zh := catalog(views.ZH).Accounts
	const orgName = "Hankou Community Clinic 汉口社区诊所"

	admin := newTab(t, a, "admin", desktop, views.EN)
	adminEmail := sqlitetest.Email("clinic")
	admin.signUp(adminEmail)
	admin.press(`main a[href="/orgs/register"]`)
	admin.fill(map[string]string{"#kind": ledger.OrgRecipient, "#name": orgName,
		"#registration_no": "12420100MB1234567X", "#contact": "front desk +86 27 8555 0000"})
	admin.do("attaching the evidence", chromedp.SetUploadFiles(chromedp.CSS("#evidence"), []string{evidenceFile(t)}))
	admin.press("main form button[type=submit]")
	admin.contains(txt.OrgRegistered, orgName, txt.StatusPending)

	// An auditor verifies it from the review queue.
	org := orgNamed(t, a, orgName)
	if org.EvidenceSHA256 == "" {
		t.Errorf("the registered organisation has no evidence hash")
	}
	auditor := as(t, a, sqlitetest.Auditor(t, a.Store), "auditor", phone, views.ZH)
	auditor.press(`nav.account a[href="/review"]`)
	auditor.contains(orgName)
	auditor.press(fmt.Sprintf(`form[action="/review/orgs/%d"] button[value=approve]`, org.ID))
	if got := orgNamed(t, a, orgName).Status; got != ledger.OrgVerified {
		t.Fatalf("after the auditor's approval the organisation is %q", got)
	}

	// The admin makes an invitation link; the new staff member opens it on
	// their phone, in Chinese, and signs up.
	admin.open("/account")
	admin.press(`main a[href="/org/members"]`)
	admin.press(`form[action="/org/invites"] button`)
	link := strings.TrimSpace(admin.text("#invite-link"))
	if !strings.HasPrefix(link, a.URL+"/invite/") {
		t.Fatalf("invitation link %q is not on this site", link)
	}
	staff := newTab(t, a, "staff", phone, views.ZH)
	staff.open(strings.TrimPrefix(link, a.URL))
	staff.contains(strings.Replace(zh.InviteJoinAs, "%s", orgName, 1))
	staff.press(`main a[href$="/signup"]`)
	staffEmail := sqlitetest.Email("nurse")
	staff.fill(map[string]string{"#email": staffEmail, "#display_name": "护士 Nurse Li", "#password": sqlitetest.Password})
	staff.press("main form button[type=submit]")
	staff.contains(zh.Joined, orgName)

	// The link worked once.
	other := newTab(t, a, "stranger", desktop, views.EN)
	if st := other.openStatus(strings.TrimPrefix(link, a.URL)); st != 404 {
		t.Errorf("a used invitation link answers %d, want 404", st)
	}

	// The admin sees the new member and removes them; their session ends.
	admin.open("/org/members")
	admin.contains(staffEmail)
	admin.press(`main form[action$="/remove"] button`)
	admin.contains(txt.MemberRemoved)
	admin.lacks(staffEmail)
	if st := staff.openStatus("/account"); st != 401 {
		t.Errorf("a removed member's next page answers %d, want 401 (signed out)", st)
	}
}

// signUp creates a personal account through the sign-up form.
func (p *tab) signUp(email string) {
	p.t.Helper()
	p.open("/signup")
	p.fill(map[string]string{"#email": email, "#password": sqlitetest.Password})
	p.press("main form button[type=submit]")
	if !strings.HasPrefix(p.path(), "/account") {
		p.t.Fatalf("%s: signing up as %s ended at %s", p.name, email, p.path())
	}
}

// orgNamed returns the organisation called name.
func orgNamed(t testing.TB, a *app, name string) *ledger.Org {
	t.Helper()
	orgs, err := a.Store.Orgs(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("no organisation called %q", name)
	return nil
}

// evidenceFile writes a small scanned-certificate PNG and returns its path.
func evidenceFile(t testing.TB) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 40, 20))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "licence.png")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
