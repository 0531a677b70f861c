package handlers

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
)

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.LoginPage(views.LoginVM{Return: localPath(r.URL.Query().Get("return"))}))
}

// handleLogin signs in with e-mail and password and issues a fresh
// session. Failures are limited per (account, client IP) and slowed per
// account (throttle.go), attempts per client IP in routes.go.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	vm := views.LoginVM{Email: r.PostFormValue("email"), Return: localPath(r.PostFormValue("return"))}
	ip := clientIP(r)
	var m ledger.Member
	err := s.logins.check(vm.Email, ip)
	if err == nil {
		m, err = s.store.Authenticate(r.Context(), vm.Email, r.PostFormValue("password"))
		switch {
		case err == nil:
			s.logins.succeeded(vm.Email, ip)
			err = s.startSession(w, r, m)
		case ledger.ErrorCode(err) == ledger.EUNAUTHORIZED:
			s.logins.failed(r.Context(), vm.Email, ip)
		}
	}
	if err != nil {
		s.Error(w, r, err, func(fe views.FormError) templ.Component { vm.Error = fe.Message; return views.LoginPage(vm) })
		return
	}
	http.Redirect(w, r, vm.Return, http.StatusSeeOther)
}

func (s *Server) handleSignupForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.SignupPage(views.SignupVM{}))
}

// handleSignup creates a personal donor account and signs it in.
func (s *Server) handleSignup(w http.ResponseWriter, r *http.Request) {
	vm := views.SignupVM{Email: r.PostFormValue("email"), DisplayName: r.PostFormValue("display_name")}
	id, err := s.store.CreateUser(keyed(r), sqlite.NewUser{Email: vm.Email, DisplayName: vm.DisplayName,
		Password: r.PostFormValue("password"), Role: ledger.RoleDonor})
	if err == nil {
		err = s.startSession(w, r, ledger.Member{User: id, Role: ledger.RoleDonor})
	}
	if err != nil {
		s.Error(w, r, err, func(fe views.FormError) templ.Component { vm.Error = fe; return views.SignupPage(vm) })
		return
	}
	s.made(w, r, "/account?n=welcome")
}

// handleLogout ends every session of the member, not only this cookie, so
// a copied cookie stops working too.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, signedIn)
	if !ok {
		return
	}
	if err := s.store.EndSessions(r.Context(), m); err != nil {
		s.Error(w, r, err)
		return
	}
	s.endSession(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// accountNotices are the messages shown after a redirect to /account?n=.
var accountNotices = map[string]func(*views.AccountsText) string{
	"welcome":  func(t *views.AccountsText) string { return t.Welcome },
	"password": func(t *views.AccountsText) string { return t.PasswordChanged },
	"org":      func(t *views.AccountsText) string { return t.OrgRegistered },
	"joined":   func(t *views.AccountsText) string { return t.Joined },
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, signedIn)
	if !ok {
		return
	}
	a, err := s.store.Account(r.Context(), m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.AccountVM{Email: a.Email, DisplayName: a.DisplayName, Role: m.Role, IsOrgAdmin: m.IsOrgAdmin(), IsAuditor: m.IsAuditor()}
	if a.Org != nil {
		vm.OrgName, vm.OrgKind, vm.OrgStatus = a.Org.Name, a.Org.Kind, a.Org.Status
		if a.Org.Status == ledger.OrgRejected {
			vm.OrgReason = a.Org.StatusReason
		}
	}
	if n, ok := accountNotices[r.URL.Query().Get("n")]; ok {
		vm.Notice = n(&views.T(r.Context()).Accounts)
	}
	s.render(w, r, http.StatusOK, views.AccountPage(vm))
}

func (s *Server) handlePasswordForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.actor(w, r, signedIn); ok {
		s.render(w, r, http.StatusOK, views.PasswordPage(views.PasswordVM{}))
	}
}

// handlePassword changes the password; the store ends every other session,
// and this one is replaced by a fresh one.
func (s *Server) handlePassword(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, signedIn)
	if !ok {
		return
	}
	err := s.store.ChangePassword(keyed(r), m, r.PostFormValue("old"), r.PostFormValue("new"))
	if err == nil {
		err = s.startSession(w, r, m)
	}
	if err != nil {
		s.Error(w, r, err, func(fe views.FormError) templ.Component {
			if fe.Field == "password" {
				fe.Field = "new"
			}
			return views.PasswordPage(views.PasswordVM{Error: fe})
		})
		return
	}
	s.made(w, r, "/account?n=password")
}
