package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/passkey"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// TestOperatorCannotForgeReceipt plays the dishonest operator: with the
// database and the log key, it appends receipts in the name of a hospital
// that requires signatures, unsigned, signed by a passkey of its own, and
// with the nurse's real signature copied from an honest receipt. The
// verifier passes the honest log and names each forged entry.
func TestOperatorCannotForgeReceipt(t *testing.T) {
	ctx := context.Background()
	st := sqlitetest.Open(t)
	admin := sqlitetest.Org(t, st, ledger.OrgRecipient, "Jinyintan Hospital")
	nurse := sqlitetest.Staff(t, st, admin)
	keyOf := func(m ledger.Member) *passkey.Passkey {
		p, err := passkey.New("localhost", "http://localhost", webauthncose.AlgES256)
		if err != nil {
			t.Fatal(err)
		}
		a, err := st.EnrolKey(ctx, m, p.CredentialID, p.Enrolment(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		p.Enrolled = a.Index
		return p
	}
	nk, ak := keyOf(nurse), keyOf(admin)
	for _, a := range []struct {
		by  ledger.Member
		key string
	}{{admin, nk.ID()}, {nurse, ak.ID()}} {
		if _, err := st.ApproveKey(ctx, a.by, a.key); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.SetSignaturePolicy(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	// pledge is a donor's pledge to a warehouse, handed on to the hospital.
	wh := sqlitetest.Org(t, st, ledger.OrgWarehouse, "Central Warehouse")
	pledge := func() string {
		r, err := st.MakePledge(ctx, sqlitetest.Donor(t, st), sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverCourier, DeliverTo: wh.Org,
			Due: time.Now().UTC().AddDate(0, 0, 3).Format(ledger.DateFormat), Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: 2000}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.HandOnPledge(ctx, wh, r.Code, admin.Org, ""); err != nil {
			t.Fatal(err)
		}
		return r.Code
	}
	lots := []sqlite.LotInput{{Item: "mask-surgical", Quantity: 2000, Condition: ledger.ConditionGood}}
	code := pledge()
	if err := nk.SignedWrite(ctx, nk.Enrolled, passkey.Options{}, func(ctx context.Context) error {
		_, err := st.ReceivePledge(ctx, nurse, code, lots, "", sqlite.NewNonce())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var honestData []byte
	if err := st.DB().QueryRow(`SELECT data FROM entries ORDER BY idx DESC LIMIT 1`).Scan(&honestData); err != nil {
		t.Fatal(err)
	}
	honest, err := ledger.Decode(honestData)
	if err != nil {
		t.Fatal(err)
	}
	l := serve(t, st, nil)
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	if err != nil {
		t.Fatalf("the honest log fails: %v", err)
	}
	wantOut(t, out, "signatures:   1 party signature(s) verified; 5 confirmation(s) recorded by the platform, not signed") // with the warehouse handing the pledge on

	// The operator writes "Jinyintan received 2,000 masks" three ways.
	receipt := func() *ledger.Entry {
		code, lot := pledge(), ledger.NewCode()
		e, err := ledger.NewEntry(ledger.TypeLotReceived, nurse.Actor(),
			[]string{ledger.Subject(ledger.SubjectPledge, code), ledger.Subject(ledger.SubjectLot, lot)},
			&ledger.LotReceived{Pledge: code, Lots: []ledger.NewLot{{Code: lot, Item: "mask-surgical", Quantity: 2000, Unit: "pcs", Condition: ledger.ConditionGood}}})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	unsigned := forge(t, st, receipt(), nil)
	own, err := passkey.New("localhost", "http://localhost", webauthncose.AlgES256)
	if err != nil {
		t.Fatal(err)
	}
	e := receipt()
	e.Time = "2026-11-21T05:00:00.000Z" // as forge dates it
	s, err := own.Sign(e, nk.Enrolled, e.Time, passkey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Key = nk.ID() // claims to be the nurse's passkey
	e.Sigs = []ledger.Signature{s}
	ownKey := forge(t, st, e, nil)
	e = receipt()
	e.Sigs = honest.Sigs
	copied := forge(t, st, e, nil)
	addItems(t, st, "z", 1) // the next honest write signs a checkpoint over them
	out, _, err = runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err,
		fmt.Sprintf("PROBLEM [signature] entry %d: lot.received by Jinyintan Hospital (organisation %d) is unsigned, but Jinyintan Hospital (organisation %d) requires signatures", unsigned, admin.Org, admin.Org),
		fmt.Sprintf("PROBLEM [signature] entry %d: lot.received in the name of Jinyintan Hospital (organisation %d): the passkey signature does not verify", ownKey, admin.Org),
		fmt.Sprintf("PROBLEM [signature] entry %d: lot.received in the name of Jinyintan Hospital (organisation %d): this signature was already used", copied, admin.Org),
	)
}

func wantOut(t *testing.T, out, want string) {
	t.Helper()
	if !containsLine(out, want) {
		t.Errorf("output does not say %q:\n%s", want, out)
	}
}

func containsLine(out, want string) bool { return strings.Contains(out, want) }
