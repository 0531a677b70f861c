package handlers

// Money: the public funds page, and an organisation's money desk where it
// confirms money received for pledges, passes money on, confirms money
// passed to it, and records purchases and overheads. A money pledge's
// trace is part of /t/{code} (trace.go).

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
	"github.com/go-chi/chi/v5"
)

func (s *Server) handleFunds(w http.ResponseWriter, r *http.Request) {
	after, err := s.cursors.open(r, "funds-orgs")
	var rep *ledger.FundsReport
	if err == nil {
		rep, err = s.store.Funds(r.Context(), after)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.NewFundsVM(r.Context(), rep)
	vm.Next = s.cursors.nextURL(r, "funds-orgs", rep.Next)
	s.render(w, r, http.StatusOK, views.FundsPage(vm))
}

func moneyParty(m ledger.Member) bool { return ledger.CheckMoneyParty(m) == nil }

// fundsNotices are shown after a redirect to /funds/desk?n=...&c=...
var fundsNotices = map[string]func(t *views.FundsText, arg string) string{
	"received":  func(t *views.FundsText, a string) string { return sprintfText(t.Received, a) },
	"disbursed": func(t *views.FundsText, a string) string { return sprintfText(t.Disbursed, a) },
	"confirmed": func(t *views.FundsText, a string) string { return sprintfText(t.Confirmed, a) },
	"rejected":  func(t *views.FundsText, a string) string { return sprintfText(t.Rejected, a) },
	"spent":     func(t *views.FundsText, a string) string { return sprintfText(t.Spent, a) },
}

// sprintfText fills a notice's one argument, a code or a number (checked,
// as it comes from the URL).
func sprintfText(format, arg string) string {
	if n, err := strconv.ParseInt(arg, 10, 64); err == nil {
		return strings.Replace(format, "%d", strconv.FormatInt(n, 10), 1)
	}
	if c, err := ledger.NormalizeCode(arg); err == nil {
		return strings.Replace(format, "%s", ledger.FormatCode(c), 1)
	}
	return ""
}

func (s *Server) handleMoneyDesk(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, moneyParty)
	if !ok {
		return
	}
	d, err := s.store.MoneyDesk(r.Context(), m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	notice := ""
	if f, ok := fundsNotices[r.URL.Query().Get("n")]; ok {
		notice = f(&views.T(r.Context()).Funds, r.URL.Query().Get("c"))
	}
	var prefill url.Values // from a money pledge's page: receive it
	if p := r.URL.Query().Get("pledge"); p != "" {
		prefill = url.Values{"pledge": {p}}
	}
	s.render(w, r, http.StatusOK, views.MoneyDeskPage(views.NewMoneyDeskVM(r.Context(), d, prefill, views.FormError{}, notice, s.now())))
}

// moneyAction runs one money form for a member of a verified warehouse or
// recipient and goes back to the desk with a notice, or shows the desk
// again with the error and what was sent.
// The refused form is named f (views.MoneyDeskVM.Refused).
func (s *Server) moneyAction(w http.ResponseWriter, r *http.Request, f string, do func(m ledger.Member) (notice, arg string, err error)) {
	m, ok := s.actor(w, r, moneyParty)
	if !ok {
		return
	}
	notice, arg, err := do(m)
	if err != nil {
		s.Error(w, r, err, func(fe views.FormError) templ.Component {
			d, derr := s.store.MoneyDesk(r.Context(), m)
			if derr != nil {
				d = &ledger.MoneyDesk{Org: &ledger.Org{}}
			}
			vm := views.NewMoneyDeskVM(r.Context(), d, r.PostForm, fe, "", s.now())
			vm.Refused = f
			return views.MoneyDeskPage(vm)
		})
		return
	}
	s.made(w, r, "/funds/desk?n="+notice+"&c="+arg)
}

func (s *Server) handleReceiveMoney(w http.ResponseWriter, r *http.Request) {
	s.moneyAction(w, r, "receive", func(m ledger.Member) (string, string, error) {
		r.ParseForm()
		lot, err := s.store.ReceiveMoney(once(r), m, sqlite.MoneyReceiptInput{Pledge: r.PostFormValue("pledge"), Amount: r.PostFormValue("amount"),
			Date: r.PostFormValue("date"), Reference: r.PostFormValue("reference"), OverDelivery: r.PostFormValue("over_delivery")}, r.PostFormValue("nonce"))
		return "received", lot, err
	})
}

func (s *Server) handleDisburse(w http.ResponseWriter, r *http.Request) {
	s.moneyAction(w, r, "disburse", func(m ledger.Member) (string, string, error) {
		r.ParseForm()
		to, _ := strconv.ParseInt(r.PostFormValue("to"), 10, 64)
		id, err := s.store.Disburse(once(r), m, sqlite.DisburseInput{Lot: r.PostFormValue("lot"), Amount: r.PostFormValue("amount"), To: to},
			r.PostFormValue("nonce"))
		return "disbursed", strconv.FormatInt(id, 10), err
	})
}

func (s *Server) transferID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ledger.Errorf(ledger.ENOTFOUND, "no handoff %d", 0)
	}
	return id, nil
}

func (s *Server) handleConfirmTransfer(w http.ResponseWriter, r *http.Request) {
	s.moneyAction(w, r, "transfer-"+chi.URLParam(r, "id"), func(m ledger.Member) (string, string, error) {
		id, err := s.transferID(r)
		if err != nil {
			return "", "", err
		}
		r.ParseForm()
		err = s.store.ConfirmTransfer(keyed(r), m, id, r.PostFormValue("lot"), r.PostFormValue("received"),
			r.PostFormValue("reason"), strings.TrimSpace(r.PostFormValue("note")))
		return "confirmed", strconv.FormatInt(id, 10), transferField(err)
	})
}

// transferField names the field of a refused transfer as the transfer's
// form does: a transfer is a shipment of one line, its amount typed as
// "received".
func transferField(err error) error {
	var e *ledger.Error
	if !errors.As(err, &e) {
		return err
	}
	switch f := strings.TrimSuffix(e.Field, "-0"); f {
	case "amount":
		return e.In("received")
	case e.Field:
		return err
	default:
		return e.In(f)
	}
}

func (s *Server) handleRejectTransfer(w http.ResponseWriter, r *http.Request) {
	s.moneyAction(w, r, "transfer-"+chi.URLParam(r, "id"), func(m ledger.Member) (string, string, error) {
		id, err := s.transferID(r)
		if err != nil {
			return "", "", err
		}
		r.ParseForm()
		reason := r.PostFormValue("reason")
		if reason == "" {
			reason = ledger.ReasonOther
		}
		err = s.store.RejectHandoff(keyed(r), m, id, reason, strings.TrimSpace(r.PostFormValue("note")))
		return "rejected", strconv.FormatInt(id, 10), err
	})
}

func (s *Server) handleSpend(w http.ResponseWriter, r *http.Request) {
	s.moneyAction(w, r, "spend", func(m ledger.Member) (string, string, error) {
		in, err := parseSpendForm(w, r)
		if err != nil {
			return "", "", err
		}
		idx, _, err := s.store.Spend(once(r), m, in, r.PostFormValue("nonce"))
		return "spent", strconv.FormatInt(idx, 10), err
	})
}

// parseSpendForm reads the spending form (multipart, with the invoice):
// the filled-in money lines (lot_<i>, amount_<i>) and lots bought
// (item_<i>, qty_<i>, ...).
func parseSpendForm(w http.ResponseWriter, r *http.Request) (sqlite.SpendInput, error) {
	r.Body = http.MaxBytesReader(w, r.Body, sqlite.MaxFileSize+1<<20)
	bad := ledger.Errorf(ledger.EINVALID, "the form could not be read (files must be at most 10 MB)")
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		return sqlite.SpendInput{}, bad
	}
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	in := sqlite.SpendInput{Category: f("category"), Supplier: f("supplier"), Purpose: f("purpose"), Date: f("date"),
		InvoicePublic: f("invoice_public") != ""}
	for i := 1; i <= views.SpendMoneyLines; i++ {
		n := strconv.Itoa(i)
		if f("lot_"+n) == "" && f("amount_"+n) == "" {
			continue
		}
		in.Lines = append(in.Lines, ledger.SentLot{Lot: f("lot_" + n)})
		in.Typed = append(in.Typed, valueOrZero(f("amount_"+n)))
	}
	for i := 1; i <= views.SpendBoughtLines; i++ {
		n := strconv.Itoa(i)
		if f("item_"+n) == "" && f("qty_"+n) == "" {
			continue
		}
		q, err := strconv.ParseInt(f("qty_"+n), 10, 64)
		if err != nil {
			return in, ledger.Errorf(ledger.EINVALID, "a quantity must be a whole number from 1 to %d", int64(ledger.MaxQuantity))
		}
		in.Bought = append(in.Bought, sqlite.LotInput{Item: f("item_" + n), Quantity: q, Spec: f("spec_" + n), Batch: f("batch_" + n), Expiry: f("expiry_" + n)})
	}
	var err error
	in.Invoice, err = uploadedFile(r, "invoice", bad)
	return in, err
}

// valueOrZero keeps an empty amount from reading as "not typed".
func valueOrZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}
