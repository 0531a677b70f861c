package browsertest

// More than needed, more than pledged: a donor pledging beyond what a need
// line still needs and a warehouse receiving beyond what was pledged see
// why on the form itself, beside the field, in their language, with what
// they typed kept; nothing is saved until they say so.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
)

// marked checks that the field sel is marked invalid and that the message
// beside it (its aria-describedby) contains want.
func (p *tab) marked(sel, want string) {
	p.t.Helper()
	if got := p.attr(sel, "aria-invalid"); got != "true" {
		p.t.Errorf("%s: %s is not marked invalid", p.name, sel)
	}
	id := p.attr(sel, "aria-describedby")
	if id == "" {
		p.t.Errorf("%s: %s names no message", p.name, sel)
		return
	}
	if got := p.text("#" + id); !strings.Contains(got, want) {
		p.t.Errorf("%s: beside %s: %q, want %q", p.name, sel, got, want)
	}
}

func TestOverPledgeAndOverReceiveShowOnTheForm(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	hospital := as(t, a, sqlitetest.Org(t, a.Store, ledger.OrgRecipient, "Wuchang Test Hospital 武昌测试医院"), "hospital", desktop, views.EN)
	needID := hospital.draftNeed("Masks", needLine{item: "mask-surgical", quantity: 8000, urgency: ledger.UrgencyHigh, place: "Wuchang"})
	as(t, a, sqlitetest.Auditor(t, a.Store), "auditor", desktop, views.EN).approveNeed(needID)
	pledges := func() (n int) {
		a.Store.DB().QueryRow(`SELECT count(*) FROM pledges`).Scan(&n)
		return n
	}

	// Pledging 50,000 against 8,000 still needed, in Chinese then English.
	for lang, want := range map[views.Lang]string{views.ZH: "比该行尚需的数量多 42,000 件", views.EN: "This is 42,000 pcs more than the line still needs."} {
		donor := as(t, a, sqlitetest.Donor(t, a.Store), "donor", phone, lang)
		donor.open(fmt.Sprintf("/pledge?need=%d", needID))
		donor.fill(map[string]string{"#need_line_1": "50000", "#handover": ledger.HandoverDropOff, "#due": time.Now().AddDate(0, 0, 3).Format("2006-01-02")})
		if status := donor.pressStatus("#pledge-submit"); status != 409 {
			t.Errorf("%s: a pledge beyond the need answered %d, want 409 and the form", lang.Code(), status)
		}
		donor.marked("#need_line_1", want)
		if v := donor.attr("#need_line_1", "value"); v != "50000" {
			t.Errorf("%s: the form lost the quantity typed: %q", lang.Code(), v)
		}
		if donor.count("#beyond_need") != 1 {
			t.Errorf("%s: the form offers no confirmation of the surplus", lang.Code())
		}
	}
	if n := pledges(); n != 0 {
		t.Fatalf("%d pledges saved beyond the need unconfirmed", n)
	}

	// A warehouse receiving 150 of a pledge of 100, in Chinese then English.
	wh := sqlitetest.Org(t, a.Store, ledger.OrgWarehouse, "Hankou Test Warehouse 汉口测试仓库")
	pl, err := a.Store.MakePledge(context.Background(), sqlitetest.Donor(t, a.Store), sqlite.PledgeInput{Kind: ledger.PledgeGoods,
		Handover: ledger.HandoverDropOff, Due: time.Now().Format(time.DateOnly), DeliverTo: wh.Org,
		Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: 100}}})
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[views.Lang]string{views.ZH: "该认捐尚待签收的只有 100 件，不是 150", views.EN: "only 100 pcs of this pledge are left to receive, not 150"} {
		staff := as(t, a, wh, "warehouse", phone, lang)
		staff.open("/t/" + pl.Code + "/receive")
		staff.fill(map[string]string{"#rp-quantity-0": "150"})
		if status := staff.pressStatus("#receive-pledge-submit"); status != 409 {
			t.Errorf("%s: receiving beyond the pledge answered %d, want 409 and the form", lang.Code(), status)
		}
		staff.marked("#rp-quantity-0", want)
		if v := staff.attr("#rp-quantity-0", "value"); v != "150" {
			t.Errorf("%s: the form lost the quantity typed: %q", lang.Code(), v)
		}
	}
	var received int64
	a.Store.DB().QueryRow(`SELECT coalesce(sum(quantity), 0) FROM lots WHERE pledge = ?`, pl.Code).Scan(&received)
	if received != 0 {
		t.Errorf("a refused receipt left %d received", received)
	}
}
