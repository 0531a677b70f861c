package handlers

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func isOrgAdmin(m ledger.Member) bool { return m.IsOrgAdmin() }

func clientIP(r *http.Request) string { return middleware.GetClientIP(r.Context()) }

func (s *Server) handleRegisterOrgForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.actor(w, r, signedIn); ok {
		s.render(w, r, http.StatusOK, views.OrgRegisterPage(views.OrgRegisterVM{}))
	}
}

// handleRegisterOrg registers an organisation with its optional evidence
// file (multipart, at most sqlite.MaxFileSize); the registrant becomes its
// admin. The store refuses members of an organisation.
func (s *Server) handleRegisterOrg(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, signedIn)
	if !ok {
		return
	}
	in, err := parseOrgForm(w, r)
	if err == nil {
		_, err = s.store.RegisterOrg(keyed(r), m, in)
	}
	if err != nil {
		vm := views.OrgRegisterVM{Kind: in.Kind, Name: in.Name, RegistrationNo: in.RegistrationNo, Contact: in.Contact}
		s.Error(w, r, err, func(fe views.FormError) templ.Component { vm.Error = fe; return views.OrgRegisterPage(vm) })
		return
	}
	s.made(w, r, "/account?n=org")
}

// parseOrgForm reads the registration form, multipart or not.
func parseOrgForm(w http.ResponseWriter, r *http.Request) (sqlite.OrgInput, error) {
	r.Body = http.MaxBytesReader(w, r.Body, sqlite.MaxFileSize+1<<20)
	bad := ledger.Errorf(ledger.EINVALID, "the form could not be read (files must be at most 10 MB)")
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return sqlite.OrgInput{}, bad
	}
	in := sqlite.OrgInput{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"),
		RegistrationNo: r.PostFormValue("registration_no"), Contact: r.PostFormValue("contact")}
	var err error
	in.Evidence, err = uploadedFile(r, "evidence", bad)
	return in, err
}

// uploadedFile returns the file sent in field of a parsed multipart form,
// nil if none, or bad if it cannot be read.
func uploadedFile(r *http.Request, field string, bad error) (*sqlite.File, error) {
	f, hdr, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	} else if err != nil {
		return nil, bad
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, sqlite.MaxFileSize+1))
	if err != nil {
		return nil, bad
	}
	// The type is sniffed, not taken from the browser: it is served back.
	return &sqlite.File{Name: hdr.Filename, Type: http.DetectContentType(data), Data: data}, nil
}

// orgNotices are the messages shown after a redirect to /org/members?n=.
var orgNotices = map[string]func(*views.AccountsText) string{
	"removed": func(t *views.AccountsText) string { return t.MemberRemoved },
}

// handleOrgMembers shows an organisation's admin its members (a view of
// their e-mails, recorded in the access log by the store).
func (s *Server) handleOrgMembers(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, isOrgAdmin)
	if !ok {
		return
	}
	o, members, err := s.store.OrgMembers(r.Context(), m, clientIP(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.OrgMembersVM{OrgName: o.Name, OrgStatus: o.Status}
	for _, om := range members {
		vm.Members = append(vm.Members, views.OrgMemberVM{User: om.User, Email: om.Email, DisplayName: om.DisplayName, Role: om.Role})
	}
	if n, ok := orgNotices[r.URL.Query().Get("n")]; ok {
		vm.Notice = n(&views.T(r.Context()).Accounts)
	}
	s.render(w, r, http.StatusOK, views.OrgMembersPage(vm))
}

// handleCreateInvite makes a one-time staff invitation and leads to
// /org/invites, which shows its link once (kept for it in the encrypted
// session cookie).
func (s *Server) handleCreateInvite(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, isOrgAdmin)
	if !ok {
		return
	}
	inv, err := s.store.CreateInvite(keyed(r), m)
	if err == nil {
		err = s.setFlash(w, r, inviteFlash, inv.Token+" "+inv.Expires.Format(time.RFC3339))
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.made(w, r, "/org/invites")
}

const inviteFlash = "invite"

// handleInviteMade shows the invitation just made, once; afterwards the
// members page.
func (s *Server) handleInviteMade(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.actor(w, r, isOrgAdmin); !ok {
		return
	}
	token, at, _ := strings.Cut(s.takeFlash(w, r, inviteFlash), " ")
	expires, err := time.Parse(time.RFC3339, at)
	if token == "" || err != nil {
		http.Redirect(w, r, "/org/members", http.StatusSeeOther)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, views.InviteMadePage(views.InviteMadeVM{Link: s.baseURL + "/invite/" + token, Expires: expires}))
}

func (s *Server) handleRemoveMember(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, isOrgAdmin)
	if !ok {
		return
	}
	user, err := strconv.ParseInt(chi.URLParam(r, "user"), 10, 64)
	if err != nil {
		s.Error(w, r, ledger.Errorf(ledger.EFORBIDDEN, "no such staff member in your organisation"))
		return
	}
	if err := s.store.RemoveMember(keyed(r), m, user); err != nil {
		s.Error(w, r, err)
		return
	}
	s.made(w, r, "/org/members?n=removed")
}

// handleInvite shows what an invitation link offers.
func (s *Server) handleInvite(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	o, err := s.store.InviteOrg(r.Context(), token)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m := currentMember(r.Context())
	s.render(w, r, http.StatusOK, views.InvitePage(views.InviteVM{Token: token, OrgName: o.Name, SignedIn: m.SignedIn(),
		CanAccept: m.SignedIn() && m.Org == 0}))
}

// handleAcceptInvite makes the signed-in personal account staff of the
// invitation's organisation.
func (s *Server) handleAcceptInvite(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, signedIn)
	if !ok {
		return
	}
	if _, err := s.store.AcceptInvite(keyed(r), m, chi.URLParam(r, "token")); err != nil {
		s.Error(w, r, err)
		return
	}
	s.made(w, r, "/account?n=joined")
}

func (s *Server) handleInviteSignupForm(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	o, err := s.store.InviteOrg(r.Context(), token)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.SignupPage(views.SignupVM{Invite: token, OrgName: o.Name}))
}

// handleInviteSignup creates a staff account through an invitation and
// signs it in.
func (s *Server) handleInviteSignup(w http.ResponseWriter, r *http.Request) {
	vm := views.SignupVM{Email: r.PostFormValue("email"), DisplayName: r.PostFormValue("display_name"), Invite: chi.URLParam(r, "token")}
	m, err := s.store.SignUpByInvite(keyed(r), vm.Invite, sqlite.NewUser{Email: vm.Email, DisplayName: vm.DisplayName, Password: r.PostFormValue("password")})
	if err == nil {
		err = s.startSession(w, r, m)
	}
	if err != nil {
		s.Error(w, r, err, func(fe views.FormError) templ.Component { vm.Error = fe; return views.SignupPage(vm) })
		return
	}
	s.made(w, r, "/account?n=joined")
}
