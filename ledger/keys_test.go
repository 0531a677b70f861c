package ledger_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/passkey"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

const (
	rpID   = "localhost"
	origin = "http://localhost:8080"
)

func newPasskey(t *testing.T, alg webauthncose.COSEAlgorithmIdentifier) *passkey.Passkey {
	t.Helper()
	p, err := passkey.New(rpID, origin, alg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// step runs Keys.Step and applies it, failing the test on error.
func step(t *testing.T, k *ledger.Keys, index int64, actor ledger.Actor, body ledger.Body) {
	t.Helper()
	if err := body.Validate(); err != nil {
		t.Fatalf("entry %d: %v", index, err)
	}
	st, err := k.Step(index, actor, body)
	if err != nil {
		t.Fatalf("entry %d: %v", index, err)
	}
	st.Apply()
}

// The key rules: who may enrol, approve (four eyes) and revoke.
func TestKeyRules(t *testing.T) {
	member, admin, other := ledger.Actor{Org: 5, User: 10}, ledger.Actor{Org: 5, User: 11}, ledger.Actor{Org: 6, User: 12}
	staff := ledger.Actor{Org: 5, User: 13}
	p := newPasskey(t, webauthncose.AlgES256)
	enrol := p.Enrolment(5, 10)
	// registered: organisation 5 registered by 11, and by enrolled a key.
	registered := func(by ledger.Actor, key *ledger.KeyEnrolled) func(k *ledger.Keys) {
		return func(k *ledger.Keys) {
			k.Admins[5] = 11
			if key != nil {
				step(t, k, 1, by, key)
			}
		}
	}
	tests := []struct {
		name  string
		setup func(k *ledger.Keys)
		actor ledger.Actor
		body  ledger.Body
		want  string // "" for accepted, else a part of the error
	}{
		{"member enrols own key", nil, member, enrol, ""},
		{"someone else's key", nil, admin, enrol, "only their own passkey"},
		{"enrolled twice", func(k *ledger.Keys) { step(t, k, 1, member, enrol) }, member, enrol, "already enrolled"},
		{"admin approves", func(k *ledger.Keys) { step(t, k, 1, member, enrol) }, admin, &ledger.KeyApproved{Key: p.ID()}, ""},
		{"member approves own key", func(k *ledger.Keys) { step(t, k, 1, member, enrol) }, member, &ledger.KeyApproved{Key: p.ID()}, "four eyes"},
		{"another org approves", func(k *ledger.Keys) { step(t, k, 1, member, enrol) }, other, &ledger.KeyApproved{Key: p.ID()}, "only an admin of the key's organisation"},
		{"approved twice", func(k *ledger.Keys) {
			step(t, k, 1, member, enrol)
			step(t, k, 2, admin, &ledger.KeyApproved{Key: p.ID()})
		}, admin, &ledger.KeyApproved{Key: p.ID()}, "already active"},
		{"unknown key", nil, admin, &ledger.KeyApproved{Key: strings.Repeat("ab", 32)}, "no such passkey"},
		{"member revokes lost key", func(k *ledger.Keys) { step(t, k, 1, member, enrol) }, member, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedLost}, ""},
		{"member cannot remove self", func(k *ledger.Keys) { step(t, k, 1, member, enrol) }, member, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedRemoved}, "may revoke it"},
		{"another org revokes", func(k *ledger.Keys) { step(t, k, 1, member, enrol) }, other, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedLost}, "may revoke it"},
		{"revoked twice", func(k *ledger.Keys) {
			step(t, k, 1, member, enrol)
			step(t, k, 2, admin, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedRemoved})
		}, admin, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedLost}, "already revoked"},
		{"approve a revoked key", func(k *ledger.Keys) {
			step(t, k, 1, member, enrol)
			step(t, k, 2, member, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedLost})
		}, admin, &ledger.KeyApproved{Key: p.ID()}, "already revoked"},
		{"policy of own org", nil, admin, &ledger.OrgPolicy{Org: 5, RequireSignatures: true}, ""},
		{"policy of another org", nil, other, &ledger.OrgPolicy{Org: 5, RequireSignatures: true}, "only the organisation's admin"},
		// With the organisation's registration known, its admin is its registrant (11).
		{"registrant approves", registered(member, enrol), admin, &ledger.KeyApproved{Key: p.ID()}, ""},
		{"staff approves a colleague's key", registered(member, enrol), staff, &ledger.KeyApproved{Key: p.ID()}, "only the organisation's admin may do this"},
		{"staff approves the admin's key", registered(admin, p.Enrolment(5, 11)), staff, &ledger.KeyApproved{Key: p.ID()}, ""},
		{"staff revokes a colleague's key", registered(member, enrol), staff, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedLost}, "may revoke it"},
		{"registrant removes a member's key", registered(member, enrol), admin, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedRemoved}, ""},
		{"member revokes own lost key", registered(member, enrol), member, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedLost}, ""},
		{"staff sets the policy", registered(staff, nil), staff, &ledger.OrgPolicy{Org: 5, RequireSignatures: true}, "only the organisation's admin"},
		{"registrant sets the policy", registered(staff, nil), admin, &ledger.OrgPolicy{Org: 5, RequireSignatures: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := ledger.NewKeys()
			if tt.setup != nil {
				tt.setup(k)
			}
			_, err := k.Step(10, tt.actor, tt.body)
			if tt.want == "" && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestKeyEnrolledValidate(t *testing.T) {
	p := newPasskey(t, webauthncose.AlgEdDSA)
	for _, tt := range []struct {
		name string
		edit func(b *ledger.KeyEnrolled)
		ok   bool
	}{
		{"good", func(*ledger.KeyEnrolled) {}, true},
		{"wrong alg", func(b *ledger.KeyEnrolled) { b.Alg = -7 }, false},
		{"garbage key", func(b *ledger.KeyEnrolled) { b.PublicKey = "AAAA" }, false},
		{"bad id", func(b *ledger.KeyEnrolled) { b.Key = "x" }, false},
		{"origin elsewhere", func(b *ledger.KeyEnrolled) { b.Origin = "https://evil.example" }, false},
		{"http off localhost", func(b *ledger.KeyEnrolled) { b.RPID, b.Origin = "aid.example", "http://aid.example" }, false},
		{"https subdomain", func(b *ledger.KeyEnrolled) { b.RPID, b.Origin = "aid.example", "https://www.aid.example" }, true},
		{"ip rp id", func(b *ledger.KeyEnrolled) { b.RPID, b.Origin = "127.0.0.1:80", "http://127.0.0.1" }, false},
		{"no user", func(b *ledger.KeyEnrolled) { b.User = 0 }, false},
	} {
		b := p.Enrolment(5, 10)
		tt.edit(b)
		if err := b.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: got %v", tt.name, err)
		}
	}
}

// signedFixture: org 5 with member 10's key approved by admin 11 at entry 2.
func signedFixture(t *testing.T, alg webauthncose.COSEAlgorithmIdentifier) (*ledger.Keys, *passkey.Passkey) {
	k := ledger.NewKeys()
	p := newPasskey(t, alg)
	step(t, k, 1, ledger.Actor{Org: 5, User: 10}, p.Enrolment(5, 10))
	step(t, k, 2, ledger.Actor{Org: 5, User: 11}, &ledger.KeyApproved{Key: p.ID()})
	return k, p
}

var now = time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)

func receipt(t *testing.T) *ledger.Entry {
	e, err := ledger.NewEntry(ledger.TypeHandoffRejected, ledger.Actor{Org: 5, User: 10}, []string{"handoff:7", "lot:7KQ3PX9M"},
		&ledger.HandoffRejected{Handoff: 7, Reason: ledger.ReasonDamaged})
	if err != nil {
		t.Fatal(err)
	}
	e.V, e.Time = ledger.Version, ledger.FormatTime(now)
	return e
}

// The signature check, every way it can fail, for all three algorithms.
func TestCheckSignatures(t *testing.T) {
	for _, alg := range []webauthncose.COSEAlgorithmIdentifier{webauthncose.AlgES256, webauthncose.AlgEdDSA, webauthncose.AlgRS256} {
		t.Run(alg.String(), func(t *testing.T) {
			issued := ledger.FormatTime(now.Add(-time.Minute))
			tests := []struct {
				name string
				edit func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry)
				want string
			}{
				{"good", nil, ""},
				{"body changed after signing", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) {
					e.Body = json.RawMessage(`{"handoff":7,"reason":"other"}`)
				}, "another statement"},
				{"actor changed", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) { e.Actor.User = 11 }, "someone else"},
				{"no user verification", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) {
					resign(t, p, e, passkey.Options{NoUV: true})
				}, "did not verify you"},
				{"wrong origin", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) {
					resign(t, p, e, passkey.Options{Origin: "https://evil.example"})
				}, "another web site"},
				{"replayed nonce", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) { k.Nonces[e.Sigs[0].Nonce] = 3 }, "already used"},
				{"revoked key", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) {
					step(t, k, 3, ledger.Actor{Org: 5, User: 10}, &ledger.KeyRevoked{Key: p.ID(), Reason: ledger.RevokedLost})
				}, "revoked"},
				{"unknown key", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) { delete(k.Keys, p.ID()) }, "not enrolled"},
				{"wrong enrolment index", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) { e.Sigs[0].Enrolled = 2 }, "not enrolled"},
				{"tampered signature", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) {
					s := []byte(e.Sigs[0].Sig)
					s[10] ^= 1
					e.Sigs[0].Sig = string(s)
				}, ""},
				{"stale statement", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) {
					e.Time = ledger.FormatTime(now.Add(time.Hour))
				}, "expired"},
				{"statement from the future", func(t *testing.T, k *ledger.Keys, p *passkey.Passkey, e *ledger.Entry) {
					e.Time = ledger.FormatTime(now.Add(-time.Hour))
				}, "expired"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					k, p := signedFixture(t, alg)
					e := receipt(t)
					s, err := p.Sign(e, 1, issued, passkey.Options{})
					if err != nil {
						t.Fatal(err)
					}
					e.Sigs = []ledger.Signature{s}
					want := tt.want
					if tt.edit != nil {
						tt.edit(t, k, p, e)
						if want == "" {
							want = "." // any error
						}
					}
					_, err = k.CheckSignatures(4, e)
					if want == "" && err != nil {
						t.Fatalf("refused: %v", err)
					}
					if want != "" && (err == nil || !strings.Contains(err.Error(), strings.Trim(want, "."))) {
						t.Fatalf("got %v, want an error with %q", err, want)
					}
				})
			}
		})
	}
}

func resign(t *testing.T, p *passkey.Passkey, e *ledger.Entry, o passkey.Options) {
	t.Helper()
	s, err := p.Sign(e, 1, e.Sigs[0].Issued, o)
	if err != nil {
		t.Fatal(err)
	}
	e.Sigs[0] = s
}

// An organisation that requires signatures cannot confirm unsigned; key
// entries and other types stay open.
func TestRequiredSignatures(t *testing.T) {
	k, _ := signedFixture(t, webauthncose.AlgES256)
	e := receipt(t)
	if _, err := k.CheckSignatures(3, e); err != nil {
		t.Fatalf("no policy yet: %v", err)
	}
	step(t, k, 3, ledger.Actor{Org: 5, User: 11}, &ledger.OrgPolicy{Org: 5, RequireSignatures: true})
	if _, err := k.CheckSignatures(4, e); err == nil || !strings.Contains(err.Error(), "requires a passkey signature") {
		t.Fatalf("unsigned confirmation under the policy: %v", err)
	}
	e.Type = ledger.TypeKeyRevoked
	if _, err := k.CheckSignatures(4, e); err != nil {
		t.Fatalf("revoking a lost key must stay possible: %v", err)
	}
	e.Type, e.Actor.Org = ledger.TypeHandoffRejected, 6
	if _, err := k.CheckSignatures(4, e); err != nil {
		t.Fatalf("another organisation: %v", err)
	}
}

// The signed entry survives encoding: what the store writes, the verifier
// re-checks byte for byte.
func TestSignatureSurvivesEncoding(t *testing.T) {
	k, p := signedFixture(t, webauthncose.AlgES256)
	e := receipt(t)
	s, err := p.Sign(e, 1, ledger.FormatTime(now), passkey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.Sigs = []ledger.Signature{s}
	data, err := ledger.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ledger.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	st, err := k.CheckSignatures(4, d)
	if err != nil {
		t.Fatal(err)
	}
	st.Apply()
	if _, err := k.CheckSignatures(5, d); err == nil {
		t.Fatal("the same signature was accepted twice")
	}
}

// A signed correction covers its corrective entry: under the policy it
// needs no signature of its own, but must be by the same member and say
// exactly what the signed declaration named; an unsigned declaration is
// refused.
func TestSignedCorrectionCoversCorrective(t *testing.T) {
	nurse, lot := ledger.Actor{Org: 5, User: 10}, ledger.NewCode()
	used := func(qty int64) *ledger.LotUsed {
		return &ledger.LotUsed{Lot: lot, Quantity: qty, Use: "ICU ward 3", Date: "2026-02-03"}
	}
	use := func(t *testing.T, qty int64) *ledger.Entry {
		e, err := ledger.NewEntry(ledger.TypeLotUsed, nurse, []string{ledger.Subject(ledger.SubjectLot, lot)}, used(qty))
		if err != nil {
			t.Fatal(err)
		}
		e.Time = ledger.FormatTime(now)
		return e
	}
	correction := func(t *testing.T, p *passkey.Passkey, named *ledger.LotUsed) *ledger.Entry {
		cover, err := ledger.Cover(ledger.TypeLotUsed, named)
		if err != nil {
			t.Fatal(err)
		}
		body := &ledger.EntryCorrected{Entry: 3, Reason: "counted twice", Corrective: []int64{5}, CorrectiveBodies: []ledger.Covered{cover}}
		if err := body.Validate(); err != nil {
			t.Fatal(err)
		}
		e, err := ledger.NewEntry(ledger.TypeEntryCorrected, nurse, []string{ledger.Subject(ledger.SubjectLot, lot)}, body)
		if err != nil {
			t.Fatal(err)
		}
		e.Time = ledger.FormatTime(now)
		if p != nil {
			s, err := p.Sign(e, 1, e.Time, passkey.Options{})
			if err != nil {
				t.Fatal(err)
			}
			e.Sigs = []ledger.Signature{s}
		}
		return e
	}
	for _, tt := range []struct {
		name       string
		signed     bool
		corrective func(t *testing.T) *ledger.Entry
		want       string // at the declaration (4) or the corrective entry (5)
	}{
		{"signed, as named", true, func(t *testing.T) *ledger.Entry { return use(t, 90) }, ""},
		{"signed, another quantity", true, func(t *testing.T) *ledger.Entry { return use(t, 50) }, "entry 5 is not what the signed entry 4 named"},
		{"signed, another member", true, func(t *testing.T) *ledger.Entry {
			e := use(t, 90)
			e.Actor.User = 11
			return e
		}, "entry 5 is not what the signed entry 4 named"},
		{"signed, another type", true, func(t *testing.T) *ledger.Entry {
			e := use(t, 90)
			e.Type = ledger.TypeLotWrittenOff
			return e
		}, "entry 5 is not what the signed entry 4 named"},
		{"unsigned declaration", false, func(t *testing.T) *ledger.Entry { return use(t, 90) }, "requires a passkey signature"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k, p := signedFixture(t, webauthncose.AlgES256)
			step(t, k, 3, ledger.Actor{Org: 5, User: 11}, &ledger.OrgPolicy{Org: 5, RequireSignatures: true})
			var signer *passkey.Passkey
			if tt.signed {
				signer = p
			}
			var err error
			for i, e := range []*ledger.Entry{correction(t, signer, used(90)), tt.corrective(t)} {
				var st *ledger.Step
				if st, err = k.CheckSignatures(int64(4+i), e); err != nil {
					break
				}
				st.Apply()
			}
			if tt.want == "" && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("got %v, want an error with %q", err, tt.want)
			}
			if tt.want == "" && len(k.Ahead) != 0 {
				t.Fatalf("still expected: %v", k.Ahead)
			}
		})
	}
	// Without a signed declaration before it, the same use is refused.
	k, _ := signedFixture(t, webauthncose.AlgES256)
	step(t, k, 3, ledger.Actor{Org: 5, User: 11}, &ledger.OrgPolicy{Org: 5, RequireSignatures: true})
	if _, err := k.CheckSignatures(5, use(t, 90)); err == nil || !strings.Contains(err.Error(), "requires a passkey signature") {
		t.Fatalf("unsigned use: %v", err)
	}
}

// Every entry type is either a confirmation an organisation that requires
// signatures must sign, or listed here with why not: a new type must be
// placed on one side.
func TestMustSignCoversEveryConfirmation(t *testing.T) {
	notConfirmations := map[string]string{
		ledger.TypeItemAdded:       "the platform's catalogue",
		ledger.TypeOrgRegistered:   "made before the organisation can hold a key",
		ledger.TypeKeyEnrolled:     "the key cannot sign its own enrolment",
		ledger.TypeKeyRevoked:      "a lost phone must be revocable without it",
		ledger.TypePledgeMade:      "a donor's offer, not a confirmation of a step",
		ledger.TypePledgeCancelled: "the donor withdrawing their offer",
		ledger.TypePledgeHandedOn:  "a warehouse naming who receives a pledge; the receipt is signed",
	}
	for _, typ := range ledger.Types() {
		_, not := notConfirmations[typ]
		if must := slices.Contains(ledger.MustSign, typ); must == not {
			t.Errorf("%s: in MustSign %v, listed as not a confirmation %v: want exactly one", typ, must, not)
		}
	}
}
