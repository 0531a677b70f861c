package sqlite_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/passkey"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

const (
	testRPID   = "localhost"
	testOrigin = "http://localhost"
)

// enrol enrols a new ES256 passkey for m and returns it with its
// key.enrolled index set.
func enrol(t *testing.T, s *sqlite.Store, m ledger.Member) *passkey.Passkey {
	t.Helper()
	p, err := passkey.New(testRPID, testOrigin, webauthncose.AlgES256)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.EnrolKey(context.Background(), m, p.CredentialID, p.Enrolment(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	p.Enrolled = a.Index
	return p
}

func wantErr(t *testing.T, what string, err error, part string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), part) {
		t.Fatalf("%s: got %v, want an error with %q", what, err, part)
	}
}

// entryAt decodes the entry at index.
func entryAt(t *testing.T, s *sqlite.Store, index int64) *ledger.Entry {
	t.Helper()
	var data []byte
	if err := s.DB().QueryRow(`SELECT data FROM entries WHERE idx = ?`, index).Scan(&data); err != nil {
		t.Fatal(err)
	}
	e, err := ledger.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func lastIndex(t *testing.T, s *sqlite.Store) int64 {
	var n int64
	if err := s.DB().QueryRow(`SELECT max(idx) FROM entries`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPartyKeys: a member enrols a passkey, another admin approves it,
// the member signs a pledge receipt; a replayed assertion, a revoked key
// and an unsigned confirmation under the policy are refused; removing the
// member revokes their key; the replay agrees with the store throughout.
func TestPartyKeys(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	admin := sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital")
	nurse := sqlitetest.Staff(t, s, admin)
	other := sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital")
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	// pledge is a donor's pledge to the warehouse, handed on to the hospital.
	pledge := func() string {
		t.Helper()
		r, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), to(wh, goods(0, "mask-surgical", 100, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.HandOnPledge(ctx, wh, r.Code, admin.Org, ""); err != nil {
			t.Fatal(err)
		}
		return r.Code
	}

	p := enrol(t, s, nurse)
	_, err := s.ApproveKey(ctx, nurse, p.ID())
	wantErr(t, "the member approves their own key", err, "four eyes")
	_, err = s.ApproveKey(ctx, other, p.ID())
	wantErr(t, "another organisation's admin approves", err, "only an admin of the key's organisation")
	receipt := func(o passkey.Options) error {
		code := pledge()
		return p.SignedWrite(ctx, p.Enrolled, o, func(ctx context.Context) error {
			_, err := s.ReceivePledge(ctx, nurse, code, []sqlite.LotInput{{Item: "mask-surgical", Quantity: 100, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
			return err
		})
	}
	wantErr(t, "a pending key signs", receipt(passkey.Options{}), "not yet approved")
	if _, err := s.ApproveKey(ctx, admin, p.ID()); err != nil {
		t.Fatal(err)
	}
	if err := receipt(passkey.Options{}); err != nil {
		t.Fatalf("signed receipt: %v", err)
	}
	signed := entryAt(t, s, lastIndex(t, s))
	if signed.Type != ledger.TypeLotReceived || len(signed.Sigs) != 1 || signed.Sigs[0].Key != p.ID() || signed.Sigs[0].Enrolled != p.Enrolled {
		t.Fatalf("the receipt carries %+v", signed.Sigs)
	}
	wantErr(t, "no user verification", receipt(passkey.Options{NoUV: true}), "did not verify you")
	wantErr(t, "wrong origin", receipt(passkey.Options{Origin: "http://localhost:9999"}), "another web site")

	// The same assertion again, on the same statement: refused.
	replayed := signed.Sigs[0]
	_, err = s.ReceivePledge(ledger.WithSigning(ctx, ledger.NewSigning(&replayed)), nurse, pledge(),
		[]sqlite.LotInput{{Item: "mask-surgical", Quantity: 100, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	wantErr(t, "replayed assertion", err, "already used")

	// The hospital requires signatures: its admin needs an approved key first.
	_, err = s.SetSignaturePolicy(ctx, admin, true)
	wantErr(t, "policy without a key", err, "enrol a passkey of your own")
	ak := enrol(t, s, admin)
	_, err = s.ApproveKey(ctx, admin, ak.ID())
	wantErr(t, "admin approves own key", err, "four eyes")
	if _, err := s.ApproveKey(ctx, nurse, ak.ID()); err != nil {
		t.Fatalf("another member approves the admin's key: %v", err)
	}
	if _, err := s.SetSignaturePolicy(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	_, err = s.ReceivePledge(ctx, nurse, pledge(), []sqlite.LotInput{{Item: "mask-surgical", Quantity: 100, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	wantErr(t, "unsigned receipt under the policy", err, "requires a passkey signature")
	if err := receipt(passkey.Options{}); err != nil {
		t.Fatalf("signed receipt under the policy: %v", err)
	}

	// Lost phone: revoked, its signatures refused from then on.
	if _, err := s.RevokeKey(ctx, nurse, p.ID()); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "revoked key", receipt(passkey.Options{}), "revoked")

	// Removing a member revokes their keys.
	nurse2 := sqlitetest.Staff(t, s, admin)
	p2 := enrol(t, s, nurse2)
	_, err = s.ApproveKey(ctx, admin, p2.ID())
	wantErr(t, "unsigned approval under the policy", err, "requires a passkey signature")
	if err := ak.SignedWrite(ctx, ak.Enrolled, passkey.Options{}, func(ctx context.Context) error {
		_, err := s.ApproveKey(ctx, admin, p2.ID())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveMember(ctx, admin, nurse2.User); err != nil {
		t.Fatal(err)
	}
	last := entryAt(t, s, lastIndex(t, s))
	if last.Type != ledger.TypeKeyRevoked || !strings.Contains(string(last.Body), ledger.RevokedRemoved) {
		t.Fatalf("removal left %s %s", last.Type, last.Body)
	}
	keys, err := s.OrgKeys(ctx, admin.Org)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys.Active) != 1 || keys.Active[0].Key.Key != ak.ID() || !keys.RequireSignatures {
		t.Fatalf("org keys %+v", keys)
	}

	// The replay re-derives the same keys and finds every signature good.
	st := ledger.NewState()
	rows, err := s.DB().Query(`SELECT idx, data FROM entries ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	nsigs := 0
	for rows.Next() {
		var idx int64
		var data []byte
		rows.Scan(&idx, &data)
		e, err := ledger.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := ledger.ReplayedKeys(st).CheckSignatures(idx, e)
		if err != nil {
			t.Fatalf("entry %d: %v", idx, err)
		}
		sc.Apply()
		nsigs += len(e.Sigs)
		if err := st.Apply(idx, e); err != nil {
			t.Fatal(err)
		}
	}
	if nsigs != 3 {
		t.Fatalf("%d signatures in the log, want 3", nsigs)
	}
	for id, k := range ledger.ReplayedKeys(st).Keys {
		var status string
		s.DB().QueryRow(`SELECT status FROM party_keys WHERE id = ?`, id).Scan(&status)
		if status != k.Status {
			t.Errorf("key %s: store %s, replay %s", id[:8], status, k.Status)
		}
	}
}

// TestSignedCorrection: in a hospital that requires signatures, a nurse
// corrects a use with one signature over the declaration, which names the
// corrective use; the statement shown before signing includes it. An
// unsigned correction, or one signed by a passkey of someone else, is
// refused, and the replay finds the signed one good.
func TestSignedCorrection(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	admin := sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital")
	nurse := sqlitetest.Staff(t, s, admin)
	wh := sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse")
	nk, ak := enrol(t, s, nurse), enrol(t, s, admin)
	for by, key := range map[*ledger.Member]string{&admin: nk.ID(), &nurse: ak.ID()} {
		if _, err := s.ApproveKey(ctx, *by, key); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetSignaturePolicy(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	r, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), to(wh, goods(0, "mask-surgical", 1000, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.HandOnPledge(ctx, wh, r.Code, admin.Org, ""); err != nil {
		t.Fatal(err)
	}
	signed := func(p *passkey.Passkey, write func(ctx context.Context) error) error {
		return p.SignedWrite(ctx, p.Enrolled, passkey.Options{}, write)
	}
	var lots []string
	must(t, signed(nk, func(ctx context.Context) (err error) {
		lots, err = s.ReceivePledge(ctx, nurse, r.Code, []sqlite.LotInput{{Item: "mask-surgical", Quantity: 1000, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
		return err
	}))
	var wrong int64
	use := func(ctx context.Context) (err error) {
		wrong, err = s.UseLot(ctx, nurse, sqlite.FinalInput{Lot: lots[0], Quantity: 500, Use: "ICU ward 3", Date: "2026-02-03"}, sqlite.NewNonce())
		return err
	}
	must(t, signed(nk, use))
	redo := func() *sqlite.FinalInput { return &sqlite.FinalInput{Quantity: 50} }
	wantErr(t, "unsigned correction", s.CorrectEntry(ctx, nurse, wrong, "typed 500 for 50", redo()), "requires a passkey signature")
	wantErr(t, "correction signed with the admin's passkey", signed(ak, func(ctx context.Context) error {
		return s.CorrectEntry(ctx, nurse, wrong, "typed 500 for 50", redo())
	}), "someone else")

	// What the nurse is shown: the declaration and the corrective use.
	sg := ledger.NewSigning(nil)
	if err := s.CorrectEntry(ledger.WithSigning(ctx, sg), nurse, wrong, "typed 500 for 50", redo()); sg.Prepared == nil || len(sg.Prepared.Follows) != 1 {
		t.Fatalf("prepared %+v (%v)", sg.Prepared, err)
	}
	if f := sg.Prepared.Follows[0]; f.Type != ledger.TypeLotUsed || !strings.Contains(string(f.Body), `"quantity":50`) {
		t.Fatalf("shown with the declaration: %s %s", f.Type, f.Body)
	}
	if lastIndex(t, s) != wrong {
		t.Fatal("a prepared correction appended entries")
	}

	must(t, signed(nk, func(ctx context.Context) error {
		return s.CorrectEntry(ctx, nurse, wrong, "typed 500 for 50", redo())
	}))
	decl, redone := entryAt(t, s, wrong+1), entryAt(t, s, wrong+2)
	if decl.Type != ledger.TypeEntryCorrected || len(decl.Sigs) != 1 || redone.Type != ledger.TypeLotUsed || len(redone.Sigs) != 0 {
		t.Fatalf("correction appended %s (%d sigs), %s (%d sigs)", decl.Type, len(decl.Sigs), redone.Type, len(redone.Sigs))
	}
	b, err := decl.DecodeBody()
	if err != nil {
		t.Fatal(err)
	}
	if c := b.(*ledger.EntryCorrected); len(c.CorrectiveBodies) != 1 || c.Corrective[0] != wrong+2 {
		t.Fatalf("the declaration names %+v", c)
	}

	// The replay checks every signature and the covered use.
	keys := ledger.NewKeys()
	for i := int64(0); i <= wrong+2; i++ {
		e := entryAt(t, s, i)
		st, err := keys.CheckSignatures(i, e)
		if err != nil {
			t.Fatalf("replay, entry %d (%s by %+v): %v", i, e.Type, e.Actor, err)
		}
		st.Apply()
		if slices.Contains(ledger.KeyTypes, e.Type) {
			b, _ := e.DecodeBody()
			st, err := keys.Step(i, e.Actor, b)
			if err != nil {
				t.Fatalf("entry %d: %v", i, err)
			}
			st.Apply()
		}
	}
}
