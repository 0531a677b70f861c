package main

import (
	"context"
	"encoding/base64"
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

// signingHospital is Jinyintan Hospital requiring signatures, with its
// nurse's and admin's passkeys approved, and a warehouse that hands donors'
// pledges on to it.
type signingHospital struct {
	st           *sqlite.Store
	admin, nurse ledger.Member
	nk, ak       *passkey.Passkey
	pledge       func() string // a new pledge of 2,000 masks, handed on to the hospital
}

func newSigningHospital(t *testing.T) *signingHospital {
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
	return &signingHospital{st: st, admin: admin, nurse: nurse, nk: nk, ak: ak, pledge: pledge}
}

// receive is the nurse's signed receipt of a new pledge; it returns the lot.
func (h *signingHospital) receive(t *testing.T) string {
	t.Helper()
	code := h.pledge()
	var lots []string
	if err := h.nk.SignedWrite(context.Background(), h.nk.Enrolled, passkey.Options{}, func(ctx context.Context) (err error) {
		lots, err = h.st.ReceivePledge(ctx, h.nurse, code, []sqlite.LotInput{{Item: "mask-surgical", Quantity: 2000, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return lots[0]
}

// forgedReceipt is a receipt of 2,000 masks of a new pledge in the
// nurse's name, as the operator would write it; lot is its new lot.
func (h *signingHospital) forgedReceipt(t *testing.T) (e *ledger.Entry, lot string) {
	code, lot := h.pledge(), ledger.NewCode()
	e, err := ledger.NewEntry(ledger.TypeLotReceived, h.nurse.Actor(),
		[]string{ledger.Subject(ledger.SubjectPledge, code), ledger.Subject(ledger.SubjectLot, lot)},
		&ledger.LotReceived{Pledge: code, Lots: []ledger.NewLot{{Code: lot, Item: "mask-surgical", Quantity: 2000, Unit: "pcs", Condition: ledger.ConditionGood}}})
	if err != nil {
		t.Fatal(err)
	}
	return e, lot
}

// TestLotVerificationChecksSignatures: -lot checks the signatures of the
// lot's entries as the full run does, from the key entries of the log.
func TestLotVerificationChecksSignatures(t *testing.T) {
	h := newSigningHospital(t)
	honest := h.receive(t)
	unsigned, unsignedLot := h.forgedReceipt(t)
	forge(t, h.st, unsigned, nil)
	tampered, tamperedLot := h.forgedReceipt(t)
	tampered.Time = "2026-11-21T05:00:00.000Z" // as forge dates it
	s, err := h.nk.Sign(tampered, h.nk.Enrolled, tampered.Time, passkey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// One bit of the signature's value, not of its base64 text: a flipped
	// character may fall outside the alphabet, which is "malformed".
	sig, err := base64.RawURLEncoding.DecodeString(s.Sig)
	if err != nil {
		t.Fatal(err)
	}
	sig[len(sig)-1] ^= 1
	s.Sig = base64.RawURLEncoding.EncodeToString(sig)
	tampered.Sigs = []ledger.Signature{s}
	forge(t, h.st, tampered, nil)
	addItems(t, h.st, "z", 1) // the next honest write signs a checkpoint over them
	l := serve(t, h.st, nil)
	lotArgs := func(lot string) []string {
		return []string{"-url", l.srv.URL, "-key", l.vkey, "-no-state", "-lot", strings.ToLower(ledger.FormatCode(lot))}
	}
	out, _, err := runVerify(t, lotArgs(honest)...)
	if err != nil {
		t.Fatalf("the honest lot fails: %v", err)
	}
	wantOut(t, out, "signatures:   1 party signature(s) verified; 0 confirmation(s) recorded by the platform, not signed")
	org := fmt.Sprintf("Jinyintan Hospital (organisation %d)", h.admin.Org)
	out, _, err = runVerify(t, lotArgs(tamperedLot)...)
	wantFailure(t, out, err, fmt.Sprintf("lot.received in the name of %s: the passkey signature does not verify", org))
	out, _, err = runVerify(t, lotArgs(unsignedLot)...)
	wantFailure(t, out, err, fmt.Sprintf("lot.received by %s is unsigned, but %s requires signatures", org, org))
}

// TestOperatorCannotForgeReceipt plays the dishonest operator: with the
// database and the log key, it appends receipts in the name of a hospital
// that requires signatures, unsigned, signed by a passkey of its own, and
// with the nurse's real signature copied from an honest receipt. The
// verifier passes the honest log and names each forged entry.
func TestOperatorCannotForgeReceipt(t *testing.T) {
	h := newSigningHospital(t)
	st, admin, nk := h.st, h.admin, h.nk
	h.receive(t)
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
		e, _ := h.forgedReceipt(t)
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

// TestOperatorCannotForgeCorrection: the nurse of a hospital requiring
// signatures corrects a use with one signature, which covers the
// corrective use, and the verifier passes it. The operator then appends a
// correction the nurse signed but another corrective use in its place, and
// an unsigned correction with its use: the verifier names each.
func TestOperatorCannotForgeCorrection(t *testing.T) {
	ctx := context.Background()
	h := newSigningHospital(t)
	lot := h.receive(t)
	signed := func(write func(ctx context.Context) error) {
		t.Helper()
		if err := h.nk.SignedWrite(ctx, h.nk.Enrolled, passkey.Options{}, write); err != nil {
			t.Fatal(err)
		}
	}
	use := func(qty int64) (idx int64) {
		signed(func(ctx context.Context) (err error) {
			idx, err = h.st.UseLot(ctx, h.nurse, sqlite.FinalInput{Lot: lot, Quantity: qty, Use: "ICU ward 3", Date: "2026-11-20"}, sqlite.NewNonce())
			return err
		})
		return idx
	}
	wrong := use(500)
	signed(func(ctx context.Context) error {
		return h.st.CorrectEntry(ctx, h.nurse, wrong, "typed 500 for 50", &sqlite.FinalInput{Quantity: 50})
	})
	l := serve(t, h.st, nil)
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	if err != nil {
		t.Fatalf("the honest log fails: %v\n%s", err, out)
	}
	// The receipt, the use and the correction; the corrective use is not
	// counted unsigned (the warehouse's steps are).
	wantOut(t, out, "signatures:   3 party signature(s) verified; 5 confirmation(s) recorded by the platform, not signed")

	// corrective forges the use the operator puts after a declaration.
	lotSubj := []string{ledger.Subject(ledger.SubjectLot, lot)}
	usedBody := func(qty int64) *ledger.LotUsed {
		return &ledger.LotUsed{Lot: lot, Quantity: qty, Use: "ICU ward 3", Date: "2026-11-20"}
	}
	corrective := func(qty int64) *ledger.Entry {
		e, err := ledger.NewEntry(ledger.TypeLotUsed, h.nurse.Actor(), lotSubj, usedBody(qty))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	// declaration forges the correction of entry, naming a use of qty at the next index but one.
	declaration := func(entry, qty int64, sign bool) *ledger.Entry {
		n, _ := forgeNext(t, h.st.DB())
		cover, err := ledger.Cover(ledger.TypeLotUsed, usedBody(qty))
		if err != nil {
			t.Fatal(err)
		}
		e, err := ledger.NewEntry(ledger.TypeEntryCorrected, h.nurse.Actor(), lotSubj,
			&ledger.EntryCorrected{Entry: entry, Reason: "miscounted", Corrective: []int64{n + 1}, CorrectiveBodies: []ledger.Covered{cover}})
		if err != nil {
			t.Fatal(err)
		}
		if sign { // the nurse signs this declaration, naming qty
			e.Time = "2026-11-21T05:00:00.000Z" // as forge dates it
			s, err := h.nk.Sign(e, h.nk.Enrolled, e.Time, passkey.Options{})
			if err != nil {
				t.Fatal(err)
			}
			e.Sigs = []ledger.Signature{s}
		}
		return e
	}
	forge(t, h.st, declaration(use(300), 30, true), nil)
	swapped := forge(t, h.st, corrective(3), nil) // not the 30 the nurse signed
	unsignedDecl := forge(t, h.st, declaration(use(200), 20, false), nil)
	unsignedUse := forge(t, h.st, corrective(20), nil)
	addItems(t, h.st, "z", 1) // the next honest write signs a checkpoint over them
	out, _, err = runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	org := fmt.Sprintf("Jinyintan Hospital (organisation %d)", h.admin.Org)
	wantFailure(t, out, err,
		fmt.Sprintf("PROBLEM [signature] entry %d: lot.used in the name of %s: entry %d is not what the signed entry %d named in its place", swapped, org, swapped, swapped-1),
		fmt.Sprintf("PROBLEM [signature] entry %d: entry.corrected by %s is unsigned, but %s requires signatures", unsignedDecl, org, org),
		fmt.Sprintf("PROBLEM [signature] entry %d: lot.used by %s is unsigned, but %s requires signatures", unsignedUse, org, org),
	)
	if strings.Count(out, "PROBLEM [signature]") != 3 {
		t.Errorf("want exactly the three forged entries named:\n%s", out)
	}
}

// TestVerifierKnowsTheAdmin: only an organisation's admin (its registrant,
// as the log says) approves a colleague's passkey. The operator appends an
// approval by a staff member, even signed by their own passkey: the store
// would refuse it, and the verifier names it from the entries alone.
func TestVerifierKnowsTheAdmin(t *testing.T) {
	ctx := context.Background()
	h := newSigningHospital(t)
	nurse2 := sqlitetest.Staff(t, h.st, h.admin)
	p, err := passkey.New("localhost", "http://localhost", webauthncose.AlgES256)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.EnrolKey(ctx, nurse2, p.CredentialID, p.Enrolment(0, 0)); err != nil {
		t.Fatal(err)
	}
	e, err := ledger.NewEntry(ledger.TypeKeyApproved, h.nurse.Actor(), []string{ledger.KeySubject(p.ID()), ledger.Subject(ledger.SubjectOrg, h.admin.Org)},
		&ledger.KeyApproved{Key: p.ID()})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.nk.SignedWrite(ctx, h.nk.Enrolled, passkey.Options{}, func(ctx context.Context) error {
		_, err := h.st.ApproveKey(ctx, h.nurse, p.ID())
		return err
	}); err == nil || !strings.Contains(err.Error(), "only the organisation's admin may do this") {
		t.Fatalf("the store let a staff member approve a colleague's key: %v", err)
	}
	e.Time = "2026-11-21T05:00:00.000Z" // as forge dates it
	s, err := h.nk.Sign(e, h.nk.Enrolled, e.Time, passkey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.Sigs = []ledger.Signature{s}
	forged := forge(t, h.st, e, nil)
	addItems(t, h.st, "z", 1)
	l := serve(t, h.st, nil)
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	wantFailure(t, out, err, fmt.Sprintf("PROBLEM [rule] entry %d: key.approved: only the organisation's admin may do this", forged))
}
