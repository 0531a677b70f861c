package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
)

func inDays(n int) string { return time.Now().UTC().AddDate(0, 0, n).Format(ledger.DateFormat) }

// needForm is a need form with the given rows of item and quantity.
func needForm(title string, rows ...any) url.Values {
	f := url.Values{"title": {title}}
	for i := 0; i < len(rows); i += 2 {
		p := fmt.Sprintf("line_%d_", i/2+1)
		f.Set(p+"item", rows[i].(string))
		f.Set(p+"quantity", fmt.Sprint(rows[i+1]))
		f.Set(p+"urgency", ledger.UrgencyHigh)
		f.Set(p+"deadline", inDays(10))
		f.Set(p+"place", "Wuhan, Jiang'an")
	}
	return f
}

// publishedNeed makes a need of rec's organisation and has an auditor publish it.
func publishedNeed(t *testing.T, s *sqlite.Store, rec, auditor ledger.Member, item string, qty int64) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateNeed(ctx, rec, sqlite.NeedInput{Title: "Ward supplies", Lines: []ledger.NeedLine{
		{Item: item, Quantity: qty, Urgency: ledger.UrgencyCritical, Deadline: inDays(5), Place: "Wuhan, Hongshan"}}})
	if err == nil {
		err = s.SubmitNeed(ctx, rec, id)
	}
	if err == nil {
		err = s.ReviewNeed(ctx, auditor, id, ledger.Approve, "")
	}
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var recipientRoles = []string{orgRole(ledger.RoleAdmin, ledger.OrgRecipient), orgRole(ledger.RoleStaff, ledger.OrgRecipient)}

var _ = addMatrixRows(
	matrixRow{
		Name: "create need",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/my/needs", needForm("Masks", "mask-surgical", 100)
		},
		Allowed: append(recipientRoles, roleOtherAdmin),
		State:   []string{`SELECT count(*) FROM needs`},
		Changes: true,
	},
	matrixRow{
		Name: "submit need",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			id, err := w.Store.CreateNeed(context.Background(), w.Members[recipientRoles[0]], sqlite.NeedInput{Title: "Gloves", Lines: []ledger.NeedLine{
				{Item: "gloves-exam", Quantity: 10, Urgency: ledger.UrgencyNormal, Deadline: inDays(3), Place: "Wuhan"}}})
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/my/needs/%d/submit", id), nil
		},
		Allowed: recipientRoles,
		State:   []string{`SELECT group_concat(status) FROM needs`},
		Changes: true,
	},
	matrixRow{
		Name: "update need",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			id := publishedNeed(t, w.Store, w.Members[recipientRoles[0]], w.Members[roleAuditor], "goggles", 50)
			f := needForm("Goggles, fewer", "goggles", 40)
			f.Set("line_1_no", "1")
			return fmt.Sprintf("/my/needs/%d/update", id), f
		},
		Allowed: recipientRoles,
		State:   []string{`SELECT group_concat(quantity) FROM need_lines`},
		Changes: true,
	},
	matrixRow{
		Name: "close need",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			id := publishedNeed(t, w.Store, w.Members[recipientRoles[0]], w.Members[roleAuditor], "tent", 5)
			return fmt.Sprintf("/my/needs/%d/close", id), url.Values{"reason": {"the city sent tents"}}
		},
		Allowed: recipientRoles,
		State:   []string{`SELECT group_concat(status) FROM needs`},
		Changes: true,
	},
	matrixRow{
		Name: "review need",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			rec := w.Members[recipientRoles[0]]
			id, err := w.Store.CreateNeed(context.Background(), rec, sqlite.NeedInput{Title: "Water", Lines: []ledger.NeedLine{
				{Item: "drinking-water", Quantity: 100, Urgency: ledger.UrgencyNormal, Deadline: inDays(3), Place: "Wuhan"}}})
			if err == nil {
				err = w.Store.SubmitNeed(context.Background(), rec, id)
			}
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/needs/%d/review", id), url.Values{"decision": {ledger.Approve}}
		},
		Allowed: []string{roleAuditor, rolePlatformAdmin},
		State:   []string{`SELECT count(*) FROM reviews`},
		Changes: true,
	},
	matrixRow{
		Name: "pledge",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			id := publishedNeed(t, w.Store, w.Members[recipientRoles[0]], w.Members[roleAuditor], "mask-surgical", 1000)
			return "/pledge", url.Values{"need": {fmt.Sprint(id)}, "kind": {"goods"}, "need_line_1": {"10"}, "handover": {ledger.HandoverCourier}, "due": {inDays(2)},
				"deliver_to": {fmt.Sprint(w.Members[recipientRoles[0]].Org)}}
		},
		Allowed: []string{roleDonor, orgRole(ledger.RoleAdmin, ledger.OrgDonor), orgRole(ledger.RoleStaff, ledger.OrgDonor)},
		State:   []string{`SELECT count(*) FROM pledges`},
		Changes: true,
	},
	matrixRow{
		Name: "cancel pledge",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			rc, err := w.Store.MakePledge(context.Background(), w.Members[roleDonor], sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff, Due: inDays(1),
				Lines: []sqlite.PledgeLineInput{{Item: "blanket", Quantity: 3}}, DeliverTo: w.admin(ledger.OrgWarehouse).Org})
			if err != nil {
				t.Fatal(err)
			}
			return "/my/donations/" + rc.Code + "/cancel", nil
		},
		Allowed: []string{roleDonor},
		State:   []string{`SELECT group_concat(status) FROM pledges`},
		Changes: true,
	},
	matrixRow{
		Name: "add catalogue item",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/catalogue", url.Values{"id": {"gown-" + strings.ReplaceAll(strings.ReplaceAll(role, ":", "-"), "_", "-")}, "name_en": {"Isolation gown"}, "name_zh": {"隔离衣"}, "unit": {"pcs"}}
		},
		Allowed: []string{roleAuditor, rolePlatformAdmin},
		State:   []string{`SELECT count(*) FROM items`},
		Changes: true,
	},
)

// TestNeedToPledgeFlow: a recipient drafts and submits a need, an auditor
// publishes it, a donor pledges against it and gets a receipt with its QR
// codes; the board, the need page and their JSON show the pledge and the
// gap; the secret proves the pledge; another donor cannot see or cancel it.
func TestNeedToPledgeFlow(t *testing.T) {
	ts := newServer(t, func(c *handlers.Config) { c.BaseURL = "https://aidtrail.example" })
	s := ts.Store
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital")
	hospital := ts.as(rec)
	res := hospital.postForm("/my/needs", needForm("ICU week 6", "mask-medical-protective", 2000, "goggles", 300))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create need: %d %s", res.Status, errorOf(res.Body))
	}
	needPath := strings.TrimSuffix(res.Location(), "?n=saved")
	id := strings.TrimPrefix(needPath, "/my/needs/")
	if res := ts.client().get("/needs/" + id); res.Status != http.StatusNotFound {
		t.Errorf("a draft is public: %d", res.Status)
	}
	if res := hospital.postForm(needPath+"/submit", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.Status, errorOf(res.Body))
	}
	auditor := ts.as(sqlitetest.Auditor(t, s))
	if res := auditor.get("/review"); !strings.Contains(res.Body, "ICU week 6") || parseHTML(t, res.Body).form("/needs/"+id+"/review") == nil {
		t.Errorf("review queue does not list the need: %d", res.Status)
	}
	if res := auditor.postForm("/needs/"+id+"/review", url.Values{"decision": {"approve"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.Status, errorOf(res.Body))
	}

	donor := sqlitetest.User(t, s, sqlite.NewUser{Email: sqlitetest.Email("zhang"), Role: ledger.RoleDonor, DisplayName: "Zhang Wei Private"})
	dc := ts.as(donor)
	if res := dc.get("/pledge?need=" + id); res.Status != http.StatusOK || !parseHTML(t, res.Body).has("need_line_1") {
		t.Fatalf("pledge form: %d", res.Status)
	}
	bad := dc.postForm("/pledge", url.Values{"need": {id}, "kind": {"goods"}, "need_line_1": {"-3"}, "handover": {ledger.HandoverCourier}, "due": {inDays(2)}})
	if bad.Status != http.StatusUnprocessableEntity || errorOf(bad.Body) == "" || attr(parseHTML(t, bad.Body).byID("need_line_1"), "value") != "-3" {
		t.Errorf("negative quantity: %d %q", bad.Status, errorOf(bad.Body))
	}
	pledge := url.Values{"need": {id}, "kind": {"goods"}, "need_line_1": {"500"}, "need_line_2": {"300"}, "handover": {ledger.HandoverCourier}, "due": {inDays(2)},
		"nonce": {"pledge-form-key-0001"}}
	res = dc.submit("/pledge", pledge)
	if res.Status != http.StatusOK {
		t.Fatalf("pledge: %d %s", res.Status, errorOf(res.Body))
	}
	receipt := parseHTML(t, res.Body)
	secret := text(receipt.byID("receipt-secret"))
	if secret == "" {
		t.Fatalf("receipt without a secret:\n%s", res.Body)
	}
	code, err := ledger.NormalizeCode(text(receipt.byID("receipt-code")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Body, "https://aidtrail.example/t/"+code) {
		t.Error("the receipt does not show the absolute trace URL")
	}
	// The receipt has its own URL; reloading it shows the pledge without
	// the secret (shown once), and sending the form again (a reload of the
	// POST, the back button) pledges nothing more and leads there too.
	if res.Via != "/my/donations/"+code {
		t.Errorf("the pledge led to %q, want its own page", res.Via)
	}
	if again := dc.get(res.Via); again.Status != http.StatusOK || strings.Contains(again.Body, secret) {
		t.Errorf("receipt reloaded: %d, secret shown again: %v", again.Status, strings.Contains(again.Body, secret))
	}
	if again := dc.postForm("/pledge", pledge); again.Status != http.StatusSeeOther || again.Location() != res.Via {
		t.Errorf("pledge form sent again: %d to %q", again.Status, again.Location())
	}
	if ps, err := s.MyPledges(t.Context(), donor); err != nil || len(ps) != 1 {
		t.Errorf("%d pledges after sending the form twice (%v), want 1", len(ps), err)
	}
	qr := dc.get("/t/" + code + "/qr.png")
	if img, err := png.Decode(strings.NewReader(qr.Body)); err != nil || qr.Header.Get("Content-Type") != "image/png" || img.Bounds().Dx() < 100 {
		t.Errorf("QR PNG: %v %s", err, qr.Header.Get("Content-Type"))
	}
	if svg := dc.get("/t/" + code + "/qr.svg"); !strings.HasPrefix(svg.Body, "<svg") || !strings.HasPrefix(attr(parseHTML(t, svg.Body).first(is("path")), "d"), "M") {
		t.Errorf("QR SVG: %.80s", svg.Body)
	}

	// The board and the need page show the pledge, the gap, and the same in JSON.
	pub := ts.client()
	board := pub.get("/needs")
	if !strings.Contains(board.Body, "ICU week 6") || !parseHTML(t, board.Body).has("gap-"+code) || !strings.Contains(board.Body, "500 of 2,000 pcs (25%)") {
		t.Errorf("the board does not show the pledge:\n%s", board.Body)
	}
	var bj struct {
		Needs []struct {
			ID    int64 `json:"id"`
			Lines []struct {
				Line     int   `json:"line"`
				Quantity int64 `json:"quantity"`
				Progress struct {
					Pledged, Received int64
				} `json:"progress"`
				Gap int64 `json:"pledged_not_received"`
			} `json:"lines"`
		} `json:"needs"`
		Unreceived []struct {
			Code      string `json:"code"`
			Anonymous bool   `json:"anonymous"`
		} `json:"unreceived_pledges"`
	}
	for _, get := range []func() *response{
		func() *response { return pub.get("/needs.json") },
		func() *response {
			req, _ := http.NewRequest(http.MethodGet, ts.URL+"/needs", nil)
			req.Header.Set("Accept", "application/json")
			return pub.do(req)
		},
	} {
		r := get()
		if err := json.Unmarshal([]byte(r.Body), &bj); err != nil {
			t.Fatalf("board JSON: %v: %s", err, r.Body)
		}
		if len(bj.Needs) != 1 || bj.Needs[0].Lines[0].Progress.Pledged != 500 || bj.Needs[0].Lines[1].Gap != 300 ||
			len(bj.Unreceived) != 1 || bj.Unreceived[0].Code != code || !bj.Unreceived[0].Anonymous {
			t.Errorf("board JSON: %s", r.Body)
		}
	}
	if r := pub.get("/needs/" + id + ".json"); !strings.Contains(r.Body, `"pledged":500`) || !strings.Contains(r.Body, `"pledges_not_received":1,`) {
		t.Errorf("need JSON: %s", r.Body)
	}
	zh := ts.client()
	zh.Lang = "zh-CN"
	if r := zh.get("/needs/" + id); !strings.Contains(r.Body, "已认捐") || !strings.Contains(r.Body, "已承诺、未到货") {
		t.Error("the need page is not in Chinese for a Chinese reader")
	}
	if r := pub.get("/needs?item=tent"); !parseHTML(t, r.Body).has("no-needs") {
		t.Error("the item filter does not filter")
	}
	if r := pub.get("/needs?place=jiang"); parseHTML(t, r.Body).has("no-needs") {
		t.Error("the place filter does not match part of the place")
	}
	tr := pub.get("/t/" + code)
	trace := parseHTML(t, tr.Body)
	if tr.Status != http.StatusOK || !slices.Contains(trace.texts(is("span", "type")), views.EntryTypeIn(views.EN, ledger.TypePledgeMade)) || !trace.has("pledge-status") {
		t.Errorf("trace: %d", tr.Status)
	}
	if r := pub.get("/t/" + strings.ToLower(ledger.FormatCode(code))); r.Status != http.StatusMovedPermanently || r.Location() != "/t/"+code {
		t.Errorf("loosely typed code: %d %s", r.Status, r.Location())
	}

	// Prove it's mine: the secret proves this pledge only.
	if r := pub.postForm("/prove", url.Values{"code": {ledger.FormatCode(code)}, "secret": {secret}}); !hasClass(parseHTML(t, r.Body).byID("prove-result"), "verified") {
		t.Errorf("prove with the right secret: %d", r.Status)
	}
	if r := pub.postForm("/prove", url.Values{"code": {code}, "secret": {"AAAA-BBBB"}}); !hasClass(parseHTML(t, r.Body).byID("prove-result"), "unverified") {
		t.Errorf("prove with a wrong secret: %d", r.Status)
	}

	// My donations; another donor can neither see nor cancel it.
	if r := dc.get("/my/donations"); !parseHTML(t, r.Body).has("donation-" + code) {
		t.Error("my donations does not list the pledge")
	}
	other := ts.as(sqlitetest.Donor(t, s))
	if r := other.get("/my/donations/" + code); r.Status != http.StatusForbidden {
		t.Errorf("another donor sees the pledge: %d", r.Status)
	}
	if r := other.postForm("/my/donations/"+code+"/cancel", nil); r.Status != http.StatusForbidden {
		t.Errorf("another donor cancels the pledge: %d", r.Status)
	}
	if r := dc.postForm("/my/donations/"+code+"/cancel", url.Values{"reason": {"sent elsewhere"}}); r.Status != http.StatusSeeOther {
		t.Errorf("cancel: %d %s", r.Status, errorOf(r.Body))
	}
	if r := pub.get("/needs.json"); strings.Contains(r.Body, code) || !strings.Contains(r.Body, `"pledged":0`) {
		t.Errorf("after cancelling, the board still counts the pledge: %s", r.Body)
	}
}

// TestPledgePrivacy: no e-mail, phone, account name or anonymous donor's
// name (person or company) on any public page or JSON; a named donor's
// chosen name is shown.
func TestPledgePrivacy(t *testing.T) {
	ts := newServer(t)
	s := ts.Store
	ctx := context.Background()
	rec := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	id := publishedNeed(t, s, rec, sqlitetest.Auditor(t, s), "mask-surgical", 5000)
	anonEmail, namedEmail := sqlitetest.Email("li.secret"), sqlitetest.Email("wang.public")
	anon := sqlitetest.User(t, s, sqlite.NewUser{Email: anonEmail, Role: ledger.RoleDonor, DisplayName: "Li Secretname"})
	named := sqlitetest.User(t, s, sqlite.NewUser{Email: namedEmail, Role: ledger.RoleDonor, DisplayName: "Wang Accountname"})
	company := sqlitetest.Org(t, s, ledger.OrgDonor, "Hidden Benefactor Ltd")
	pledge := func(m ledger.Member, named bool, name string) string {
		rc, err := s.MakePledge(ctx, m, sqlite.PledgeInput{Kind: ledger.PledgeGoods, NeedID: id, Named: named, DisplayName: name,
			Handover: ledger.HandoverCourier, Due: inDays(3), Lines: []sqlite.PledgeLineInput{{NeedLine: 1, Quantity: 100}}})
		if err != nil {
			t.Fatal(err)
		}
		return rc.Code
	}
	codes := []string{pledge(anon, false, "Li Typed But Unticked"), pledge(named, true, "The Wang Family"), pledge(company, false, "")}
	if _, err := s.MakePledge(ctx, company, sqlite.PledgeInput{Kind: ledger.PledgeMoney, NeedID: id, Currency: "CNY", AmountMinor: 1000000,
		Handover: ledger.HandoverTransfer, Due: inDays(3)}); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/", "/needs", "/needs.json", fmt.Sprintf("/needs/%d", id), fmt.Sprintf("/needs/%d.json", id), "/ledger", "/data/entries.jsonl"}
	for _, c := range codes {
		pages = append(pages, "/t/"+c)
	}
	for i := int64(0); i < s.Latest().Size; i++ {
		pages = append(pages, fmt.Sprintf("/ledger/%d", i), fmt.Sprintf("/ledger/%d.json", i))
	}
	secrets := []string{anonEmail, namedEmail, "Li Secretname", "Li Typed", "Wang Accountname", "+86 27", "0000 0000"}
	pub := ts.client()
	sawNamed := false
	for _, p := range pages {
		r := pub.get(p)
		if r.Status != http.StatusOK {
			t.Errorf("%s: %d", p, r.Status)
		}
		for _, secret := range secrets {
			if strings.Contains(r.Body, secret) {
				t.Errorf("%s shows %q", p, secret)
			}
		}
		if strings.Contains(p, "/needs") || strings.HasPrefix(p, "/t/") {
			if strings.Contains(r.Body, "Hidden Benefactor") {
				t.Errorf("%s names the anonymous donor company", p)
			}
		}
		sawNamed = sawNamed || strings.Contains(r.Body, "The Wang Family")
	}
	if !sawNamed {
		t.Error("the named donor's chosen name is shown nowhere")
	}
	// The ledger's pledge entries carry no actor: only the pseudonymous handle.
	rows, err := s.DB().Query(`SELECT data FROM entries WHERE type = 'pledge.made'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var data []byte
		rows.Scan(&data)
		e, err := ledger.Decode(data)
		if err != nil || e.Actor != (ledger.Actor{}) || !strings.Contains(string(data), `"donor":"d-`) {
			t.Errorf("pledge entry %s", data)
		}
	}
}
