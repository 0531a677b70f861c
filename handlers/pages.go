package handlers

import (
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"github.com/aidtrail/aidtrail/views"
)

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	cp := s.store.Latest()
	o, err := s.store.Overview(r.Context(), 10)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.HomePage(views.NewHomeVM(r.Context(), cp, o)))
}

// handleSetLang stores the chosen language in a cookie and goes back.
func (s *Server) handleSetLang(w http.ResponseWriter, r *http.Request) {
	l, ok := views.ParseLang(r.PostFormValue("lang"))
	if ok {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l.Code(), Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	}
	http.Redirect(w, r, localPath(r.PostFormValue("return")), http.StatusSeeOther)
}

// localPath returns p if it is a path on this site, else "/": return links
// must never send a user elsewhere.
func localPath(p string) string {
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

// staticFiles serves the embedded assets with a day of caching.
func staticFiles(fsys fs.FS) http.Handler {
	fh := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fh.ServeHTTP(w, r)
	})
}
