package handlers_test

// A refused form is shown again with what was typed, the wrong field marked
// (aria-invalid, and the message beside it) and the message in the
// reader's language and words; dispatch sends a lot pledged against a need
// to that need's hospital unless told otherwise, and asks otherwise.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"golang.org/x/net/html"
)

// refusedField checks a refused form's page: status, the message at the
// top and beside field (in form formID), the field marked and kept.
func refusedField(t *testing.T, what string, res *response, status int, formID, field, msg, kept string) {
	t.Helper()
	if res.Status != status || errorOf(res.Body) != msg {
		t.Errorf("%s: %d %q, want %d %q", what, res.Status, errorOf(res.Body), status, msg)
		return
	}
	d := parseHTML(t, res.Body)
	f := d.first(func(n *html.Node) bool {
		return n.Data == "form" && (attr(n, "id") == formID || attr(n, "action") == formID)
	})
	if f == nil {
		t.Errorf("%s: the form %s is not shown again", what, formID)
		return
	}
	in := named(f, field)
	if attr(in, "aria-invalid") != "true" {
		t.Errorf("%s: field %s is not marked invalid", what, field)
	}
	if beside := d.byID(attr(in, "aria-describedby")); text(beside) != msg {
		t.Errorf("%s: beside %s: %q, want %q", what, field, text(beside), msg)
	}
	if kept != "" && attr(in, "value") != kept && selected(in) != kept {
		t.Errorf("%s: %s shows %q, want what was typed, %q", what, field, attr(in, "value"), kept)
	}
}

func TestFormErrorsKeepTheUserOnTheForm(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	ctx := context.Background()
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	sqlitetest.Org(t, s, ledger.OrgRecipient, "Tongji Hospital") // first by name: must not be preselected
	auditor := sqlitetest.Auditor(t, s)
	need := publishedNeed(t, s, hosp, auditor, "mask-surgical", 1000)
	pl, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeGoods, NeedID: need, Handover: ledger.HandoverDropOff, DeliverTo: wh.Org,
		Due: time.Now().Format(time.DateOnly), Lines: []sqlite.PledgeLineInput{{NeedLine: 1, Quantity: 500}}})
	if err != nil {
		t.Fatal(err)
	}
	codes, err := s.ReceivePledge(ctx, wh, pl.Code, []sqlite.LotInput{{Item: "mask-surgical", Quantity: 500, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	general := receiveLot(t, s, wh, 100)
	staff := ts.as(wh)

	// Dispatch: a lot from a pledge against a need goes to that need's
	// hospital by default; a general lot has nothing chosen.
	if got := selected(parseHTML(t, staff.get("/t/"+codes[0]).Body).byID("dispatch-to")); got != fmt.Sprint(hosp.Org) {
		t.Errorf("dispatch of a lot pledged to Union Hospital's need preselects %q, want %d", got, hosp.Org)
	}
	if got := selected(parseHTML(t, staff.get("/t/"+general).Body).byID("dispatch-to")); got != "" {
		t.Errorf("dispatch of a general lot preselects %q, want nothing", got)
	}

	for lang, want := range map[string]struct{ to, split, qty string }{
		"en":    {"choose where to send it", "12x must be a whole number", "enter a whole number, 0 or more"},
		"zh-CN": {"请选择收货方", "12x 必须是非负整数", "请输入 0 或更大的整数"},
	} {
		staff.Lang = lang
		res := staff.postForm("/t/"+general+"/dispatch", url.Values{"to": {""}, "quantity": {"40"}, "nonce": {sqlite.NewNonce()}})
		refusedField(t, lang+" dispatch without a receiver", res, http.StatusUnprocessableEntity, "dispatch-form", "to", want.to, "")
		if q := attr(named(parseHTML(t, res.Body).byID("dispatch-form"), "quantity"), "value"); q != "40" {
			t.Errorf("%s: the quantity typed is not kept: %q", lang, q)
		}
		res = staff.postForm("/t/"+general+"/split", url.Values{"quantities": {"10 12x"}, "nonce": {sqlite.NewNonce()}})
		refusedField(t, lang+" split with letters", res, http.StatusUnprocessableEntity, "split-form", "quantities", want.split, "10 12x")

		// The pledge's receipt form: the message in words, never the
		// field's internal name.
		p2, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff, DeliverTo: wh.Org,
			Due: time.Now().Format(time.DateOnly), Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: 50}}})
		if err != nil {
			t.Fatal(err)
		}
		res = staff.postForm("/t/"+p2.Code+"/receive", url.Values{"item-0": {"mask-surgical"}, "quantity-0": {"fifty"}, "nonce": {sqlite.NewNonce()}})
		refusedField(t, lang+" receipt with a word for a number", res, http.StatusUnprocessableEntity, "receive-pledge-form", "quantity-0", want.qty, "fifty")
		if strings.Contains(errorOf(res.Body), "quantity-0") {
			t.Errorf("%s: the message names the field: %q", lang, errorOf(res.Body))
		}
	}

	// An auditor rejecting without a reason stays on the queue's form.
	other := sqlitetest.Org(t, s, ledger.OrgRecipient, "Hankou Hospital")
	id, err := s.CreateNeed(ctx, other, sqlite.NeedInput{Title: "Gloves", Lines: []ledger.NeedLine{
		{Item: "gloves-exam", Quantity: 100, Urgency: ledger.UrgencyHigh, Deadline: inDays(5), Place: "Hankou"}}})
	if err == nil {
		err = s.SubmitNeed(ctx, other, id)
	}
	if err != nil {
		t.Fatal(err)
	}
	ac := ts.as(auditor)
	action := fmt.Sprintf("/needs/%d/review", id)
	for lang, want := range map[string]string{"en": "give a reason for the rejection (2 to 500 characters)", "zh-CN": "请填写驳回理由（2 至 500 个字符）"} {
		ac.Lang = lang
		res := ac.postForm(action, url.Values{"decision": {ledger.Reject}, "reason": {"x"}, "nonce": {sqlite.NewNonce()}})
		refusedField(t, lang+" reject without a reason", res, http.StatusUnprocessableEntity, action, "reason", want, "x")
	}
	if n, err := s.NeedPage(ctx, auditor, id); err != nil || n.Need.Status != ledger.NeedStatusSubmitted {
		t.Errorf("the refused rejection changed the need: %v %v", n, err)
	}
}
