package ledger

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// Party signatures: a member's passkey signs a canonical statement of the
// entry they confirm. The server builds the statement, the member's device
// signs its SHA-256 as the WebAuthn challenge, and the assertion goes into
// the entry's sigs. The check is written once, here: the store runs it
// before appending, aidtrail-verify runs it offline from the entries alone.

// StatementDomain separates Aidtrail statements from anything else a
// passkey might sign.
const StatementDomain = "aidtrail/statement/v1"

// MaxStatementAge is how long a statement may wait between the server
// building it and the entry being appended.
const MaxStatementAge = 15 * time.Minute

// Signature is a party's WebAuthn assertion over the statement of the
// entry that carries it.
type Signature struct {
	Key        string `json:"key"`         // key id: hex SHA-256 of the credential id
	Enrolled   int64  `json:"enrolled"`    // the key.enrolled entry of that key
	Issued     string `json:"issued"`      // when the server built the statement (TimeFormat)
	Nonce      string `json:"nonce"`       // hex, 16 bytes, never signed twice
	AuthData   string `json:"auth_data"`   // base64url authenticatorData
	ClientData string `json:"client_data"` // base64url clientDataJSON
	Sig        string `json:"sig"`         // base64url signature
}

// statement is the canonical form signed: every field that says what the
// action is, and the body by its hash (the body's bytes as stored).
type statement struct {
	Domain     string   `json:"domain"`
	Type       string   `json:"type"`
	Actor      Actor    `json:"actor"`
	Subjects   []string `json:"subjects"`
	BodySHA256 string   `json:"body_sha256"`
	Issued     string   `json:"issued"`
	Nonce      string   `json:"nonce"`
}

// Statement returns the canonical statement of e, issued at issued with
// nonce: compact JSON with fields in a fixed order.
func Statement(e *Entry, issued, nonce string) []byte {
	h := sha256.Sum256(e.Body)
	b, _ := json.Marshal(statement{Domain: StatementDomain, Type: e.Type, Actor: e.Actor, Subjects: e.Subjects,
		BodySHA256: hex.EncodeToString(h[:]), Issued: issued, Nonce: nonce})
	return b
}

// StatementHash is the WebAuthn challenge for e: SHA-256 of its statement.
func StatementHash(e *Entry, issued, nonce string) [32]byte {
	return sha256.Sum256(Statement(e, issued, nonce))
}

// MustSign lists the confirmations an organisation that requires
// signatures may not make unsigned.
var MustSign = []string{
	TypeLotReceived, TypeLotSplit, TypeLotPacked, TypeLotUnpacked, TypeLotUsed, TypeLotWrittenOff,
	TypeLotCounted, TypeLotCountReviewed,
	TypeHandoffDispatched, TypeHandoffPickedUp, TypeHandoffDelivered, TypeHandoffReceived, TypeHandoffRejected,
	TypeMoneyReceived, TypeMoneySpent, TypeEntryCorrected,
	TypeNeedSubmitted, TypeNeedUpdated, TypeNeedClosed, TypeReviewDecided,
	TypeKeyApproved, TypeOrgPolicy,
}

func (s *Signature) validate() error {
	if !isSHA256Hex(s.Key) || s.Enrolled < 0 {
		return Errorf(EINVALID, "the signature names no passkey")
	}
	if _, err := ParseTime(s.Issued); err != nil {
		return Errorf(EINVALID, "the signature's statement has a bad time")
	}
	if n, err := hex.DecodeString(s.Nonce); err != nil || len(n) != 16 {
		return Errorf(EINVALID, "the signature's statement has a bad nonce")
	}
	return nil
}

// unsignedStep is the step of an unsigned entry that no signed entry named
// ahead: nothing to apply. Shared, so the replay of a mostly unsigned log
// allocates no step per entry (43 MB at 1M entries).
var unsignedStep = &Step{apply: func() {}}

// CheckSignatures checks e, to be appended at index, against the key
// state: a signature must be a valid assertion by an active key of the
// acting member over the entry's statement, with a nonce never used
// before; an entry a signed entry named in advance (a corrective entry of
// a signed correction) must be by the same member and say exactly what was
// named, and needs no signature of its own; any other unsigned
// confirmation is refused if the actor's organisation requires
// signatures. It returns the step that records the nonce and what the
// entry names in advance.
func (k *Keys) CheckSignatures(index int64, e *Entry) (*Step, error) {
	k.init()
	ahead, covered := k.Ahead[index]
	if covered && (ahead.Actor != e.Actor || ahead.Covered != coverOf(e)) {
		return nil, Errorf(EFORBIDDEN, "entry %d is not what the signed entry %d named in its place", index, ahead.By)
	}
	if len(e.Sigs) == 0 {
		if _, req := k.Required[e.Actor.Org]; req && !covered && slices.Contains(MustSign, e.Type) {
			return nil, Errorf(EFORBIDDEN, "your organisation requires a passkey signature on this confirmation; sign it with your passkey")
		}
		if !covered {
			return unsignedStep, nil
		}
		return &Step{apply: func() { delete(k.Ahead, index) }}, nil
	}
	if len(e.Sigs) > 1 {
		return nil, Errorf(EINVALID, "an entry carries one signature")
	}
	s := &e.Sigs[0]
	if err := s.validate(); err != nil {
		return nil, err
	}
	key, ok := k.Keys[s.Key]
	switch {
	case !ok || key.Enrolled != s.Enrolled:
		return nil, Errorf(EFORBIDDEN, "the signature is by a passkey that is not enrolled")
	case key.Status == KeyStatusRevoked:
		return nil, Errorf(EFORBIDDEN, "the signature is by a passkey that was revoked")
	case key.Status != KeyStatusActive:
		return nil, Errorf(EFORBIDDEN, "the signature is by a passkey not yet approved by an admin")
	case key.Org != e.Actor.Org || key.User != e.Actor.User:
		return nil, Errorf(EFORBIDDEN, "the signature is by a passkey of someone else")
	}
	if _, used := k.Nonces[s.Nonce]; used {
		return nil, Errorf(ECONFLICT, "this signature was already used; confirm again")
	}
	issued, _ := ParseTime(s.Issued)
	if at := e.ParsedTime(); at.Before(issued) || at.Sub(issued) > MaxStatementAge {
		return nil, Errorf(EINVALID, "the signed statement has expired; confirm again")
	}
	if err := VerifyAssertion(&key.KeyEnrolled, StatementHash(e, s.Issued, s.Nonce), s); err != nil {
		return nil, err
	}
	covers := coversOf(index, e)
	return &Step{apply: func() {
		k.Nonces[s.Nonce] = index
		delete(k.Ahead, index)
		for i, c := range covers {
			k.Ahead[i] = SignedAhead{Covered: c, By: index, Actor: e.Actor}
		}
	}}, nil
}

// Covers reports whether signed, a signed entry at index at, named e, at
// index, in advance (a corrective entry of a signed correction), so that
// its signature covers e: the rule CheckSignatures applies, for the marks
// on pages (the store checked the signature itself before appending).
func Covers(signed *Entry, at int64, e *Entry, index int64) bool {
	if len(signed.Sigs) == 0 || signed.Actor != e.Actor {
		return false
	}
	c, ok := coversOf(at, signed)[index]
	return ok && c == coverOf(e)
}

// coversOf returns the entries e names in advance, by index: only a
// correction does, and only later entries.
func coversOf(index int64, e *Entry) map[int64]Covered {
	if e.Type != TypeEntryCorrected {
		return nil
	}
	b, err := e.DecodeBody()
	if err != nil {
		return nil
	}
	covers := b.(*EntryCorrected).Covers()
	maps.DeleteFunc(covers, func(i int64, _ Covered) bool { return i <= index })
	return covers
}

// clientData is the part of WebAuthn's clientDataJSON that is checked.
type clientData struct {
	Type        string `json:"type"`
	Challenge   string `json:"challenge"`
	Origin      string `json:"origin"`
	CrossOrigin bool   `json:"crossOrigin"`
}

// Authenticator data flags (WebAuthn §6.1).
const (
	flagUP = 0x01 // user present
	flagUV = 0x04 // user verified (fingerprint, face, PIN)
)

// VerifyAssertion checks a WebAuthn assertion by key over challenge: the
// client data (parsed, never compared as a string) says webauthn.get, the
// challenge and the key's origin; the authenticator data names the key's
// relying party with the user present and verified; the signature over
// authenticatorData || SHA-256(clientDataJSON) verifies with the COSE key.
func VerifyAssertion(key *KeyEnrolled, challenge [32]byte, s *Signature) error {
	authData, err1 := base64.RawURLEncoding.DecodeString(s.AuthData)
	cdj, err2 := base64.RawURLEncoding.DecodeString(s.ClientData)
	sig, err3 := base64.RawURLEncoding.DecodeString(s.Sig)
	if err1 != nil || err2 != nil || err3 != nil || len(authData) < 37 {
		return Errorf(EINVALID, "the signature is malformed")
	}
	var cd clientData
	if err := json.Unmarshal(cdj, &cd); err != nil {
		return Errorf(EINVALID, "the signature is malformed")
	}
	got, err := base64.RawURLEncoding.DecodeString(cd.Challenge)
	switch {
	case cd.Type != "webauthn.get":
		return Errorf(EINVALID, "the signature is not a WebAuthn assertion")
	case cd.Origin != key.Origin || cd.CrossOrigin:
		return Errorf(EINVALID, "the signature was made on another web site")
	case err != nil || !bytes.Equal(got, challenge[:]):
		return Errorf(EINVALID, "the signature is over another statement")
	}
	rp := sha256.Sum256([]byte(key.RPID))
	flags := authData[32]
	switch {
	case !bytes.Equal(authData[:32], rp[:]):
		return Errorf(EINVALID, "the signature was made for another web site")
	case flags&flagUP == 0 || flags&flagUV == 0:
		return Errorf(EINVALID, "the passkey did not verify you (fingerprint, face or PIN); confirm again")
	}
	raw, err := base64.RawURLEncoding.DecodeString(key.PublicKey)
	if err != nil {
		return Errorf(EINVALID, "bad public key")
	}
	pk, err := webauthncose.ParsePublicKey(raw)
	if err != nil || !slices.Contains(KeyAlgs, coseAlg(pk)) {
		return Errorf(EINVALID, "bad public key")
	}
	cdHash := sha256.Sum256(cdj)
	ok, err := webauthncose.VerifySignature(pk, append(slices.Clip(authData), cdHash[:]...), sig)
	if err != nil || !ok {
		return Errorf(EINVALID, "the passkey signature does not verify")
	}
	return nil
}

// Signing says how one write is signed. The handler puts it in the write's
// context (WithSigning); the store reads it when it appends. A signed
// confirmation is made twice: once with Prepare, which builds the
// statement of the write's first entry (and the entries after it, to show
// with it) and appends nothing, then, once the member's passkey has signed
// it, with Sig. Codes the write draws come from the nonce, so both runs
// build the same entries. The signature goes on the first entry; a later
// entry of the write needs none only if the first names it in advance (a
// correction's corrective entries).
type Signing struct {
	Prepare  bool       // build the statement of the write's first entry; append nothing
	Nonce    string     // the statement's nonce (hex, 16 bytes)
	Sig      *Signature // the member's assertion, for the write's first entry
	Prepared *Prepared  // what Prepare built
	used     bool
	draws    uint64
}

// Prepared is a statement ready to be signed.
type Prepared struct {
	Entry     *Entry
	Follows   []*Entry // the write's later entries, shown with the statement
	Issued    string
	Nonce     string
	Challenge [32]byte
}

// NewSigning returns the signing of a write: to prepare (sig nil) or to
// commit with sig.
func NewSigning(sig *Signature) *Signing {
	if sig != nil {
		return &Signing{Sig: sig, Nonce: sig.Nonce}
	}
	n := make([]byte, 16)
	rand.Read(n)
	return &Signing{Prepare: true, Nonce: hex.EncodeToString(n)}
}

// TakeSig returns the signature for the write's first entry, once.
func (sg *Signing) TakeSig() *Signature {
	if sg == nil || sg.used || sg.Sig == nil {
		return nil
	}
	sg.used = true
	return sg.Sig
}

// Read makes Signing the source of the write's random codes: SHA-256 of
// the nonce and a counter, so preparing and committing draw the same.
func (sg *Signing) Read(p []byte) (int, error) {
	for i := 0; i < len(p); i += 32 {
		h := sha256.Sum256(fmt.Appendf(nil, "%s/codes/%s/%d", StatementDomain, sg.Nonce, sg.draws))
		sg.draws++
		copy(p[i:], h[:])
	}
	return len(p), nil
}

type signingKey struct{}

// WithSigning returns a context whose write is signed as sg says.
func WithSigning(ctx context.Context, sg *Signing) context.Context {
	return context.WithValue(ctx, signingKey{}, sg)
}

// SigningFrom returns the write's signing, or nil for an unsigned write.
func SigningFrom(ctx context.Context) *Signing {
	sg, _ := ctx.Value(signingKey{}).(*Signing)
	return sg
}
