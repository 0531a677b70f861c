package ledger

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// Party keys: members enrol passkeys (WebAuthn credentials) as ledger
// entries, an admin of their organisation other than themselves approves
// each one, and a lost phone or a removed member's key is revoked. Keys is
// the state; Step checks one key entry against it, and the store, the
// replay and aidtrail-verify all run it (as Custody.Step for lots).

// Entry types of keys and of an organisation's signature policy.
const (
	TypeKeyEnrolled = "key.enrolled"
	TypeKeyApproved = "key.approved"
	TypeKeyRevoked  = "key.revoked"
	TypeOrgPolicy   = "org.policy"
)

// SubjectKey is the subject kind of a key: its credential id hash.
const SubjectKey = "key"

func init() {
	Register(TypeKeyEnrolled, &KeyEnrolled{})
	Register(TypeKeyApproved, &KeyApproved{})
	Register(TypeKeyRevoked, &KeyRevoked{})
	Register(TypeOrgPolicy, &OrgPolicy{})
}

// Key statuses.
const (
	KeyStatusPending = "pending" // enrolled, waiting for an admin's approval
	KeyStatusActive  = "active"  // approved: its signatures count
	KeyStatusRevoked = "revoked" // lost, withdrawn or its member removed
)

// Why a key was revoked.
const (
	RevokedLost    = "lost"
	RevokedRemoved = "member_removed"
)

// COSE algorithms accepted for party keys: ES256, EdDSA and RS256.
var KeyAlgs = []int64{int64(webauthncose.AlgES256), int64(webauthncose.AlgEdDSA), int64(webauthncose.AlgRS256)}

// KeyEnrolled is the body of key.enrolled: a member's passkey. Only the
// SHA-256 of the credential id is kept; the user is the pseudonymous id,
// never a name or e-mail.
type KeyEnrolled struct {
	Key       string `json:"key"`        // hex SHA-256 of the credential id
	Org       int64  `json:"org"`        // the member's organisation
	User      int64  `json:"user"`       // the member
	PublicKey string `json:"public_key"` // base64url of the COSE_Key
	Alg       int64  `json:"alg"`        // COSE algorithm
	RPID      string `json:"rp_id"`      // the WebAuthn relying party id (a host name)
	Origin    string `json:"origin"`     // the web origin assertions must come from
}

// KeyApproved is the body of key.approved: an admin of the key's
// organisation (the actor) lets it sign.
type KeyApproved struct {
	Key string `json:"key"`
}

// KeyRevoked is the body of key.revoked: from this entry on, the key's
// signatures are invalid.
type KeyRevoked struct {
	Key    string `json:"key"`
	Reason string `json:"reason"` // lost | member_removed
}

// OrgPolicy is the body of org.policy: whether the organisation's
// confirmations must be signed by one of its keys.
type OrgPolicy struct {
	Org               int64 `json:"org"`
	RequireSignatures bool  `json:"require_signatures"`
}

// KeyID returns the key id of a credential id: hex of its SHA-256.
func KeyID(credentialID []byte) string {
	h := sha256.Sum256(credentialID)
	return hex.EncodeToString(h[:])
}

// Fingerprint is how people compare a key: the first 16 hex digits of the
// SHA-256 of its COSE public key, in groups of four.
func (b *KeyEnrolled) Fingerprint() string {
	raw, _ := base64.RawURLEncoding.DecodeString(b.PublicKey)
	h := sha256.Sum256(raw)
	s := hex.EncodeToString(h[:8])
	return s[0:4] + " " + s[4:8] + " " + s[8:12] + " " + s[12:16]
}

// Validate checks the key id, the COSE key and its algorithm, and the
// relying party.
func (b *KeyEnrolled) Validate() error {
	if !isSHA256Hex(b.Key) {
		return Errorf(EINVALID, "bad key id")
	}
	if b.Org <= 0 || b.User <= 0 {
		return Errorf(EINVALID, "a key belongs to a member of an organisation")
	}
	raw, err := base64.RawURLEncoding.DecodeString(b.PublicKey)
	if err != nil || len(raw) == 0 || len(raw) > 2048 {
		return Errorf(EINVALID, "bad public key")
	}
	pk, err := webauthncose.ParsePublicKey(raw)
	if err != nil || coseAlg(pk) != b.Alg {
		return Errorf(EINVALID, "bad public key")
	}
	if !slices.Contains(KeyAlgs, b.Alg) {
		return Errorf(EINVALID, "this passkey uses an algorithm Aidtrail does not accept (ES256, EdDSA or RS256)")
	}
	if !validRPID(b.RPID) || !validOrigin(b.Origin, b.RPID) {
		return Errorf(EINVALID, "bad relying party")
	}
	return nil
}

// coseAlg is the algorithm a parsed COSE key names.
func coseAlg(pk any) int64 {
	switch k := pk.(type) {
	case webauthncose.EC2PublicKeyData:
		return k.Algorithm
	case webauthncose.OKPPublicKeyData:
		return k.Algorithm
	case webauthncose.RSAPublicKeyData:
		return k.Algorithm
	}
	return 0
}

func validRPID(s string) bool {
	return s != "" && len(s) <= 253 && !strings.ContainsAny(s, "/:@ \t\n") && strings.ToLower(s) == s
}

// validOrigin: an https origin on the relying party's host (or a
// sub-domain), or http on localhost for development and tests.
func validOrigin(origin, rpID string) bool {
	scheme, host, ok := strings.Cut(origin, "://")
	if !ok || strings.ContainsAny(host, "/?#@ ") {
		return false
	}
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	if host != rpID && !strings.HasSuffix(host, "."+rpID) {
		return false
	}
	return scheme == "https" || (scheme == "http" && host == "localhost")
}

// Validate checks the key id.
func (b *KeyApproved) Validate() error {
	if !isSHA256Hex(b.Key) {
		return Errorf(EINVALID, "bad key id")
	}
	return nil
}

// Validate checks the key id and the reason.
func (b *KeyRevoked) Validate() error {
	if !isSHA256Hex(b.Key) {
		return Errorf(EINVALID, "bad key id")
	}
	if b.Reason != RevokedLost && b.Reason != RevokedRemoved {
		return Errorf(EINVALID, "bad reason for revoking a key")
	}
	return nil
}

// Validate checks the organisation id.
func (b *OrgPolicy) Validate() error {
	if b.Org <= 0 {
		return Errorf(EINVALID, "bad organisation id")
	}
	return nil
}

// Key is a party key as the ledger says it stands.
type Key struct {
	KeyEnrolled
	Status   string
	Enrolled int64 // the key.enrolled entry
	Approved int64 // the key.approved entry, -1 until approved
	Revoked  int64 // the key.revoked entry, -1 unless revoked
	Approver int64 // the admin who approved it
}

// Keys is the state of party keys, signature policies and used statement
// nonces. The store loads the rows an entry touches; the replay holds all.
type Keys struct {
	Keys     map[string]*Key  // by key id
	Required map[int64]int64  // organisations requiring signatures -> the policy entry
	Nonces   map[string]int64 // statement nonces already signed -> entry
	// Ahead holds the entries a signed entry named in advance (the
	// corrective entries of a signed correction), by index, until they come.
	Ahead map[int64]SignedAhead
	// Admins holds the admin of an organisation, as its org.registered
	// entry names them (its registrant stays its one admin), for the
	// organisations an entry touches; the platform's are not in the log.
	Admins map[int64]int64
}

// SignedAhead is an entry a signed entry named in advance: its signature
// covers it.
type SignedAhead struct {
	Covered
	By    int64 // the signed entry
	Actor Actor // who signed it
}

// NewKeys returns an empty key state.
func NewKeys() *Keys {
	k := &Keys{}
	k.init()
	return k
}

func (k *Keys) init() {
	if k.Keys == nil {
		k.Keys, k.Required, k.Nonces = map[string]*Key{}, map[int64]int64{}, map[string]int64{}
	}
	if k.Ahead == nil {
		k.Ahead = map[int64]SignedAhead{}
	}
	if k.Admins == nil {
		k.Admins = map[int64]int64{}
	}
}

// KeyTypes are the entry types Keys.Step handles.
var KeyTypes = []string{TypeKeyEnrolled, TypeKeyApproved, TypeKeyRevoked, TypeOrgPolicy}

// KeySubject is the subject of a key.
func KeySubject(id string) string { return Subject(SubjectKey, id) }

// Step checks a key or policy entry, to be appended at index by actor,
// against k. It changes nothing; the returned step's Apply does. An
// organisation's admin is the member who registered it (k.Admins): only
// they approve keys (their own is approved by another member), revoke
// others' keys and set the policy. The platform's admins are not in the
// ledger: for its keys the rule checks what the entries show (same
// organisation, another member) and the store checks the role.
func (k *Keys) Step(index int64, actor Actor, body Body) (*Step, error) {
	k.init()
	switch b := body.(type) {
	case *KeyEnrolled:
		if actor.Org != b.Org || actor.User != b.User {
			return nil, Errorf(EFORBIDDEN, "a member enrols only their own passkey")
		}
		if _, dup := k.Keys[b.Key]; dup {
			return nil, Errorf(ECONFLICT, "this passkey is already enrolled")
		}
		return &Step{Subjects: []string{KeySubject(b.Key), Subject(SubjectOrg, b.Org)}, apply: func() {
			k.Keys[b.Key] = &Key{KeyEnrolled: *b, Status: KeyStatusPending, Enrolled: index, Approved: -1, Revoked: -1}
		}}, nil
	case *KeyApproved:
		key, err := k.key(b.Key)
		if err != nil {
			return nil, err
		}
		switch {
		case actor.Org != key.Org:
			return nil, Errorf(EFORBIDDEN, "only an admin of the key's organisation may approve it")
		case actor.User == key.User:
			return nil, Errorf(EFORBIDDEN, "someone else in your organisation must approve your own passkey (four eyes)")
		case key.Status != KeyStatusPending:
			return nil, Errorf(ECONFLICT, "this passkey is already %s", key.Status)
		case !k.isAdmin(key.Org, actor.User) && !k.isAdmin(key.Org, key.User):
			return nil, Errorf(EFORBIDDEN, "only the organisation's admin may do this")
		}
		return &Step{Subjects: []string{KeySubject(b.Key), Subject(SubjectOrg, key.Org)}, apply: func() {
			key.Status, key.Approved, key.Approver = KeyStatusActive, index, actor.User
		}}, nil
	case *KeyRevoked:
		key, err := k.key(b.Key)
		if err != nil {
			return nil, err
		}
		switch {
		case actor.Org != key.Org:
			return nil, Errorf(EFORBIDDEN, "only the key's member or an admin of its organisation may revoke it")
		case key.Status == KeyStatusRevoked:
			return nil, Errorf(ECONFLICT, "this passkey is already %s", key.Status)
		case b.Reason == RevokedRemoved && actor.User == key.User,
			actor.User != key.User && !k.isAdmin(key.Org, actor.User):
			return nil, Errorf(EFORBIDDEN, "only the key's member or an admin of its organisation may revoke it")
		}
		return &Step{Subjects: []string{KeySubject(b.Key), Subject(SubjectOrg, key.Org)}, apply: func() {
			key.Status, key.Revoked = KeyStatusRevoked, index
		}}, nil
	case *OrgPolicy:
		if actor.Org != b.Org || !k.isAdmin(b.Org, actor.User) {
			return nil, Errorf(EFORBIDDEN, "only the organisation's admin may set its signature policy")
		}
		return &Step{Subjects: []string{Subject(SubjectOrg, b.Org)}, apply: func() {
			if b.RequireSignatures {
				k.Required[b.Org] = index
			} else {
				delete(k.Required, b.Org)
			}
		}}, nil
	}
	return nil, Errorf(EINVALID, "not a key entry")
}

// isAdmin reports whether user may act as org's admin: they are, or the
// log does not say who is (the platform).
func (k *Keys) isAdmin(org, user int64) bool {
	admin, known := k.Admins[org]
	return !known || admin == user
}

func (k *Keys) key(id string) (*Key, error) {
	key, ok := k.Keys[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, "no such passkey")
	}
	return key, nil
}

// ActiveKeys returns the active keys of org, oldest first.
func (k *Keys) ActiveKeys(org int64) []*Key {
	var out []*Key
	for _, key := range k.Keys {
		if key.Org == org && key.Status == KeyStatusActive {
			out = append(out, key)
		}
	}
	slices.SortFunc(out, func(a, b *Key) int { return int(a.Enrolled - b.Enrolled) })
	return out
}

// keysState is the replay's part: the same Keys the store uses.
type keysState struct{ keys *Keys }

// ReplayedKeys returns the keys re-derived so far.
func ReplayedKeys(s *State) *Keys {
	p := Part[keysState](s)
	if p.keys == nil {
		p.keys = NewKeys()
	}
	return p.keys
}

// applyKeys replays a key entry with Keys.Step; the entry must list the
// subjects the rule names.
func applyKeys(s *State, index int64, e *Entry, body Body) error {
	keys := ReplayedKeys(s)
	if o, ok := ReplayedOrgs(s)[e.Actor.Org]; ok {
		keys.Admins[o.ID] = o.Registrant
	}
	st, err := keys.Step(index, e.Actor, body)
	if err != nil {
		return err
	}
	for _, subj := range st.Subjects {
		if !slices.Contains(e.Subjects, subj) {
			return fmt.Errorf("the entry does not name its subject %s", subj)
		}
	}
	st.Apply()
	return nil
}

// KeyAlg returns the COSE algorithm a COSE_Key names, 0 if it does not parse.
func KeyAlg(cose []byte) int64 {
	pk, err := webauthncose.ParsePublicKey(cose)
	if err != nil {
		return 0
	}
	return coseAlg(pk)
}
