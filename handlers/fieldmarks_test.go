package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestEveryFormMarksItsField: the donor's pledge, the recipient's need,
// sign-up, organisation registration, the money desk (receipt, transfer
// confirmation) and a shipment's receipt, refused, come back with what was
// typed, the wrong field marked and the message beside it, in the reader's
// language.
func TestEveryFormMarksItsField(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	ctx := context.Background()
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	need := publishedNeed(t, s, hosp, sqlitetest.Auditor(t, s), "mask-surgical", 1000)
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(ledger.DateFormat)

	donor := ts.as(sqlitetest.Donor(t, s))
	pledge := url.Values{"need": {fmt.Sprint(need)}, "kind": {"goods"}, "need_line_1": {"100"}, "handover": {ledger.HandoverCourier}, "due": {yesterday}}
	donor.Lang = "zh-CN"
	refusedField(t, "pledge due yesterday (zh)", donor.postForm("/pledge", pledge), http.StatusUnprocessableEntity, "pledge-form", "due",
		fmt.Sprintf("日期 %s 须在今天至两年之内", yesterday), yesterday)
	donor.Lang = "en"
	pledge.Set("due", inDays(2))
	pledge.Set("need_line_1", "ten")
	refusedField(t, "pledge of 'ten'", donor.postForm("/pledge", pledge), http.StatusUnprocessableEntity, "pledge-form", "need_line_1",
		"line 1: the quantity must be between 1 and 100000000", "ten")

	hc := ts.as(hosp)
	nf := needForm("Ward supplies", "mask-surgical", 500)
	nf.Set("line_1_place", "x")
	refusedField(t, "need with a one-letter place", hc.postForm("/my/needs", nf), http.StatusUnprocessableEntity, "need-form", "line_1_place",
		"line 1: the delivery place (city and district) must be 2 to 80 characters", "x")
	nf = needForm("W", "mask-surgical", 500)
	refusedField(t, "need with a one-letter title", hc.postForm("/my/needs", nf), http.StatusUnprocessableEntity, "need-form", "title",
		"the title must be 2 to 120 characters", "W")

	anon := ts.client()
	refusedField(t, "sign-up with a bad address", anon.postForm("/signup", url.Values{"email": {"li@"}, "display_name": {"Li"}, "password": {"correct horse battery"}}),
		http.StatusUnprocessableEntity, "/signup", "email", "enter a valid e-mail address", "li@")
	newcomer := ts.as(sqlitetest.Donor(t, s))
	newcomer.Lang = "zh-CN"
	refusedField(t, "organisation with a one-letter name (zh)", newcomer.postForm("/orgs/register",
		url.Values{"kind": {ledger.OrgWarehouse}, "name": {"W"}, "registration_no": {"91420100"}, "contact": {"027-1234"}}),
		http.StatusUnprocessableEntity, "/orgs/register", "name", "机构名称须为 2 至 120 个字符", "W")

	// The money desk: a receipt with a bad amount; a transfer confirmed
	// short without a reason keeps the amount typed.
	money, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeMoney, Currency: "CNY", AmountMinor: 100000,
		Handover: ledger.HandoverTransfer, Due: inDays(3), DeliverTo: wh.Org})
	if err != nil {
		t.Fatal(err)
	}
	staff := ts.as(wh)
	receipt := url.Values{"nonce": {deskNonce(t, staff)}, "pledge": {money.Code}, "amount": {"12.345"}, "date": {yesterday}, "reference": {"ICBC 1"}}
	refusedField(t, "money receipt of 12.345 yuan", staff.postForm("/funds/receive", receipt), http.StatusUnprocessableEntity, "receive-money-form", "amount",
		"enter the amount as a number with at most 2 decimals", "12.345")
	lot, err := s.ReceiveMoney(ctx, wh, sqlite.MoneyReceiptInput{Pledge: money.Code, AmountMinor: 100000, Date: yesterday, Reference: "ICBC 1"}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Disburse(ctx, wh, sqlite.DisburseInput{Lot: lot, Amount: "300.00", To: hosp.Org}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	confirm := url.Values{"nonce": {deskNonce(t, hc)}, "lot": {lot}, "received": {"290.00"}, "reason": {""}, "note": {"fee?"}}
	res := hc.postForm(fmt.Sprintf("/funds/transfers/%d/confirm", id), confirm)
	refusedField(t, "transfer confirmed short without a reason", res, http.StatusUnprocessableEntity, fmt.Sprintf("confirm-transfer-%d", id), "reason",
		"give a reason for the difference in lot "+ledger.FormatCode(lot), "")
	if f := parseHTML(t, res.Body).byID(fmt.Sprintf("transfer-%d-received", id)); attr(f, "value") != "290.00" {
		t.Errorf("the refused transfer shows %q received, want what was typed", attr(f, "value"))
	}

	// A shipment received short without a reason.
	box := receiveLot(t, s, wh, 500)
	ship := dispatchLot(t, s, wh, box, 500, hosp.Org, 0)
	page := hc.get(fmt.Sprintf("/handoffs/%d", ship))
	res = hc.postForm(fmt.Sprintf("/handoffs/%d/receive", ship), url.Values{"nonce": {nonceOf(t, page.Body)}, "lot-0": {box}, "received-0": {"480"},
		"condition-0": {ledger.ConditionGood}, "reason-0": {""}, "note-0": {"two cartons short"}})
	refusedField(t, "shipment received short without a reason", res, http.StatusUnprocessableEntity, "receive-form", "reason-0",
		"give a reason for the difference in lot "+ledger.FormatCode(box), "")
	d := parseHTML(t, res.Body)
	if v := attr(d.byID("receive-received-0"), "value"); v != "480" {
		t.Errorf("the refused receipt shows %q received, want 480", v)
	}
	if v := attr(d.byID("receive-note-0"), "value"); v != "two cartons short" {
		t.Errorf("the refused receipt lost its note: %q", v)
	}
}

// TestPledgeLineErrorsMarkTheirInput: a pledge line the rules refuse (not
// the form's parsing) marks the input of that line, in the reader's
// language: a need line's quantity, a row's item.
func TestPledgeLineErrorsMarkTheirInput(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	hosp := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	need := publishedNeed(t, s, hosp, sqlitetest.Auditor(t, s), "mask-surgical", 1000)
	donor := ts.as(sqlitetest.Donor(t, s))
	for _, c := range []struct {
		lang, field, msg, kept string
		form                   url.Values
	}{
		{"en", "need_line_1", "line 1: the quantity must be between 1 and 100000000", "-3",
			url.Values{"need": {fmt.Sprint(need)}, "need_line_1": {"-3"}}},
		{"zh-CN", "need_line_1", "第 1 行：数量须在 1 至 100000000 之间", "-3",
			url.Values{"need": {fmt.Sprint(need)}, "need_line_1": {"-3"}}},
		{"en", "quantity_2", "line 2: the quantity must be between 1 and 100000000", "200000000",
			url.Values{"item_1": {"goggles"}, "quantity_1": {"5"}, "item_2": {"mask-surgical"}, "quantity_2": {"200000000"}, "deliver_to": {fmt.Sprint(wh.Org)}}},
		{"zh-CN", "item_3", "第 2 行：每种物品只能认捐一行", "goggles",
			url.Values{"item_1": {"goggles"}, "quantity_1": {"5"}, "item_3": {"goggles"}, "quantity_3": {"7"}, "deliver_to": {fmt.Sprint(wh.Org)}}},
		{"en", "item_1", `there is no item "tent-winter" in the catalogue`, "",
			url.Values{"item_1": {"tent-winter"}, "quantity_1": {"5"}, "deliver_to": {fmt.Sprint(wh.Org)}}},
	} {
		c.form.Set("kind", "goods")
		c.form.Set("handover", ledger.HandoverCourier)
		c.form.Set("due", inDays(2))
		donor.Lang = c.lang
		refusedField(t, c.lang+" pledge refused on "+c.field, donor.postForm("/pledge", c.form), http.StatusUnprocessableEntity, "pledge-form", c.field, c.msg, c.kept)
	}
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM pledges`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d pledges made by refused forms", n)
	}
}
