package handlers

// Custody on the phone: a lot's page with the actions its holder may take
// now, shipments with the carrier's and receiver's confirmations, the stock
// page and label sheets. Every action is a POST form; each handler parses,
// authorises, makes one store call and renders a confirmation.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
	"github.com/go-chi/chi/v5"
)

// custodian may act on lots (see ledger.Member.Custodian).
var custodian = ledger.Member.Custodian

// stockKeeper sees a stock page: a custodian or a carrier.
func stockKeeper(m ledger.Member) bool {
	return m.ActsFor(ledger.OrgWarehouse, ledger.OrgRecipient, ledger.OrgLogistics)
}

// lotTrace renders /t/{code} if code is a lot; it reports false if there
// is no such lot, so handleTrace can try a pledge.
func (s *Server) lotTrace(w http.ResponseWriter, r *http.Request, code string) bool {
	m := currentMember(r.Context())
	p, err := s.store.LotPage(r.Context(), m, code)
	if ledger.ErrorCode(err) == ledger.ENOTFOUND {
		return false
	}
	if err != nil {
		s.Error(w, r, err)
		return true
	}
	vm := views.NewLotVM(r.Context(), p, m, sqlite.NewNonce(), s.now())
	vm.PrefillTo, vm.PrefillQty = r.URL.Query().Get("to"), r.URL.Query().Get("quantity")
	s.render(w, r, http.StatusOK, views.LotPage(vm))
	return true
}

// confirm renders the confirmation of an action or, if it was refused,
// why, with the way back to the lot or shipment to try again.
func (s *Server) confirm(w http.ResponseWriter, r *http.Request, err error, message string, codes []string, back views.Link) {
	if err != nil {
		s.Error(w, r, err, func(fe views.FormError) templ.Component { return views.ActionRefusedPage(fe.Message, back) })
		return
	}
	s.render(w, r, http.StatusOK, views.DonePage(views.NewDoneVM(message, codes, back)))
}

// backToLot links to the lot of the request's {code}.
func backToLot(r *http.Request) views.Link {
	return views.Link{Label: views.T(r.Context()).Custody.BackToLot, Href: views.TraceHref(chi.URLParam(r, "code"))}
}

// formInt parses a whole number field; empty is 0.
func formInt(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "%s must be a whole number", name)
	}
	return n, nil
}

func (s *Server) handleSplitLot(w http.ResponseWriter, r *http.Request) {
	var qs []int64
	for _, f := range strings.FieldsFunc(r.PostFormValue("quantities"), func(c rune) bool { return c == ' ' || c == ',' || c == '，' }) {
		q, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			s.Error(w, r, ledger.Errorf(ledger.EINVALID, "%s must be a whole number", f))
			return
		}
		qs = append(qs, q)
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	kids, err := s.store.SplitLot(r.Context(), m, chi.URLParam(r, "code"), qs, r.PostFormValue("nonce"))
	s.confirm(w, r, err, views.T(r.Context()).Custody.DoneSplit, kids, backToLot(r))
}

func (s *Server) handleDispatchLot(w http.ResponseWriter, r *http.Request) {
	to, err1 := formInt(r, "to")
	via, err2 := formInt(r, "via")
	q, err3 := formInt(r, "quantity")
	if err := firstErr(err1, err2, err3); err != nil {
		s.Error(w, r, err)
		return
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	id, err := s.store.Dispatch(r.Context(), m, sqlite.DispatchInput{To: to, Via: via,
		Lines: []ledger.SentLot{{Lot: chi.URLParam(r, "code"), Quantity: q}}}, r.PostFormValue("nonce"))
	t := views.T(r.Context()).Custody
	s.confirm(w, r, err, fmt.Sprintf(t.DoneDispatched, id), nil, views.Link{Label: fmt.Sprintf(t.HandoffTitle, id), Href: "/handoffs/" + strconv.FormatInt(id, 10)})
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) handleUseLot(w http.ResponseWriter, r *http.Request) {
	q, err := formInt(r, "quantity")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, ok := s.actor(w, r, func(m ledger.Member) bool { return m.ActsFor(ledger.OrgRecipient) })
	if !ok {
		return
	}
	_, err = s.store.UseLot(r.Context(), m, sqlite.FinalInput{Lot: chi.URLParam(r, "code"), Quantity: q,
		Use: strings.TrimSpace(r.PostFormValue("use")), Date: r.PostFormValue("date")}, r.PostFormValue("nonce"))
	s.confirm(w, r, err, views.T(r.Context()).Custody.DoneUsed, nil, backToLot(r))
}

func (s *Server) handleWriteOffLot(w http.ResponseWriter, r *http.Request) {
	q, err := formInt(r, "quantity")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	_, err = s.store.WriteOffLot(r.Context(), m, sqlite.FinalInput{Lot: chi.URLParam(r, "code"), Quantity: q,
		Cause: r.PostFormValue("cause"), Reason: strings.TrimSpace(r.PostFormValue("reason"))}, r.PostFormValue("nonce"))
	s.confirm(w, r, err, views.T(r.Context()).Custody.DoneWrittenOff, nil, backToLot(r))
}

func (s *Server) handleUnpackLot(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	err := s.store.UnpackLot(r.Context(), m, chi.URLParam(r, "code"))
	s.confirm(w, r, err, views.T(r.Context()).Custody.DoneUnpacked, nil, backToLot(r))
}

// handleCorrectLot declares a use or write-off of the lot wrong and, if a
// quantity is given, records the right one in its place.
func (s *Server) handleCorrectLot(w http.ResponseWriter, r *http.Request) {
	entry, err1 := formInt(r, "entry")
	q, err2 := formInt(r, "quantity")
	if err := firstErr(err1, err2); err != nil {
		s.Error(w, r, err)
		return
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	var redo *sqlite.FinalInput
	if q > 0 {
		redo = &sqlite.FinalInput{Quantity: q}
	}
	err := s.store.CorrectEntry(r.Context(), m, entry, strings.TrimSpace(r.PostFormValue("reason")), redo)
	s.confirm(w, r, err, views.T(r.Context()).Custody.DoneCorrected, nil, backToLot(r))
}

func (s *Server) handlePackLots(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	pack, err := s.store.PackLots(r.Context(), m, r.PostForm["lot"], strings.TrimSpace(r.PostFormValue("description")), r.PostFormValue("nonce"))
	s.confirm(w, r, err, views.T(r.Context()).Custody.DonePacked, []string{pack}, views.Link{Label: views.T(r.Context()).Custody.ToStock, Href: "/stock"})
}

// handoffID parses {id}.
func handoffID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ledger.Errorf(ledger.ENOTFOUND, "no handoff %d", id)
	}
	return id, nil
}

func (s *Server) handleHandoff(w http.ResponseWriter, r *http.Request) {
	id, err := handoffID(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	h, err := s.store.Handoff(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.HandoffPage(views.NewHandoffVM(r.Context(), h, currentMember(r.Context()))))
}

// handoffStep runs one confirmation of a shipment by a member that may.
func (s *Server) handoffStep(w http.ResponseWriter, r *http.Request, may func(ledger.Member) bool, message string,
	step func(m ledger.Member, id int64) error) {
	id, err := handoffID(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, ok := s.actor(w, r, may)
	if !ok {
		return
	}
	err = step(m, id)
	s.confirm(w, r, err, message, nil, views.Link{Label: fmt.Sprintf(views.T(r.Context()).Custody.HandoffTitle, id), Href: "/handoffs/" + strconv.FormatInt(id, 10)})
}

func carrier(m ledger.Member) bool { return m.ActsFor(ledger.OrgLogistics) }

func (s *Server) handlePickup(w http.ResponseWriter, r *http.Request) {
	s.handoffStep(w, r, carrier, views.T(r.Context()).Custody.DonePickedUp, func(m ledger.Member, id int64) error {
		return s.store.ConfirmPickup(r.Context(), m, id)
	})
}

func (s *Server) handleDelivery(w http.ResponseWriter, r *http.Request) {
	s.handoffStep(w, r, carrier, views.T(r.Context()).Custody.DoneDelivered, func(m ledger.Member, id int64) error {
		return s.store.ConfirmDelivery(r.Context(), m, id)
	})
}

func (s *Server) handleReceipt(w http.ResponseWriter, r *http.Request) {
	var lines []sqlite.ReceiptLine
	for i := 0; i < 100; i++ {
		n := strconv.Itoa(i)
		lot := r.PostFormValue("lot-" + n)
		if lot == "" {
			break
		}
		q, err := formInt(r, "received-"+n)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		lines = append(lines, sqlite.ReceiptLine{Lot: lot, Received: q, Condition: r.PostFormValue("condition-" + n),
			Reason: r.PostFormValue("reason-" + n), Note: strings.TrimSpace(r.PostFormValue("note-" + n))})
	}
	s.handoffStep(w, r, custodian, views.T(r.Context()).Custody.DoneReceived, func(m ledger.Member, id int64) error {
		return s.store.ConfirmReceipt(r.Context(), m, id, lines)
	})
}

func (s *Server) handleReject(w http.ResponseWriter, r *http.Request) {
	s.handoffStep(w, r, custodian, views.T(r.Context()).Custody.DoneRejected, func(m ledger.Member, id int64) error {
		return s.store.RejectHandoff(r.Context(), m, id, r.PostFormValue("reason"), strings.TrimSpace(r.PostFormValue("note")))
	})
}

func (s *Server) handleStock(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, stockKeeper)
	if !ok {
		return
	}
	st, err := s.store.Stock(r.Context(), m.Org)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.StockPage(views.NewStockVM(r.Context(), st, sqlite.NewNonce(), s.now())))
}

// handleLabels is the printable A4 label sheet of the lots ?lot=... (public:
// a label shows only what the lot's trace page shows).
func (s *Server) handleLabels(w http.ResponseWriter, r *http.Request) {
	lots, err := s.store.LabelLots(r.Context(), r.URL.Query()["lot"])
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm, err := views.NewLabelsVM(r.Context(), lots, s.baseURL)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.LabelSheet(vm))
}

// handleLabelPNG is one lot's label as a PNG: the QR code and the code.
func (s *Server) handleLabelPNG(w http.ResponseWriter, r *http.Request) {
	lots, err := s.store.LabelLots(r.Context(), []string{chi.URLParam(r, "code")})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	png, err := views.LabelPNG(s.baseURL, lots[0].Lot.Code)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Disposition", `attachment; filename="`+lots[0].Lot.Code+`.png"`)
	w.Write(png)
}

// handleReceivePledgeForm is the form that records a pledged delivery as lots.
func (s *Server) handleReceivePledgeForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.actor(w, r, custodian); !ok {
		return
	}
	p, err := s.store.PledgeByCode(r.Context(), chi.URLParam(r, "code"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.NewReceivePledgeVM(r.Context(), p, sqlite.NewNonce())
	s.scanFill(r, &vm)
	s.render(w, r, http.StatusOK, views.ReceivePledgePage(vm))
}

// handleReceivePledge records the lines with a quantity as lots.
func (s *Server) handleReceivePledge(w http.ResponseWriter, r *http.Request) {
	var lots []sqlite.LotInput
	for i := 0; i < 100; i++ {
		n := strconv.Itoa(i)
		item := r.PostFormValue("item-" + n)
		if item == "" {
			break
		}
		q, err := formInt(r, "quantity-"+n)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if q == 0 {
			continue
		}
		lots = append(lots, sqlite.LotInput{Item: item, Quantity: q, Spec: strings.TrimSpace(r.PostFormValue("spec-" + n)),
			Batch: strings.TrimSpace(r.PostFormValue("batch-" + n)), GTIN: strings.TrimSpace(r.PostFormValue("gtin-" + n)), Expiry: r.PostFormValue("expiry-" + n), Condition: r.PostFormValue("condition-" + n)})
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	codes, err := s.store.ReceivePledge(r.Context(), m, chi.URLParam(r, "code"), lots, r.PostFormValue("over_delivery"), r.PostFormValue("nonce"))
	s.confirm(w, r, err, views.T(r.Context()).Custody.DoneReceivedPledge, codes, views.Link{Label: views.T(r.Context()).Custody.ToStock, Href: "/stock"})
}

// handleCountLot records a stock count of the lot.
func (s *Server) handleCountLot(w http.ResponseWriter, r *http.Request) {
	held, err := formInt(r, "held")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	counted, err := formInt(r, "counted")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	_, status, err := s.store.CountLot(r.Context(), m, sqlite.CountInput{Lot: chi.URLParam(r, "code"), Held: held, Counted: counted,
		Reason: r.PostFormValue("reason"), Note: strings.TrimSpace(r.PostFormValue("note"))}, r.PostFormValue("nonce"))
	ct := views.CountT(r.Context())
	done := map[string]string{ledger.CountMatched: ct.DoneMatched, ledger.CountAdjusted: ct.DoneAdjusted, ledger.CountPending: ct.DonePending}[status]
	s.confirm(w, r, err, done, nil, backToLot(r))
}

// handleReviewCount approves or rejects a pending count (a second member).
func (s *Server) handleReviewCount(w http.ResponseWriter, r *http.Request) {
	entry, err := strconv.ParseInt(chi.URLParam(r, "entry"), 10, 64)
	if err != nil {
		s.Error(w, r, ledger.Errorf(ledger.ENOTFOUND, "no such count"))
		return
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	err = s.store.ReviewCount(r.Context(), m, chi.URLParam(r, "code"), entry, r.PostFormValue("approve") == "1", strings.TrimSpace(r.PostFormValue("note")))
	s.confirm(w, r, err, views.CountT(r.Context()).DoneReviewed, nil, backToLot(r))
}
