package browsertest

// Needs and pledges, clicked through: a hospital drafts and submits a needs
// list, an auditor publishes it, a donor signs up on a phone, pledges against
// it and gets the receipt with its QR code and secret; the board and the
// trace show the pledge, and the secret proves it is the donor's.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/chromedp"
)

func TestDonorPledgesAgainstPublishedNeed(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	hospital := as(t, a, sqlitetest.Org(t, a.Store, ledger.OrgRecipient, "Jiangan Test Hospital 江岸测试医院"), "hospital", desktop, views.EN)
	needID := hospital.draftNeed("ICU masks", needLine{item: "mask-medical-protective", spec: "GB 19083-2010, level 1", quantity: 2000, urgency: ledger.UrgencyCritical, place: "ICU, building 3"})

	auditor := as(t, a, sqlitetest.Auditor(t, a.Store), "auditor", phone, views.ZH)
	auditor.approveNeed(needID)

	donor := newTab(t, a, "donor", phone, views.ZH)
	email := sqlitetest.Email("giver")
	donor.signUp(email)
	code, secret := donor.pledgeToNeed(needID, 1, 500, "小林 Xiao Lin", 0)

	// The QR code on the receipt is a real image, and both downloads work.
	if w := run(donor, "measuring the QR image", chromedp.Evaluate[int](`document.getElementById('receipt-qr').naturalWidth`)); w == 0 {
		t.Errorf("the receipt's QR image did not load")
	}
	if href := donor.attr("#receipt-trace", "href"); !strings.HasSuffix(href, "/t/"+code) {
		t.Errorf("the receipt links to %s, want /t/%s", href, code)
	}
	for _, sel := range []string{"#qr-png", "#qr-svg"} {
		if st := donor.fetchStatus(donor.attr(sel, "href")); st != 200 {
			t.Errorf("QR download %s: status %d", sel, st)
		}
	}

	// The board shows the pledge against the line, for anyone.
	public := newTab(t, a, "public", desktop, views.EN)
	public.open("/needs")
	bar := fmt.Sprintf("#n%d-l1-pledged", needID)
	if got := public.attr(bar, "value"); got != "500" {
		t.Errorf("needs board: pledged bar of line 1 = %q, want 500", got)
	}
	public.contains("ICU masks")
	public.lacks(email)
	public.open("/t/" + code)
	public.contains(ledger.FormatCode(code), "小林 Xiao Lin") // named by choice
	public.lacks(email)

	// The donor's own list has it; the secret proves it is theirs.
	donor.open("/my/donations")
	if donor.count("#donation-"+code) != 1 {
		t.Errorf("my donations does not list %s", code)
	}
	public.open("/prove")
	public.fill(map[string]string{"#prove-code": code, "#prove-secret": secret})
	public.press("#prove-submit")
	if public.count("#prove-result.verified") != 1 {
		t.Errorf("the receipt's secret does not prove pledge %s", code)
	}
}

// needLine is one line of a needs list as a hospital types it.
type needLine struct {
	item, spec, urgency, place string
	quantity                   int64
}

// draftNeed drafts a needs list through the form, submits it for review
// and returns its id.
func (p *tab) draftNeed(title string, lines ...needLine) int64 {
	p.t.Helper()
	p.open("/my/needs")
	p.press("#new-need")
	f := map[string]string{"#need-title": title}
	deadline := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	for i, l := range lines {
		k := func(field string) string { return fmt.Sprintf("#line_%d_%s", i+1, field) }
		f[k("item")], f[k("spec")], f[k("quantity")] = l.item, l.spec, fmt.Sprint(l.quantity)
		f[k("urgency")], f[k("deadline")], f[k("place")] = l.urgency, deadline, l.place
	}
	p.fill(f)
	p.press("#save-need")
	var id int64
	if _, err := fmt.Sscanf(p.path(), "/my/needs/%d", &id); err != nil {
		p.t.Fatalf("%s: saving the need ended at %s", p.name, p.path())
	}
	p.press("#submit-need")
	p.contains(catalog(p.lang).Needs.Status(ledger.NeedStatusSubmitted))
	return id
}

// approveNeed approves need id from the auditor's review queue.
func (p *tab) approveNeed(id int64) {
	p.t.Helper()
	p.open("/review")
	p.press(fmt.Sprintf(`form[action="/needs/%d/review"] button[value=approve]`, id))
	p.open(fmt.Sprintf("/needs/%d", id))
	if p.count("#pledge-to-need") != 1 { // only a published need takes pledges
		p.t.Fatalf("%s: after approval need %d takes no pledges", p.name, id)
	}
}

// pledgeToNeed pledges quantity of need line `line` from the need's page,
// named as name (anonymous if ""), to be delivered to organisation to (0:
// the need's recipient), and returns the receipt's code and secret.
func (p *tab) pledgeToNeed(needID int64, line int, quantity int64, name string, to int64) (code, secret string) {
	p.t.Helper()
	p.open("/needs")
	p.press(fmt.Sprintf("#need-%d h2 a", needID))
	p.press("#pledge-to-need")
	p.fill(map[string]string{
		fmt.Sprintf("#need_line_%d", line): fmt.Sprint(quantity),
		"#handover":                        ledger.HandoverDropOff,
		"#due":                             time.Now().AddDate(0, 0, 3).Format("2006-01-02"),
	})
	if to != 0 {
		p.fill(map[string]string{"#deliver_to": fmt.Sprint(to)})
	}
	if name != "" { // else anonymous
		p.fill(map[string]string{"#display_name": name})
		p.do("choosing to be named", chromedp.Click(chromedp.CSS("#named")))
	}
	p.press("#pledge-submit")
	code, err := ledger.NormalizeCode(p.text("#receipt-code"))
	if err != nil {
		p.t.Fatalf("%s: the receipt's code: %v", p.name, err)
	}
	secret = strings.TrimSpace(p.text("#receipt-secret"))
	if code == "" || secret == "" {
		p.t.Fatalf("%s: the receipt shows no code or secret", p.name)
	}
	return code, secret
}

// fetchStatus GETs a URL of the app from the page (same cookies) and
// returns its status, without leaving the page.
func (p *tab) fetchStatus(url string) int {
	p.t.Helper()
	return run(p, "fetching "+url, chromedp.Evaluate[int](fmt.Sprintf(`fetch(%q).then(r => r.status)`, url),
		chromedp.EvalAwaitPromise))
}

// A large need is published only after a second, different auditor agrees
// (four eyes); the first cannot approve it twice.
func TestLargeNeedNeedsTwoAuditors(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	hospital := as(t, a, sqlitetest.Org(t, a.Store, ledger.OrgRecipient, "Wuchang Field Hospital 武昌方舱医院"), "hospital", desktop, views.EN)
	id := hospital.draftNeed("Masks for the field hospital", needLine{item: "mask-surgical", quantity: 50000, urgency: ledger.UrgencyHigh, place: "Hall A"})
	approve := fmt.Sprintf(`form[action="/needs/%d/review"] button[value=approve]`, id)

	first := as(t, a, sqlitetest.Auditor(t, a.Store), "auditor1", desktop, views.EN)
	first.open("/review")
	first.press(approve)
	first.open(fmt.Sprintf("/needs/%d", id))
	if first.count("#pledge-to-need") != 0 {
		t.Fatalf("a need of 50,000 was published after one auditor's approval")
	}
	first.open("/review")
	if first.count(approve) == 1 {
		if st := first.pressStatus(approve); st < 400 {
			t.Errorf("the same auditor approved need %d twice: status %d", id, st)
		}
	}

	second := as(t, a, sqlitetest.Auditor(t, a.Store), "auditor2", phone, views.ZH)
	second.open("/review")
	second.contains(catalog(views.ZH).Accounts.ReReview)
	second.approveNeed(id)
}
