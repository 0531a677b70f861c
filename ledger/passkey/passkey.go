// Package passkey is a software passkey: a WebAuthn credential held in
// memory that makes real assertions, for the demo seed and for tests that
// play a member's phone (or a dishonest operator without one).
package passkey

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// Passkey is one credential of one relying party.
type Passkey struct {
	CredentialID []byte
	RPID         string
	Origin       string
	Alg          int64
	Enrolled     int64 // its key.enrolled entry, once enrolled
	signer       crypto.Signer
	counter      uint32
}

// New returns a new passkey for the relying party rpID used from origin,
// with the COSE algorithm alg (ES256, EdDSA or RS256).
func New(rpID, origin string, alg webauthncose.COSEAlgorithmIdentifier) (*Passkey, error) {
	p := &Passkey{CredentialID: make([]byte, 32), RPID: rpID, Origin: origin, Alg: int64(alg)}
	rand.Read(p.CredentialID)
	var err error
	switch alg {
	case webauthncose.AlgES256:
		p.signer, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case webauthncose.AlgEdDSA:
		_, p.signer, err = ed25519.GenerateKey(rand.Reader)
	case webauthncose.AlgRS256:
		p.signer, err = rsa.GenerateKey(rand.Reader, 2048)
	default:
		err = fmt.Errorf("passkey: unsupported algorithm %d", alg)
	}
	return p, err
}

// ID is the key id the ledger knows the passkey by.
func (p *Passkey) ID() string { return ledger.KeyID(p.CredentialID) }

// COSE returns the public key as a COSE_Key.
func (p *Passkey) COSE() []byte {
	var v any
	switch k := p.signer.Public().(type) {
	case *ecdsa.PublicKey:
		b, _ := k.Bytes()
		v = webauthncose.EC2PublicKeyData{PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.EllipticKey), Algorithm: p.Alg},
			Curve: int64(webauthncose.P256), XCoord: b[1:33], YCoord: b[33:]}
	case ed25519.PublicKey:
		v = webauthncose.OKPPublicKeyData{PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.OctetKey), Algorithm: p.Alg},
			Curve: int64(webauthncose.Ed25519), XCoord: k}
	case *rsa.PublicKey:
		v = webauthncose.RSAPublicKeyData{PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.RSAKey), Algorithm: p.Alg},
			Modulus: k.N.Bytes(), Exponent: big.NewInt(int64(k.E)).Bytes()}
	}
	b, err := webauthncbor.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// Enrolment is the key.enrolled body for this passkey of member user of org.
func (p *Passkey) Enrolment(org, user int64) *ledger.KeyEnrolled {
	return &ledger.KeyEnrolled{Key: p.ID(), Org: org, User: user, PublicKey: base64.RawURLEncoding.EncodeToString(p.COSE()),
		Alg: p.Alg, RPID: p.RPID, Origin: p.Origin}
}

// Options change how an assertion is made, to play a broken or hostile client.
type Options struct {
	NoUV   bool   // the authenticator did not verify the user
	Origin string // the page's origin, if not the passkey's
}

// Assert returns a WebAuthn assertion over challenge: authenticatorData,
// clientDataJSON and the signature.
func (p *Passkey) Assert(challenge []byte, o Options) (authData, clientData, sig []byte, err error) {
	origin := p.Origin
	if o.Origin != "" {
		origin = o.Origin
	}
	clientData, _ = json.Marshal(map[string]any{"type": "webauthn.get", "challenge": base64.RawURLEncoding.EncodeToString(challenge),
		"origin": origin, "crossOrigin": false})
	rp := sha256.Sum256([]byte(p.RPID))
	flags := byte(0x05) // UP | UV
	if o.NoUV {
		flags = 0x01
	}
	p.counter++
	authData = append(append(rp[:], flags), binary.BigEndian.AppendUint32(nil, p.counter)...)
	cd := sha256.Sum256(clientData)
	msg := append(append([]byte{}, authData...), cd[:]...)
	switch k := p.signer.(type) {
	case ed25519.PrivateKey:
		sig = ed25519.Sign(k, msg)
	default:
		h := sha256.Sum256(msg)
		sig, err = p.signer.Sign(rand.Reader, h[:], crypto.SHA256)
	}
	return authData, clientData, sig, err
}

// Sign signs the statement of e issued at issued, with a fresh nonce,
// and returns the signature to put in its sigs; enrolled is the
// key.enrolled entry of this passkey.
func (p *Passkey) Sign(e *ledger.Entry, enrolled int64, issued string, o Options) (ledger.Signature, error) {
	nonce := make([]byte, 16)
	rand.Read(nonce)
	n := hex.EncodeToString(nonce)
	return p.SignPrepared(&ledger.Prepared{Entry: e, Issued: issued, Nonce: n, Challenge: ledger.StatementHash(e, issued, n)}, enrolled, o)
}

// SignPrepared signs a statement the server prepared.
func (p *Passkey) SignPrepared(pr *ledger.Prepared, enrolled int64, o Options) (ledger.Signature, error) {
	s := ledger.Signature{Key: p.ID(), Enrolled: enrolled, Issued: pr.Issued, Nonce: pr.Nonce}
	a, c, sig, err := p.Assert(pr.Challenge[:], o)
	if err != nil {
		return s, err
	}
	s.AuthData, s.ClientData, s.Sig = b64(a), b64(c), b64(sig)
	return s, nil
}

// SignedWrite makes a signed write as a member's browser does: write runs
// once to prepare its statement (nothing is appended), the passkey signs
// it, and write runs again carrying the signature.
func (p *Passkey) SignedWrite(ctx context.Context, enrolled int64, o Options, write func(ctx context.Context) error) error {
	sg := ledger.NewSigning(nil)
	err := write(ledger.WithSigning(ctx, sg))
	if sg.Prepared == nil {
		if err == nil {
			err = fmt.Errorf("passkey: the write appended nothing to sign")
		}
		return err
	}
	s, err := p.SignPrepared(sg.Prepared, enrolled, o)
	if err != nil {
		return err
	}
	return write(ledger.WithSigning(ctx, ledger.NewSigning(&s)))
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
