package handlers

// Needs: the public board and need pages (HTML and JSON), the recipient's
// own needs (draft, submit, update, close), need review and the catalogue.

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
	"github.com/go-chi/chi/v5"
)

// parseNeedFilter reads the board's filters.
func parseNeedFilter(r *http.Request) (sqlite.NeedFilter, error) {
	q := r.URL.Query()
	f := sqlite.NeedFilter{Item: q.Get("item"), Place: strings.TrimSpace(q.Get("place"))}
	if o := q.Get("org"); o != "" {
		n, err := strconv.ParseInt(o, 10, 64)
		if err != nil || n < 0 {
			return f, ledger.Errorf(ledger.EINVALID, "%s must be a whole number", "org")
		}
		f.Org = n
	}
	return f, nil
}

func (s *Server) handleNeedsBoard(w http.ResponseWriter, r *http.Request) {
	s.needsBoard(w, r, wantsJSON(r))
}

func (s *Server) handleNeedsBoardJSON(w http.ResponseWriter, r *http.Request) {
	s.needsBoard(w, r, true)
}

func (s *Server) needsBoard(w http.ResponseWriter, r *http.Request, asJSON bool) {
	r = jsonErrors(r, asJSON)
	f, err := parseNeedFilter(r)
	if err == nil {
		f.After, err = s.cursors.open(r, "needs")
	}
	var b *ledger.Board
	if err == nil {
		b, err = s.store.NeedsBoard(r.Context(), f)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.NewNeedsBoardVM(r.Context(), b, r.URL.Query(), s.now())
	vm.First, vm.Next = firstURL(r), s.cursors.nextURL(r, "needs", b.Next)
	if asJSON {
		s.writeJSON(w, http.StatusOK, vm.JSON())
		return
	}
	s.render(w, r, http.StatusOK, views.NeedsBoardPage(vm))
}

// needID parses {id}, which may end in .json; ok is false (and a 404 sent)
// for anything but a canonical positive number.
func (s *Server) needID(w http.ResponseWriter, r *http.Request) (id int64, asJSON, ok bool) {
	raw, asJSON := strings.CutSuffix(chi.URLParam(r, "id"), ".json")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		s.notFound(w, r)
		return 0, false, false
	}
	return id, asJSON || wantsJSON(r), true
}

// handleNeed is /needs/{id} and /needs/{id}.json.
func (s *Server) handleNeed(w http.ResponseWriter, r *http.Request) {
	id, asJSON, ok := s.needID(w, r)
	if !ok {
		return
	}
	r = jsonErrors(r, asJSON)
	m := currentMember(r.Context())
	d, err := s.store.NeedPage(r.Context(), m, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.NewNeedPageVM(r.Context(), d, m, s.now())
	if asJSON {
		s.writeJSON(w, http.StatusOK, vm.JSON())
		return
	}
	s.render(w, r, http.StatusOK, views.NeedPage(vm))
}

// handleReviewNeed records an auditor's decision; the store checks the
// auditor and the four-eyes rule.
func (s *Server) handleReviewNeed(w http.ResponseWriter, r *http.Request) {
	id, _, ok := s.needID(w, r)
	if !ok {
		return
	}
	m, ok := s.actor(w, r, ledger.Member.IsAuditor)
	if !ok {
		return
	}
	if err := s.store.ReviewNeed(keyed(r), m, id, r.PostFormValue("decision"), strings.TrimSpace(r.PostFormValue("reason"))); err != nil {
		s.Error(w, r, err, s.reviewForm(r, m))
		return
	}
	s.made(w, r, "/review?n=decided")
}

func actsForRecipient(m ledger.Member) bool { return m.ActsFor(ledger.OrgRecipient) }

func (s *Server) handleMyNeeds(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, actsForRecipient)
	if !ok {
		return
	}
	ns, err := s.store.OrgNeeds(r.Context(), m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.MyNeedsPage(views.NewMyNeedsVM(r.Context(), ns)))
}

// needNotices are shown after a redirect to /my/needs/{id}?n=.
var needNotices = map[string]func(*views.NeedsText) string{
	"saved":     func(t *views.NeedsText) string { return t.NoticeSaved },
	"submitted": func(t *views.NeedsText) string { return t.NoticeSubmitted },
	"updated":   func(t *views.NeedsText) string { return t.NoticeUpdated },
	"closed":    func(t *views.NeedsText) string { return t.NoticeClosed },
}

func (s *Server) handleNewNeedForm(w http.ResponseWriter, r *http.Request) {
	s.needForm(w, r, 0)
}

func (s *Server) handleMyNeed(w http.ResponseWriter, r *http.Request) {
	if id, _, ok := s.needID(w, r); ok {
		s.needForm(w, r, id)
	}
}

func (s *Server) needForm(w http.ResponseWriter, r *http.Request, id int64) {
	m, ok := s.actor(w, r, actsForRecipient)
	if !ok {
		return
	}
	d, err := s.store.NeedForm(r.Context(), m, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	notice := ""
	if n, ok := needNotices[r.URL.Query().Get("n")]; ok {
		notice = n(&views.T(r.Context()).Needs)
	}
	s.render(w, r, http.StatusOK, views.NeedFormPage(views.NewNeedFormVM(r.Context(), d.Need, d.Items, nil, views.FormError{}, notice, s.now())))
}

// needFormFailed shows the form again with what was sent and the error.
func (s *Server) needFormFailed(w http.ResponseWriter, r *http.Request, m ledger.Member, id int64, err error) {
	s.Error(w, r, err, func(fe views.FormError) templ.Component {
		d, derr := s.store.NeedForm(r.Context(), m, id)
		if derr != nil {
			d = &sqlite.NeedFormData{}
		}
		return views.NeedFormPage(views.NewNeedFormVM(r.Context(), d.Need, d.Items, r.PostForm, fe, "", s.now()))
	})
}

// parseNeedForm reads the title and the filled-in rows of a need form
// (line_<i>_item, _quantity, ...); rows without an item or quantity are
// left out.
func parseNeedForm(r *http.Request) (sqlite.NeedInput, error) {
	r.ParseForm()
	in := sqlite.NeedInput{Title: strings.TrimSpace(r.PostFormValue("title"))}
	for i := 1; i <= ledger.MaxNeedLines; i++ {
		f := func(k string) string { return strings.TrimSpace(r.PostFormValue("line_" + strconv.Itoa(i) + "_" + k)) }
		if f("item") == "" || f("quantity") == "" {
			continue
		}
		l := ledger.NeedLine{Item: f("item"), Spec: f("spec"), Urgency: f("urgency"), Deadline: f("deadline"), Place: f("place"), Notes: f("notes")}
		var err error
		if l.Quantity, err = strconv.ParseInt(f("quantity"), 10, 64); err != nil {
			return in, ledger.Errorf(ledger.EINVALID, "line %d: the quantity must be between 1 and %d", i, ledger.MaxNeedQuantity).In("line_" + strconv.Itoa(i) + "_quantity")
		}
		if no := f("no"); no != "" {
			if l.Line, err = strconv.Atoi(no); err != nil {
				return in, ledger.Errorf(ledger.EINVALID, "bad line number %d", i)
			}
		}
		in.Lines = append(in.Lines, l)
	}
	return in, nil
}

func (s *Server) handleCreateNeed(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, actsForRecipient)
	if !ok {
		return
	}
	in, err := parseNeedForm(r)
	var id int64
	if err == nil {
		id, err = s.store.CreateNeed(once(r), m, in)
	}
	if err != nil {
		s.needFormFailed(w, r, m, 0, err)
		return
	}
	s.made(w, r, "/my/needs/"+strconv.FormatInt(id, 10)+"?n=saved")
}

// needAction runs a POST on one of m's needs and goes back to its page.
func (s *Server) needAction(w http.ResponseWriter, r *http.Request, notice string, do func(m ledger.Member, id int64) error) {
	id, _, ok := s.needID(w, r)
	if !ok {
		return
	}
	m, ok := s.actor(w, r, actsForRecipient)
	if !ok {
		return
	}
	if err := do(m, id); err != nil {
		s.needFormFailed(w, r, m, id, err)
		return
	}
	s.made(w, r, "/my/needs/"+strconv.FormatInt(id, 10)+"?n="+notice)
}

func (s *Server) handleEditNeed(w http.ResponseWriter, r *http.Request) {
	s.needAction(w, r, "saved", func(m ledger.Member, id int64) error {
		in, err := parseNeedForm(r)
		if err != nil {
			return err
		}
		return s.store.EditNeedDraft(keyed(r), m, id, in)
	})
}

func (s *Server) handleSubmitNeed(w http.ResponseWriter, r *http.Request) {
	s.needAction(w, r, "submitted", func(m ledger.Member, id int64) error { return s.store.SubmitNeed(keyed(r), m, id) })
}

func (s *Server) handleUpdateNeed(w http.ResponseWriter, r *http.Request) {
	s.needAction(w, r, "updated", func(m ledger.Member, id int64) error {
		in, err := parseNeedForm(r)
		if err != nil {
			return err
		}
		return s.store.UpdateNeed(keyed(r), m, id, in, strings.TrimSpace(r.PostFormValue("reason")))
	})
}

func (s *Server) handleCloseNeed(w http.ResponseWriter, r *http.Request) {
	s.needAction(w, r, "closed", func(m ledger.Member, id int64) error {
		return s.store.CloseNeed(keyed(r), m, id, strings.TrimSpace(r.PostFormValue("reason")))
	})
}

func (s *Server) handleCatalogue(w http.ResponseWriter, r *http.Request) {
	items, err := s.store.Items(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.CatalogueVM{Items: items, CanAdd: currentMember(r.Context()).IsAuditor()}
	if r.URL.Query().Get("n") == "added" {
		vm.Notice = views.T(r.Context()).Needs.NoticeItemAdded
	}
	s.render(w, r, http.StatusOK, views.CataloguePage(vm))
}

// handleAddItem adds a catalogue item; the store checks the auditor.
func (s *Server) handleAddItem(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, ledger.Member.IsAuditor)
	if !ok {
		return
	}
	it := ledger.Item{ID: strings.TrimSpace(r.PostFormValue("id")), NameEN: strings.TrimSpace(r.PostFormValue("name_en")),
		NameZH: strings.TrimSpace(r.PostFormValue("name_zh")), Unit: strings.TrimSpace(r.PostFormValue("unit")),
		Standard: strings.TrimSpace(r.PostFormValue("standard")), Category: strings.TrimSpace(r.PostFormValue("category"))}
	if err := s.store.AddCatalogueItem(keyed(r), m, it); err != nil {
		s.Error(w, r, err, func(fe views.FormError) templ.Component {
			items, _ := s.store.Items(r.Context())
			return views.CataloguePage(views.CatalogueVM{Items: items, CanAdd: true, Form: r.PostForm, Error: fe.Message})
		})
		return
	}
	s.made(w, r, "/catalogue?n=added")
}
