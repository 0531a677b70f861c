package handlers_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/passkey"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
	"golang.org/x/net/html"
)

// TestSignedCorrectionMarks: in the demo, Jinyintan Hospital (which
// requires signatures) corrects a use with one signature; its corrective
// use is marked signed with that correction on the lot's trace and on its
// entry page, not "recorded by the platform"; the declaration is marked
// signed as any other entry.
func TestSignedCorrectionMarks(t *testing.T) {
	ts := newServer(t)
	_, c := seedDemoCustody(t, ts.Store)
	decl, use := c.CorrectedSigned+1, c.CorrectedSigned+2
	with := fmt.Sprintf("with the correction in entry #%d", decl)
	// marks returns the signature marks of the page's rows that link to entry index.
	marks := func(path string, index int64) []string {
		t.Helper()
		_, body := get(t, ts.Server, path, "Accept-Language", "en")
		var out []string
		for _, n := range parseHTML(t, body).all(func(n *html.Node) bool { return n.Data == "span" && hasClass(n, "sig") }) {
			out = append(out, text(n))
		}
		if path == "/ledger/"+strconv.FormatInt(index, 10) {
			return out[:1]
		}
		return out
	}
	if m := marks(fmt.Sprintf("/ledger/%d", use), use); !strings.Contains(m[0], "Jinyintan Hospital") || !strings.Contains(m[0], with) {
		t.Errorf("entry page of the corrective use: %q, want signed by Jinyintan %s", m, with)
	}
	if m := marks(fmt.Sprintf("/ledger/%d", decl), decl); strings.Contains(m[0], "correction in entry") || !strings.Contains(m[0], "signed by a key of") || !strings.Contains(m[0], "Jinyintan Hospital") {
		t.Errorf("entry page of the declaration: %q", m)
	}
	trace := strings.Join(marks("/t/"+c.Lots["n95-jinyintan"], use), "\n")
	if !strings.Contains(trace, with) {
		t.Errorf("trace of the lot:\n%s", trace)
	}
}

// seedDemoCustody seeds the demo's world, needs and custody story.
func seedDemoCustody(t *testing.T, s *sqlite.Store) (*demo.World, *demo.CustodyScenario) {
	t.Helper()
	ctx := context.Background()
	w, err := demo.SeedWorld(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedNeeds(ctx, s, w); err != nil {
		t.Fatal(err)
	}
	c, err := demo.SeedCustody(ctx, s, w)
	if err != nil {
		t.Fatal(err)
	}
	return w, c
}

// TestSignedCorrectionOverHTTP: a nurse of a hospital that requires
// signatures corrects a use through the correction form as passkeys.js
// does it: the prepare request answers the statement in plain words (the
// declaration and the corrective use) and the challenge; the form sent
// with the software passkey's assertion appends both entries, the
// declaration signed. The same form unsigned is refused in the nurse's
// language.
func TestSignedCorrectionOverHTTP(t *testing.T) {
	ctx := context.Background()
	ts := newServer(t, func(c *handlers.Config) { c.BaseURL = "http://localhost" })
	s := ts.Store
	admin := sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital")
	nurse := sqlitetest.Staff(t, s, admin)
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	keyOf := func(m ledger.Member) *passkey.Passkey {
		p, err := passkey.New("localhost", "http://localhost", webauthncose.AlgES256)
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.EnrolKey(ctx, m, p.CredentialID, p.Enrolment(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		p.Enrolled = a.Index
		return p
	}
	nk, ak := keyOf(nurse), keyOf(admin)
	must(t, func() error { _, err := s.ApproveKey(ctx, admin, nk.ID()); return err }())
	must(t, func() error { _, err := s.ApproveKey(ctx, nurse, ak.ID()); return err }())
	must(t, func() error { _, err := s.SetSignaturePolicy(ctx, admin, true); return err }())
	r, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverCourier, DeliverTo: wh.Org,
		Due: time.Now().UTC().AddDate(0, 0, 3).Format(ledger.DateFormat), Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.HandOnPledge(ctx, wh, r.Code, admin.Org, ""))
	var lots []string
	must(t, nk.SignedWrite(ctx, nk.Enrolled, passkey.Options{}, func(ctx context.Context) (err error) {
		lots, err = s.ReceivePledge(ctx, nurse, r.Code, []sqlite.LotInput{{Item: "mask-surgical", Quantity: 1000, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
		return err
	}))
	var wrong int64
	must(t, nk.SignedWrite(ctx, nk.Enrolled, passkey.Options{}, func(ctx context.Context) (err error) {
		wrong, err = s.UseLot(ctx, nurse, sqlite.FinalInput{Lot: lots[0], Quantity: 500, Use: "ICU ward 3", Date: time.Now().UTC().Format(ledger.DateFormat)}, sqlite.NewNonce())
		return err
	}))

	c := ts.as(nurse)
	c.Lang = "en"
	path := "/t/" + lots[0] + "/correct"
	form := url.Values{"entry": {fmt.Sprint(wrong)}, "reason": {"typed 500 for 50"}, "quantity": {"50"}, "nonce": {sqlite.NewNonce()}}
	if res := c.postForm(path, form); res.Status == http.StatusSeeOther || !strings.Contains(res.Body, "requires a passkey signature") {
		t.Fatalf("unsigned correction: status %d, %.300s", res.Status, res.Body)
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Aidtrail-Sign", "prepare")
	res := c.do(req)
	var st struct {
		Text, Issued, Nonce string
		Options             struct {
			Challenge string `json:"challenge"`
		} `json:"options"`
	}
	if err := json.Unmarshal([]byte(res.Body), &st); err != nil || res.Status != http.StatusOK {
		t.Fatalf("prepare: status %d, %v: %s", res.Status, err, res.Body)
	}
	if !strings.Contains(st.Text, "typed 500 for 50") || !strings.Contains(st.Text, "; and with it:") {
		t.Errorf("the statement in plain words does not show the corrective use: %q", st.Text)
	}
	challenge, err := base64.RawURLEncoding.DecodeString(st.Options.Challenge)
	if err != nil {
		t.Fatal(err)
	}
	authData, clientData, sig, err := nk.Assert(challenge, passkey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	assertion, _ := json.Marshal(map[string]string{"id": b64(nk.CredentialID), "issued": st.Issued, "nonce": st.Nonce,
		"auth_data": b64(authData), "client_data": b64(clientData), "sig": b64(sig)})
	form.Set("signature", string(assertion))
	if res := c.postForm(path, form); res.Status != http.StatusSeeOther {
		t.Fatalf("signed correction: status %d, %.500s", res.Status, res.Body)
	}
	var data [2][]byte
	for i := range data {
		if err := s.DB().QueryRow(`SELECT data FROM entries WHERE idx = ?`, wrong+1+int64(i)).Scan(&data[i]); err != nil {
			t.Fatal(err)
		}
	}
	decl, redo := string(data[0]), string(data[1])
	if !strings.Contains(decl, `"type":"entry.corrected"`) || !strings.Contains(decl, `"sigs":[`) ||
		!strings.Contains(redo, `"type":"lot.used"`) || !strings.Contains(redo, `"quantity":50`) || strings.Contains(redo, `"sigs"`) {
		t.Fatalf("appended:\n%s\n%s", decl, redo)
	}
}
