package handlers

// Pledges: the pledge form and receipt, the donor's own donations and
// cancelling, and "prove it's mine".

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
	"github.com/go-chi/chi/v5"
)

// mayPledge: the store checks again.
var mayPledge = ledger.Member.MayPledge

// formNeed reads the need id of the pledge form (0: a general pledge).
func formNeed(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "bad need id")
	}
	return n, nil
}

func (s *Server) handlePledgeForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.actor(w, r, mayPledge); !ok {
		return
	}
	need, err := formNeed(r.URL.Query().Get("need"))
	var d *ledger.PledgeFormData
	if err == nil {
		d, err = s.store.PledgeForm(r.Context(), need)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.PledgeFormPage(views.NewPledgeFormVM(r.Context(), d, nil, views.FormError{}, s.now())))
}

// parsePledgeForm reads the pledge form: quantities per need line
// (need_line_<n>) or per item row (item_<i>, quantity_<i>), or a money
// amount typed as people write it.
func parsePledgeForm(r *http.Request) (sqlite.PledgeInput, error) {
	r.ParseForm()
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	in := sqlite.PledgeInput{Kind: f("kind"), Named: f("named") != "", DisplayName: f("display_name"), Handover: f("handover"), Due: f("due"),
		BeyondNeed: f("beyond_need") != ""}
	var err error
	if in.NeedID, err = formNeed(f("need")); err != nil {
		return in, err
	}
	if v := f("deliver_to"); v != "" {
		if in.DeliverTo, err = strconv.ParseInt(v, 10, 64); err != nil {
			return in, ledger.Errorf(ledger.EINVALID, "choose where the pledge will be delivered: the need's recipient or a verified warehouse").In("deliver_to")
		}
	}
	qty := func(row int, field, v string) (int64, error) {
		q, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, ledger.Errorf(ledger.EINVALID, "line %d: the quantity must be between 1 and %d", row, ledger.MaxNeedQuantity).In(field)
		}
		return q, nil
	}
	switch in.Kind {
	case ledger.PledgeMoney:
		in.Currency = f("currency")
		in.AmountMinor, err = ledger.ParseAmount(in.Currency, f("amount"))
		return in, err
	case ledger.PledgeGoods:
		for k := range r.PostForm {
			rest, ok := strings.CutPrefix(k, "need_line_")
			if !ok || f(k) == "" || f(k) == "0" {
				continue
			}
			n, err := strconv.Atoi(rest)
			if err != nil || n < 1 || n > ledger.MaxNeedLines {
				return in, ledger.Errorf(ledger.EINVALID, "bad line number %d", n)
			}
			q, err := qty(n, k, f(k))
			if err != nil {
				return in, err
			}
			in.Lines = append(in.Lines, sqlite.PledgeLineInput{NeedLine: n, Quantity: q})
		}
		for i := 1; i <= views.GeneralRows; i++ {
			item, q := f("item_"+strconv.Itoa(i)), f("quantity_"+strconv.Itoa(i))
			if item == "" || q == "" {
				continue
			}
			n, err := qty(i, "quantity_"+strconv.Itoa(i), q)
			if err != nil {
				return in, err
			}
			in.Lines = append(in.Lines, sqlite.PledgeLineInput{Item: item, Quantity: n})
		}
		// Form fields come unordered: keep need lines in line order.
		slices.SortStableFunc(in.Lines, func(a, b sqlite.PledgeLineInput) int { return a.NeedLine - b.NeedLine })
	}
	return in, nil
}

// pledgeInput names the pledge form's input that an error about field is
// about: the rules speak of the pledge's lines (ledger.LineField, counted
// in the order parsePledgeForm gives them), the form has one quantity per
// need line and an item and a quantity per row.
func pledgeInput(r *http.Request, lines []sqlite.PledgeLineInput, field string) string {
	n, k, ok := ledger.ParseLineField(field)
	if !ok || n > len(lines) {
		return field
	}
	l := lines[n-1]
	if l.NeedLine != 0 {
		return fmt.Sprintf("need_line_%d", l.NeedLine)
	}
	// The row of the same item as many rows down as lines before it have it.
	skip := 0
	for _, o := range lines[:n-1] {
		if o.NeedLine == 0 && o.Item == l.Item {
			skip++
		}
	}
	for i := 1; i <= views.GeneralRows; i++ {
		item, q := strings.TrimSpace(r.PostFormValue(fmt.Sprintf("item_%d", i))), strings.TrimSpace(r.PostFormValue(fmt.Sprintf("quantity_%d", i)))
		if item != l.Item || q == "" {
			continue
		}
		if skip--; skip < 0 {
			if k == "item" {
				return fmt.Sprintf("item_%d", i)
			}
			return fmt.Sprintf("quantity_%d", i)
		}
	}
	return field
}

// handlePledge records the pledge and leads to its receipt,
// /my/donations/{code}; the secret travels there in the encrypted session
// cookie, shown that one time and never stored in the clear.
func (s *Server) handlePledge(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, mayPledge)
	if !ok {
		return
	}
	in, err := parsePledgeForm(r)
	var rc *sqlite.PledgeReceipt
	if err == nil {
		rc, err = s.store.MakePledge(once(r), m, in)
	}
	if err == nil {
		err = s.setFlash(w, r, receiptFlash(rc.Code), rc.Secret)
	}
	if err != nil {
		if e := (*ledger.Error)(nil); errors.As(err, &e) && pledgeInput(r, in.Lines, e.Field) != e.Field {
			err = e.In(pledgeInput(r, in.Lines, e.Field))
		}
		s.Error(w, r, err, func(fe views.FormError) templ.Component {
			d, derr := s.store.PledgeForm(r.Context(), in.NeedID)
			if derr != nil {
				d = &ledger.PledgeFormData{}
			}
			vm := views.NewPledgeFormVM(r.Context(), d, r.PostForm, fe, s.now())
			vm.SetBeyondNeed(err)
			return views.PledgeFormPage(vm)
		})
		return
	}
	s.made(w, r, "/my/donations/"+rc.Code)
}

func receiptFlash(code string) string { return "receipt:" + code }

func (s *Server) handleMyDonations(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, mayPledge)
	if !ok {
		return
	}
	ps, err := s.store.MyPledges(r.Context(), m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.MyDonationsPage(views.NewMyDonationsVM(r.Context(), ps, s.now())))
}

// handleDonation is one of the donor's own pledges; anyone else's is a 404.
func (s *Server) handleDonation(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, mayPledge)
	if !ok {
		return
	}
	p, err := s.store.DonorPledge(r.Context(), m, chi.URLParam(r, "code"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if secret := s.takeFlash(w, r, receiptFlash(p.Code)); secret != "" {
		// Right after pledging: the receipt with its secret, this once.
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, http.StatusOK, views.PledgeReceiptPage(views.NewPledgeReceiptVM(r.Context(), p, secret, s.baseURL, s.now())))
		return
	}
	vm := views.DonationVM{Pledge: views.NewPledgeVM(r.Context(), p, s.now()), TraceURL: views.TraceURL(s.baseURL, p.Code)}
	if r.URL.Query().Get("n") == "cancelled" {
		vm.Notice = views.T(r.Context()).Needs.NoticeCancelled
	}
	s.render(w, r, http.StatusOK, views.DonationPage(vm))
}

func (s *Server) handleCancelPledge(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, mayPledge)
	if !ok {
		return
	}
	code := chi.URLParam(r, "code")
	if err := s.store.CancelPledge(keyed(r), m, code, strings.TrimSpace(r.PostFormValue("reason"))); err != nil {
		s.Error(w, r, err)
		return
	}
	s.made(w, r, "/my/donations/"+code+"?n=cancelled")
}

func (s *Server) handleProveForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.ProvePage(views.ProveVM{Code: r.URL.Query().Get("code")}))
}

// handleProve checks a code and secret (throttled per IP in routes.go, so
// secrets cannot be guessed by brute force).
func (s *Server) handleProve(w http.ResponseWriter, r *http.Request) {
	vm := views.ProveVM{Code: strings.TrimSpace(r.PostFormValue("code"))}
	ok, err := s.store.ProvePledge(r.Context(), vm.Code, r.PostFormValue("secret"))
	if err != nil {
		s.Error(w, r, err, func(fe views.FormError) templ.Component { vm.Error = fe.Message; return views.ProvePage(vm) })
		return
	}
	vm.Result = &ok
	s.render(w, r, http.StatusOK, views.ProvePage(vm))
}
