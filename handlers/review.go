package handlers

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
	"github.com/go-chi/chi/v5"
)

func isAuditor(m ledger.Member) bool { return m.IsAuditor() }

// handleReviewQueue shows auditors what waits for a decision; the store
// records each private contact shown in the access log.
func (s *Server) handleReviewQueue(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, isAuditor)
	if !ok {
		return
	}
	vm, err := s.reviewQueue(r, m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if r.URL.Query().Get("n") == "decided" {
		vm.Notice = views.T(r.Context()).Accounts.Decided
	}
	s.render(w, r, http.StatusOK, views.ReviewQueuePage(vm))
}

func (s *Server) reviewQueue(r *http.Request, m ledger.Member) (views.ReviewQueueVM, error) {
	q, err := s.store.PendingReviews(r.Context(), m, clientIP(r))
	if err != nil {
		return views.ReviewQueueVM{}, err
	}
	t := &views.T(r.Context()).Accounts
	return views.ReviewQueueVM{Sections: []views.ReviewSection{orgReviewSection(t, q.Orgs), views.NeedsReviewSection(r.Context(), q.Needs)}}, nil
}

// reviewForm shows the queue again with the refused decision's form
// marked: the reason typed, and why beside it.
func (s *Server) reviewForm(r *http.Request, m ledger.Member) form {
	return func(fe views.FormError) templ.Component {
		vm, err := s.reviewQueue(r, m)
		if err != nil {
			return views.ErrorPage(fe.Message)
		}
		vm.Refused, vm.Reason, vm.Error = r.URL.Path, r.PostFormValue("reason"), fe
		return views.ReviewQueuePage(vm)
	}
}

// orgReviewSection lists pending organisations with their private facts.
func orgReviewSection(t *views.AccountsText, orgs []*ledger.Org) views.ReviewSection {
	sec := views.ReviewSection{Title: t.ReviewOrgsTitle, Empty: t.ReviewOrgsEmpty}
	for _, o := range orgs {
		evidence := views.Fact{Label: t.Evidence, Value: t.NoEvidence}
		if o.EvidenceSHA256 != "" {
			evidence.Value, evidence.Link = t.ViewEvidence, "/files/"+o.EvidenceSHA256
		}
		sec.Items = append(sec.Items, views.ReviewItem{
			Title: o.Name,
			Facts: []views.Fact{
				{Label: t.OrgKind, Value: t.Kind(o.Kind)},
				{Label: t.RegistrationNo, Value: o.RegistrationNo},
				{Label: t.Contact, Value: o.Contact},
				evidence,
				{Label: t.RegisteredEntry, Value: fmt.Sprintf("#%d", o.Entry), Link: fmt.Sprintf("/ledger/%d", o.Entry)},
			},
			Action: fmt.Sprintf("/review/orgs/%d", o.ID),
			Stage:  1,
		})
	}
	return sec
}

// handleReviewOrg records an auditor's decision on an organisation. The
// store refuses self-review and a second decision.
func (s *Server) handleReviewOrg(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, isAuditor)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if err := s.store.ReviewOrg(keyed(r), m, id, r.PostFormValue("decision"), r.PostFormValue("reason")); err != nil {
		s.Error(w, r, err, s.reviewForm(r, m))
		return
	}
	s.made(w, r, "/review?n=decided")
}

// handleAccessLog shows auditors who viewed private data, newest first.
func (s *Server) handleAccessLog(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, isAuditor)
	if !ok {
		return
	}
	after, err := s.cursors.open(r, "access-log")
	var rows []sqlite.Access
	var next string
	if err == nil {
		rows, next, err = s.store.AccessLog(r.Context(), m, after, 200)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.AccessLogVM{First: firstURL(r), Next: s.cursors.nextURL(r, "access-log", next)}
	for _, a := range rows {
		vm.Rows = append(vm.Rows, views.AccessRow{At: a.At, Viewer: a.Viewer, Org: a.ViewerOrg, Role: a.Role, What: a.What, ClientIP: a.ClientIP})
	}
	s.render(w, r, http.StatusOK, views.AccessLogPage(vm))
}

// handleFile serves an evidence file: public ones to anyone, private ones
// to auditors and the owning organisation's members (the store logs the
// view). Files are downloads in a sandbox, never pages of this site.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	f, err := s.store.EvidenceFile(r.Context(), currentMember(r.Context()), chi.URLParam(r, "sha256"), clientIP(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.Type)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "evidence-"+f.SHA256[:12]))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if !f.Public {
		h.Set("Cache-Control", "private, no-store")
	}
	w.Write(f.Data)
}
