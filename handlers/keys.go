package handlers

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
	"github.com/go-chi/chi/v5"
	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
)

// Passkeys: members enrol them on /account/keys (WebAuthn registration,
// user verification required), admins approve them, and a signable form
// is signed by static/js/passkeys.js: it posts the form with the
// Aidtrail-Sign: prepare header (withSigning runs the handler with a
// prepared write and answers the statement), asks the passkey to sign
// the statement's hash, and submits the form with the assertion in a
// hidden field. Without JavaScript the form is simply posted unsigned.

const (
	signHeader    = "Aidtrail-Sign" // "prepare": build the statement, change nothing
	sigField      = "signature"     // the assertion (JSON), added by passkeys.js
	regCookieName = "aidtrail-reg"  // the registration ceremony's state
)

// relyingParty is the WebAuthn relying party of the server's public URL:
// its host name is the rpId (so an IP address cannot be one), its origin
// the only origin accepted.
func (s *Server) relyingParty() (*webauthn.WebAuthn, string, string, error) {
	u, err := url.Parse(s.baseURL)
	if err != nil || u.Hostname() == "" {
		return nil, "", "", ledger.Errorf(ledger.EINVALID, "passkeys need the server's public URL")
	}
	origin := u.Scheme + "://" + u.Host
	rp, err := webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: "Aidtrail", RPOrigins: []string{origin}})
	if err != nil {
		return nil, "", "", ledger.Errorf(ledger.EINVALID, "passkeys need the server's public URL")
	}
	return rp, u.Hostname(), origin, nil
}

// passkeyUser is a member as WebAuthn sees them: a pseudonymous handle,
// their organisation for a name, and their active credentials.
type passkeyUser struct {
	m     ledger.Member
	name  string
	creds []webauthn.Credential
}

func (u *passkeyUser) WebAuthnID() []byte                         { return fmt.Appendf(nil, "aidtrail-user-%d", u.m.User) }
func (u *passkeyUser) WebAuthnName() string                       { return u.name }
func (u *passkeyUser) WebAuthnDisplayName() string                { return u.name }
func (u *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

func (s *Server) passkeyUser(r *http.Request, m ledger.Member) (*passkeyUser, error) {
	u := &passkeyUser{m: m, name: fmt.Sprintf("Aidtrail member %d", m.User)}
	if o, err := s.store.Org(r.Context(), m.Org); err == nil {
		u.name = fmt.Sprintf("%s · %d", o.Name, m.User)
	}
	ids, err := s.store.ActiveCredentials(r.Context(), m)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		raw, err := base64.RawURLEncoding.DecodeString(id)
		if err == nil {
			u.creds = append(u.creds, webauthn.Credential{ID: raw})
		}
	}
	return u, nil
}

func inOrg(m ledger.Member) bool { return m.Org > 0 }

// handleKeys shows the member's passkeys, those waiting for their approval
// and, for an admin, the organisation's signature policy.
func (s *Server) handleKeys(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, inOrg)
	if !ok {
		return
	}
	mk, err := s.store.MemberKeys(r.Context(), m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if m.Role != ledger.RoleAdmin {
		// An organisation has one admin: its other members approve the admin's keys.
		if mk.Pending, err = s.store.AdminKeysPending(r.Context(), m); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, views.KeysPage(views.NewKeysVM(m, mk, r.URL.Query().Get("e"))))
}

// handleKeyOptions starts a registration: the creation options as JSON,
// the ceremony's state in a short-lived encrypted cookie.
func (s *Server) handleKeyOptions(w http.ResponseWriter, r *http.Request) {
	r = answerErrorsAs(r, errorsAsJSON)
	m, ok := s.actor(w, r, inOrg)
	if !ok {
		return
	}
	rp, _, _, err := s.relyingParty()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	u, err := s.passkeyUser(r, m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range u.creds {
		exclude = append(exclude, c.Descriptor())
	}
	creation, session, err := rp.BeginRegistration(u,
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementPreferred, UserVerification: protocol.VerificationRequired}),
		webauthn.WithConveyancePreference(protocol.PreferNoAttestation),
		webauthn.WithExclusions(exclude),
		webauthn.WithCredentialParameters([]protocol.CredentialParameter{
			{Type: protocol.PublicKeyCredentialType, Algorithm: -7},
			{Type: protocol.PublicKeyCredentialType, Algorithm: -8},
			{Type: protocol.PublicKeyCredentialType, Algorithm: -257},
		}))
	if err != nil {
		s.Error(w, r, fmt.Errorf("starting registration: %w", err))
		return
	}
	state, _ := json.Marshal(session)
	sess, _ := s.sessions.New(r, regCookieName)
	opts := *s.sessions.Options
	opts.MaxAge = 300
	sess.Options = &opts
	sess.Values["reg"] = string(state)
	sess.Values["user"] = m.User
	if err := s.sessions.Save(r, w, sess); err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, creation)
}

// handleEnrolKey finishes a registration: the browser's credential is
// checked (challenge, origin, user verified) and enrolled as a ledger
// entry, pending an admin's approval.
func (s *Server) handleEnrolKey(w http.ResponseWriter, r *http.Request) {
	r = answerErrorsAs(r, errorsAsJSON)
	m, ok := s.actor(w, r, inOrg)
	if !ok {
		return
	}
	rp, rpID, origin, err := s.relyingParty()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sess, err := s.sessions.Get(r, regCookieName)
	state, _ := sess.Values["reg"].(string)
	uid, _ := sess.Values["user"].(int64)
	if err != nil || state == "" || uid != m.User {
		s.Error(w, r, ledger.Errorf(ledger.EINVALID, "the passkey registration expired; try again"))
		return
	}
	var session webauthn.SessionData
	if err := json.Unmarshal([]byte(state), &session); err != nil {
		s.Error(w, r, ledger.Errorf(ledger.EINVALID, "the passkey registration expired; try again"))
		return
	}
	u, err := s.passkeyUser(r, m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	cred, err := rp.FinishRegistration(u, session, r)
	if err != nil {
		s.log.Debug("passkey registration refused", "err", err)
		s.Error(w, r, ledger.Errorf(ledger.EINVALID, "the passkey could not be registered; try again"))
		return
	}
	if !cred.Flags.UserVerified {
		s.Error(w, r, ledger.Errorf(ledger.EINVALID, "the passkey did not verify you (fingerprint, face or PIN); confirm again"))
		return
	}
	sess.Options.MaxAge = -1
	s.sessions.Save(r, w, sess)
	body := &ledger.KeyEnrolled{PublicKey: base64.RawURLEncoding.EncodeToString(cred.PublicKey), Alg: ledger.KeyAlg(cred.PublicKey), RPID: rpID, Origin: origin}
	if _, err := s.store.EnrolKey(r.Context(), m, cred.ID, body); err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]string{"next": "/account/keys?e=enrolled"})
}

// handleApproveKey: an admin approves a member's key (or a member the admin's).
func (s *Server) handleApproveKey(w http.ResponseWriter, r *http.Request) {
	s.keyAction(w, r, "approved", s.store.ApproveKey)
}

// handleRevokeKey: a member revokes their own key, an admin any of the organisation's.
func (s *Server) handleRevokeKey(w http.ResponseWriter, r *http.Request) {
	s.keyAction(w, r, "revoked", s.store.RevokeKey)
}

func (s *Server) keyAction(w http.ResponseWriter, r *http.Request, notice string, do func(ctx context.Context, m ledger.Member, id string) (sqlite.Appended, error)) {
	m, ok := s.actor(w, r, inOrg)
	if !ok {
		return
	}
	if _, err := do(keyed(r), m, chi.URLParam(r, "id")); err != nil {
		s.Error(w, r, err)
		return
	}
	s.made(w, r, "/account/keys?e="+notice)
}

// handleKeyPolicy: the admin requires signatures, or stops requiring them.
func (s *Server) handleKeyPolicy(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, inOrg)
	if !ok {
		return
	}
	if _, err := s.store.SetSignaturePolicy(keyed(r), m, r.PostFormValue("require") == "1"); err != nil {
		s.Error(w, r, err)
		return
	}
	s.made(w, r, "/account/keys?e=policy")
}

// formSignature is the assertion passkeys.js adds to a signed form.
type formSignature struct {
	ID         string `json:"id"` // base64url credential id
	Issued     string `json:"issued"`
	Nonce      string `json:"nonce"`
	AuthData   string `json:"auth_data"`
	ClientData string `json:"client_data"`
	Sig        string `json:"sig"`
}

// withSigning runs a signed-in member's POST as a signed write: with the
// Aidtrail-Sign: prepare header it answers the statement to sign (the
// handler runs against a prepared write, its response discarded, nothing
// appended); with a signature field it puts the assertion on the write's
// entry, where the store checks it before appending.
func (s *Server) withSigning(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := currentMember(r.Context())
		if r.Method != http.MethodPost || !m.SignedIn() || m.Org == 0 {
			next.ServeHTTP(w, r)
			return
		}
		if r.Header.Get(signHeader) == "prepare" {
			s.prepareStatement(w, r, m, next)
			return
		}
		raw, err := signatureField(w, r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if raw == "" {
			next.ServeHTTP(w, r)
			return
		}
		sig, err := s.signatureOf(r, raw)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(ledger.WithSigning(r.Context(), ledger.NewSigning(sig))))
	})
}

// signatureField reads the signature field of a form, parsing the form as
// its handler would (multipart forms with the same bounds).
func signatureField(w http.ResponseWriter, r *http.Request) (string, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return "", ledger.Errorf(ledger.EINVALID, "the signature is malformed")
		}
	case "multipart/form-data":
		r.Body = http.MaxBytesReader(w, r.Body, sqlite.MaxFileSize+1<<20)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return "", nil // the handler reports it
		}
	default:
		return "", nil
	}
	return r.PostFormValue(sigField), nil
}

// signatureOf turns the form's assertion into the entry's signature.
func (s *Server) signatureOf(r *http.Request, raw string) (*ledger.Signature, error) {
	var fs formSignature
	if err := json.Unmarshal([]byte(raw), &fs); err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "the signature is malformed")
	}
	id, err := base64.RawURLEncoding.DecodeString(fs.ID)
	if err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "the signature is malformed")
	}
	key, err := s.store.KeyByID(r.Context(), ledger.KeyID(id))
	if err != nil {
		if ledger.ErrorCode(err) == ledger.ENOTFOUND {
			return nil, ledger.Errorf(ledger.EFORBIDDEN, "the signature is by a passkey that is not enrolled")
		}
		return nil, err
	}
	return &ledger.Signature{Key: key.Key.Key, Enrolled: key.Enrolled, Issued: fs.Issued, Nonce: fs.Nonce,
		AuthData: fs.AuthData, ClientData: fs.ClientData, Sig: fs.Sig}, nil
}

// statementJSON is what passkeys.js needs to ask for a signature.
type statementJSON struct {
	Text    string                                     `json:"text"` // the statement in plain words
	Issued  string                                     `json:"issued"`
	Nonce   string                                     `json:"nonce"`
	Options protocol.PublicKeyCredentialRequestOptions `json:"options"`
}

// prepareStatement runs the handler against a prepared write and answers
// the statement of the entry it would append, or 204 if there is nothing
// to sign (no active passkey, or the write failed: the form is then
// posted as usual and shows its error).
func (s *Server) prepareStatement(w http.ResponseWriter, r *http.Request, m ledger.Member, next http.Handler) {
	r = answerErrorsAs(r, errorsAsJSON)
	u, err := s.passkeyUser(r, m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if len(u.creds) == 0 {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	sg := ledger.NewSigning(nil)
	next.ServeHTTP(discardWriter{h: http.Header{}}, r.WithContext(ledger.WithSigning(r.Context(), sg)))
	if sg.Prepared == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	rp, _, _, err := s.relyingParty()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	assertion, _, err := rp.BeginLogin(u, webauthn.WithChallenge(sg.Prepared.Challenge[:]),
		webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		s.Error(w, r, fmt.Errorf("preparing the signature: %w", err))
		return
	}
	pr := sg.Prepared
	names, err := s.store.NamesOf(r.Context(), append([]*ledger.Entry{pr.Entry}, pr.Follows...)...)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, statementJSON{Text: views.DescribeSigned(r.Context(), names, pr),
		Issued: sg.Prepared.Issued, Nonce: sg.Prepared.Nonce, Options: assertion.Response})
}

// discardWriter swallows a prepared run's response.
type discardWriter struct{ h http.Header }

func (d discardWriter) Header() http.Header         { return d.h }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}
