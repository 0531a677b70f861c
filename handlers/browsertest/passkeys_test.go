package browsertest

// Party signatures in a real browser, with Chromium's virtual
// authenticator (a passkey with user verification, as a phone's
// fingerprint): a nurse enrols a passkey on a phone, the hospital's admin
// approves it, the nurse signs a pledge receipt after reading it in plain
// words, and the public trace shows the step signed. A passkey that cannot
// verify the user, a signature moved to another page (another origin), an
// assertion used twice and a revoked key are each refused.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/views"
	"github.com/chromedp/cdproto/cdp"
	cdpwebauthn "github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// addPasskeyDevice gives the tab a platform authenticator that verifies
// its user; it returns the authenticator's id.
func (p *tab) addPasskeyDevice() cdpwebauthn.AuthenticatorID {
	p.t.Helper()
	var id cdpwebauthn.AuthenticatorID
	p.do("adding a virtual authenticator", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, cdpwebauthn.Enable, cdpwebauthn.EnableParams{}); err != nil {
			return err
		}
		res, err := cdp.Call(ctx, tg, cdpwebauthn.AddVirtualAuthenticator, cdpwebauthn.AddVirtualAuthenticatorParams{
			Options: &cdpwebauthn.VirtualAuthenticatorOptions{Protocol: cdpwebauthn.AuthenticatorProtocolCtap2,
				Transport: cdpwebauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
				IsUserVerified: true, AutomaticPresenceSimulation: true}})
		id = res.AuthenticatorID
		return err
	}))
	return id
}

func (p *tab) setUserVerified(id cdpwebauthn.AuthenticatorID, ok bool) {
	p.t.Helper()
	p.do("setting user verification", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdpwebauthn.SetUserVerified, cdpwebauthn.SetUserVerifiedParams{AuthenticatorID: id, IsUserVerified: ok})
		return err
	}))
}

// captureSignatures keeps, in the tab's sessionStorage, the signature each
// signed form carries when it is submitted.
const captureSignatures = `(() => {
	const orig = HTMLFormElement.prototype.requestSubmit;
	HTMLFormElement.prototype.requestSubmit = function (s) {
		const i = this.querySelector('input[name=signature]');
		if (i) sessionStorage.setItem('sig', i.value);
		return orig.call(this, s);
	};
})()`

// postCaptured submits the receipt form on the page with the captured
// signature, changed by the JavaScript statements edit (on s), bypassing
// passkeys.js as a hostile client would; it returns the status.
func (p *tab) postCaptured(what, edit string) int64 {
	p.t.Helper()
	return p.load(what, 0, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const f = document.getElementById('receive-pledge-form');
		const s = JSON.parse(sessionStorage.getItem('sig'));
		const fresh = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
		const unb64 = v => atob(v.replace(/-/g, '+').replace(/_/g, '/'));
		const b64 = v => btoa(v).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
		%s;
		const i = document.createElement('input');
		i.type = 'hidden'; i.name = 'signature'; i.value = JSON.stringify(s);
		f.appendChild(i);
		f.submit();
	})()`, edit)))
}

func TestPasskeySignedReceipt(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := sqlitetest.Org(t, a.Store, ledger.OrgRecipient, "Jinyintan Hospital")
	nurse := sqlitetest.Staff(t, a.Store, admin)

	// The nurse enrols a passkey on a phone.
	phoneTab := as(t, a, nurse, "nurse", phone, views.EN)
	device := phoneTab.addPasskeyDevice()
	phoneTab.open("/account")
	phoneTab.press("#passkeys-link")
	phoneTab.load("enrolling a passkey", 200, phoneTab.click("#enrol-passkey"))
	if got := phoneTab.count("#own-keys li.key-pending"); got != 1 {
		t.Fatalf("after enrolment the nurse has %d pending passkeys (at %s)", got, phoneTab.path())
	}
	if phoneTab.overflowsX() {
		t.Errorf("the passkeys page overflows a phone's width")
	}
	enrolled := phoneTab.attr("#own-keys li.key-pending a", "href")

	// The admin approves it (no passkey of their own: unsigned, as marked).
	adminTab := as(t, a, admin, "admin", desktop, views.EN)
	adminTab.open("/account/keys")
	adminTab.press("#pending-keys form button[type=submit]")
	adminTab.contains(catalog(views.EN).Keys.Notices["approved"])

	// The nurse receives a pledge, reads the statement and signs it.
	pledge := pledgeToReceive(t, a, admin, "mask-surgical", 2000)
	phoneTab.open("/t/" + pledge + "/receive")
	phoneTab.do("capturing signatures", chromedp.Evaluate[chromedp.Void](captureSignatures))
	phoneTab.do("confirming the receipt", phoneTab.click("#receive-pledge-submit"), chromedp.WaitVisible(chromedp.CSS("#sign-confirm")))
	if s := phoneTab.text("#sign-statement"); !strings.Contains(s, "Jinyintan Hospital") || !strings.Contains(s, "2,000") {
		t.Errorf("the statement to sign reads %q", s)
	}
	phoneTab.load("signing with the passkey", 200, phoneTab.click("#sign-confirm"))
	lots := phoneTab.codesIn("#done-lots a")
	if len(lots) != 1 {
		t.Fatalf("the signed receipt made %d lots (at %s)", len(lots), phoneTab.path())
	}

	// The public trace says the step is signed, by whom and since which entry.
	public := newTab(t, a, "public", phone, views.EN)
	public.open("/t/" + lots[0])
	want := fmt.Sprintf(catalog(views.EN).Keys.SignedBy, "Jinyintan Hospital", mustIndex(t, enrolled))
	if got := public.texts("#lot-chain .sig.signed"); len(got) != 1 || !strings.Contains(got[0], want) {
		t.Errorf("the lot's chain shows signatures %q, want %q", got, want)
	}
	public.checkChain(a, "#lot-chain")
	public.open(fmt.Sprintf("/orgs/%d", admin.Org))
	if public.count("#org-keys tr.org-key") != 1 {
		t.Errorf("the hospital's page lists %d active keys, want 1", public.count("#org-keys tr.org-key"))
	}

	// Refusals. The server refuses the captured signature moved to another
	// receipt (used twice) and with its client data claiming another origin.
	other := pledgeToReceive(t, a, admin, "mask-surgical", 500)
	size := a.Store.Latest().Size
	phoneTab.open("/t/" + other + "/receive")
	phoneTab.postCaptured("replaying the signature", "")
	phoneTab.contains("this signature was already used")
	phoneTab.open("/t/" + other + "/receive")
	phoneTab.postCaptured("another origin", `s.nonce = fresh(); const cd = JSON.parse(unb64(s.client_data)); cd.origin = 'https://aidtrail.example.org'; s.client_data = b64(JSON.stringify(cd))`)
	phoneTab.contains("the signature was made on another web site")

	// A passkey that cannot verify its user signs nothing: the browser refuses.
	phoneTab.setUserVerified(device, false)
	phoneTab.open("/t/" + other + "/receive")
	phoneTab.do("confirming without user verification", phoneTab.click("#receive-pledge-submit"),
		chromedp.WaitVisible(chromedp.CSS("#sign-confirm")), phoneTab.click("#sign-confirm"))
	phoneTab.do("waiting for the refusal", chromedp.Poll[chromedp.Void](
		fmt.Sprintf(`document.getElementById('sign-status').innerText === %q`, catalog(views.EN).Keys.SignFailed)))
	phoneTab.setUserVerified(device, true)

	// Lost phone: the nurse revokes the key; its signatures are refused.
	phoneTab.open("/account/keys")
	phoneTab.press("#own-keys form button[type=submit]")
	phoneTab.open("/t/" + other + "/receive")
	phoneTab.postCaptured("signing with a revoked key", `s.nonce = fresh()`)
	phoneTab.contains("the signature is by a passkey that was revoked")
	if got := a.Store.Latest().Size; got != size+1 { // only the revocation
		t.Errorf("the refused signatures appended %d entries", got-size-1)
	}
}

func mustIndex(t *testing.T, href string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscanf(href, "/ledger/%d", &n); err != nil {
		t.Fatalf("bad entry link %q", href)
	}
	return n
}
