package handlers

// Custody on the phone: a lot's page with the actions its holder may take
// now, shipments with the carrier's and receiver's confirmations, the stock
// page and label sheets. Every action is a POST form; each handler parses,
// authorises, makes one store call and renders a confirmation.

import (
	"context"
	"fmt"
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

// custodian may act on lots (see ledger.Member.Custodian).
var custodian = ledger.Member.Custodian

// stockKeeper sees a stock page: a custodian or a carrier.
func stockKeeper(m ledger.Member) bool {
	return m.ActsFor(ledger.OrgWarehouse, ledger.OrgRecipient, ledger.OrgLogistics)
}

// lotTrace renders /t/{code} for lot page p, shown to m.
func (s *Server) lotTrace(w http.ResponseWriter, r *http.Request, m ledger.Member, p *ledger.LotPage) {
	vm := views.NewLotVM(r.Context(), p, m, s.now())
	if to := r.URL.Query().Get("to"); to != "" {
		vm.PrefillTo = to
	}
	vm.PrefillQty = r.URL.Query().Get("quantity")
	s.render(w, r, http.StatusOK, views.LotPage(vm))
}

// doneMessages say what a custody action did, by the name /done is given.
var doneMessages = map[string]func(ctx context.Context) string{
	"counted-matched":  func(ctx context.Context) string { return views.CountT(ctx).DoneMatched },
	"counted-adjusted": func(ctx context.Context) string { return views.CountT(ctx).DoneAdjusted },
	"counted-pending":  func(ctx context.Context) string { return views.CountT(ctx).DonePending },
	"count-reviewed":   func(ctx context.Context) string { return views.CountT(ctx).DoneReviewed },
	"split":            func(ctx context.Context) string { return views.T(ctx).Custody.DoneSplit },
	"dispatched":       func(ctx context.Context) string { return views.T(ctx).Custody.DoneDispatched },
	"used":             func(ctx context.Context) string { return views.T(ctx).Custody.DoneUsed },
	"written-off":      func(ctx context.Context) string { return views.T(ctx).Custody.DoneWrittenOff },
	"unpacked":         func(ctx context.Context) string { return views.T(ctx).Custody.DoneUnpacked },
	"packed":           func(ctx context.Context) string { return views.T(ctx).Custody.DonePacked },
	"corrected":        func(ctx context.Context) string { return views.T(ctx).Custody.DoneCorrected },
	"picked-up":        func(ctx context.Context) string { return views.T(ctx).Custody.DonePickedUp },
	"delivered":        func(ctx context.Context) string { return views.T(ctx).Custody.DoneDelivered },
	"received":         func(ctx context.Context) string { return views.T(ctx).Custody.DoneReceived },
	"rejected":         func(ctx context.Context) string { return views.T(ctx).Custody.DoneRejected },
	"pledge-received":  func(ctx context.Context) string { return views.T(ctx).Custody.DoneReceivedPledge },
}

// done is where a custody action leads: what it did, the lots it made (to
// print their labels), and the lot (from) or shipment (h) to go back to.
type done struct {
	action string
	lots   []string
	from   string
	h      int64
	form   form // the form again if the action is refused; nil: a page saying why, with the way back
}

func (d done) page() string {
	q := url.Values{"a": {d.action}, "lot": d.lots}
	if d.from != "" {
		q.Set("from", d.from)
	}
	if d.h > 0 {
		q.Set("h", strconv.FormatInt(d.h, 10))
	}
	return "/done?" + q.Encode()
}

// confirm answers a custody action: done, with a redirect to /done (so a
// reload asks for nothing again); refused, with the form again and why.
func (s *Server) confirm(w http.ResponseWriter, r *http.Request, err error, d done) {
	if err != nil {
		back := views.Link{Label: views.T(r.Context()).Custody.ToStock, Href: "/stock"}
		if d.from != "" {
			back = views.Link{Label: views.T(r.Context()).Custody.BackToLot, Href: views.TraceHref(d.from)}
		} else if d.h > 0 {
			back = views.Link{Label: fmt.Sprintf(views.T(r.Context()).Custody.HandoffTitle, d.h), Href: "/handoffs/" + strconv.FormatInt(d.h, 10)}
		}
		if d.form == nil {
			d.form = func(fe views.FormError) templ.Component { return views.ActionRefusedPage(fe.Message, back) }
		}
		s.Error(w, r, err, d.form)
		return
	}
	s.made(w, r, d.page())
}

// handleDone confirms a custody action in plain words, with where to go
// next. It changes nothing: reloading it is harmless.
func (s *Server) handleDone(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t := &views.T(r.Context()).Custody
	say, ok := doneMessages[q.Get("a")]
	if !ok {
		s.notFound(w, r)
		return
	}
	msg := say(r.Context())
	var codes []string
	for _, c := range q["lot"] {
		if c, err := ledger.NormalizeCode(c); err == nil {
			codes = append(codes, c)
		}
	}
	back := views.Link{Label: t.ToStock, Href: "/stock"}
	if c, err := ledger.NormalizeCode(q.Get("from")); err == nil {
		back = views.Link{Label: t.BackToLot, Href: views.TraceHref(c)}
	}
	if h, err := strconv.ParseInt(q.Get("h"), 10, 64); err == nil && h > 0 {
		back = views.Link{Label: fmt.Sprintf(t.HandoffTitle, h), Href: "/handoffs/" + strconv.FormatInt(h, 10)}
		if q.Get("a") == "dispatched" {
			msg = fmt.Sprintf(msg, h)
		}
	}
	s.render(w, r, http.StatusOK, views.DonePage(views.NewDoneVM(msg, codes, back)))
}

// formInt parses a whole number field; empty is 0. Its error names the
// field for the form to mark, never in the message.
func formInt(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "enter a whole number, 0 or more").In(name)
	}
	return n, nil
}

// lotForm shows the lot's page again with its action form name refused:
// what was typed, and why beside the field it is about.
func (s *Server) lotForm(r *http.Request, name string) form {
	return func(fe views.FormError) templ.Component {
		m := currentMember(r.Context())
		p, err := s.store.LotPage(r.Context(), m, chi.URLParam(r, "code"))
		if err != nil {
			return views.ErrorPage(fe.Message)
		}
		vm := views.NewLotVM(r.Context(), p, m, s.now())
		vm.Refused, vm.Form, vm.Error = name, r.PostForm, fe
		return views.LotPage(vm)
	}
}

func (s *Server) handleSplitLot(w http.ResponseWriter, r *http.Request) {
	var qs []int64
	for _, f := range strings.FieldsFunc(r.PostFormValue("quantities"), func(c rune) bool { return c == ' ' || c == ',' || c == '，' }) {
		q, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			s.Error(w, r, ledger.Errorf(ledger.EINVALID, "%s must be a whole number", f).In("quantities"), s.lotForm(r, "split"))
			return
		}
		qs = append(qs, q)
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	kids, err := s.store.SplitLot(once(r), m, chi.URLParam(r, "code"), qs, r.PostFormValue("nonce"))
	s.confirm(w, r, err, done{action: "split", lots: kids, from: chi.URLParam(r, "code"), form: s.lotForm(r, "split")})
}

func (s *Server) handleDispatchLot(w http.ResponseWriter, r *http.Request) {
	to, err1 := formInt(r, "to")
	via, err2 := formInt(r, "via")
	q, err3 := formInt(r, "quantity")
	if err1 == nil && to == 0 {
		err1 = ledger.Errorf(ledger.EINVALID, "choose where to send it").In("to")
	}
	if err := firstErr(err1, err2, err3); err != nil {
		s.Error(w, r, err, s.lotForm(r, "dispatch"))
		return
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	id, err := s.store.Dispatch(once(r), m, sqlite.DispatchInput{To: to, Via: via,
		Lines: []ledger.SentLot{{Lot: chi.URLParam(r, "code"), Quantity: q}}}, r.PostFormValue("nonce"))
	s.confirm(w, r, err, done{action: "dispatched", h: id, from: chi.URLParam(r, "code"), form: s.lotForm(r, "dispatch")})
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
		s.Error(w, r, err, s.lotForm(r, "use"))
		return
	}
	m, ok := s.actor(w, r, func(m ledger.Member) bool { return m.ActsFor(ledger.OrgRecipient) })
	if !ok {
		return
	}
	_, err = s.store.UseLot(once(r), m, sqlite.FinalInput{Lot: chi.URLParam(r, "code"), Quantity: q,
		Use: strings.TrimSpace(r.PostFormValue("use")), Date: r.PostFormValue("date")}, r.PostFormValue("nonce"))
	s.confirm(w, r, err, done{action: "used", from: chi.URLParam(r, "code"), form: s.lotForm(r, "use")})
}

func (s *Server) handleWriteOffLot(w http.ResponseWriter, r *http.Request) {
	q, err := formInt(r, "quantity")
	if err != nil {
		s.Error(w, r, err, s.lotForm(r, "writeoff"))
		return
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	_, err = s.store.WriteOffLot(once(r), m, sqlite.FinalInput{Lot: chi.URLParam(r, "code"), Quantity: q,
		Cause: r.PostFormValue("cause"), Reason: strings.TrimSpace(r.PostFormValue("reason"))}, r.PostFormValue("nonce"))
	s.confirm(w, r, err, done{action: "written-off", from: chi.URLParam(r, "code"), form: s.lotForm(r, "writeoff")})
}

func (s *Server) handleUnpackLot(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	err := s.store.UnpackLot(keyed(r), m, chi.URLParam(r, "code"))
	s.confirm(w, r, err, done{action: "unpacked", from: chi.URLParam(r, "code"), form: s.lotForm(r, "unpack")})
}

// handleCorrectLot declares a use or write-off of the lot wrong and, if a
// quantity is given, records the right one in its place.
func (s *Server) handleCorrectLot(w http.ResponseWriter, r *http.Request) {
	entry, err1 := formInt(r, "entry")
	q, err2 := formInt(r, "quantity")
	if err := firstErr(err1, err2); err != nil {
		s.Error(w, r, err, s.lotForm(r, "correct"))
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
	err := s.store.CorrectEntry(keyed(r), m, entry, strings.TrimSpace(r.PostFormValue("reason")), redo)
	s.confirm(w, r, err, done{action: "corrected", from: chi.URLParam(r, "code"), form: s.lotForm(r, "correct")})
}

func (s *Server) handlePackLots(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	pack, err := s.store.PackLots(once(r), m, r.PostForm["lot"], strings.TrimSpace(r.PostFormValue("description")), r.PostFormValue("nonce"))
	s.confirm(w, r, err, done{action: "packed", lots: []string{pack}})
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
func (s *Server) handoffStep(w http.ResponseWriter, r *http.Request, may func(ledger.Member) bool, action string,
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
	s.confirm(w, r, err, done{action: action, h: id, form: s.handoffForm(r, id, action)})
}

// handoffForm shows the shipment's page again with why its form refused
// ("received", "rejected", ...) was refused, and what was typed.
func (s *Server) handoffForm(r *http.Request, id int64, refused string) form {
	return func(fe views.FormError) templ.Component {
		h, err := s.store.Handoff(r.Context(), id)
		if err != nil {
			return views.ErrorPage(fe.Message)
		}
		vm := views.NewHandoffVM(r.Context(), h, currentMember(r.Context()))
		vm.Error, vm.Refused, vm.Form = fe, refused, r.PostForm
		return views.HandoffPage(vm)
	}
}

func carrier(m ledger.Member) bool { return m.ActsFor(ledger.OrgLogistics) }

func (s *Server) handlePickup(w http.ResponseWriter, r *http.Request) {
	s.handoffStep(w, r, carrier, "picked-up", func(m ledger.Member, id int64) error {
		return s.store.ConfirmPickup(keyed(r), m, id)
	})
}

func (s *Server) handleDelivery(w http.ResponseWriter, r *http.Request) {
	s.handoffStep(w, r, carrier, "delivered", func(m ledger.Member, id int64) error {
		return s.store.ConfirmDelivery(keyed(r), m, id)
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
			id, _ := handoffID(r)
			s.Error(w, r, err, s.handoffForm(r, id, "received"))
			return
		}
		lines = append(lines, sqlite.ReceiptLine{Lot: lot, Received: q, Condition: r.PostFormValue("condition-" + n),
			Reason: r.PostFormValue("reason-" + n), Note: strings.TrimSpace(r.PostFormValue("note-" + n))})
	}
	s.handoffStep(w, r, custodian, "received", func(m ledger.Member, id int64) error {
		return s.store.ConfirmReceipt(keyed(r), m, id, lines)
	})
}

func (s *Server) handleReject(w http.ResponseWriter, r *http.Request) {
	s.handoffStep(w, r, custodian, "rejected", func(m ledger.Member, id int64) error {
		return s.store.RejectHandoff(keyed(r), m, id, r.PostFormValue("reason"), strings.TrimSpace(r.PostFormValue("note")))
	})
}

func (s *Server) handleStock(w http.ResponseWriter, r *http.Request) {
	m, ok := s.actor(w, r, stockKeeper)
	if !ok {
		return
	}
	st, err := s.stockAt(r, m.Org, true)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.StockPage(views.NewStockVM(r.Context(), st, r.URL, m, s.now())))
}

// stockAt reads org's stock page (on /stock and its public page) from
// where the request's sealed cursors say its lists start (?after= for
// the lots, ?expected_after= for the expected deliveries), and seals the
// page keys of the pages that follow. Returns EMALFORMED for a cursor
// this server did not make for that list. With needs, each item lists
// the open needs it could fill (for a member).
func (s *Server) stockAt(r *http.Request, org int64, needs bool) (*ledger.Stock, error) {
	from := sqlite.StockFrom{Needs: needs}
	var err error
	if from.Lot, err = s.cursors.openAt(r, "after", "stock-lots"); err != nil {
		return nil, err
	}
	if from.Pledge, err = s.cursors.openAt(r, "expected_after", "stock-expected"); err != nil {
		return nil, err
	}
	st, err := s.store.StockAt(r.Context(), org, from)
	if err != nil {
		return nil, err
	}
	st.Next = s.cursors.sealKey("stock-lots", st.Next)
	st.ExpectedNext = s.cursors.sealKey("stock-expected", st.ExpectedNext)
	return st, nil
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
	vm := views.NewReceivePledgeVM(r.Context(), p)
	s.scanFill(r, &vm)
	s.render(w, r, http.StatusOK, views.ReceivePledgePage(s.withHandOn(r, p, vm)))
}

// withHandOn offers pledge p (vm's) to be handed on, if the viewer's
// organisation is to receive it.
func (s *Server) withHandOn(r *http.Request, p *ledger.Pledge, vm views.ReceivePledgeVM) views.ReceivePledgeVM {
	m := currentMember(r.Context())
	if !p.Receivable(m) {
		return vm
	}
	orgs, err := s.store.HandOnTargets(r.Context(), m)
	if err != nil {
		return vm
	}
	for _, o := range orgs {
		vm.HandOn = append(vm.HandOn, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return vm
}

// handleHandOnPledge hands the pledge on to another organisation, which
// then receives it instead (pledge.handed_on), and leads to its page.
func (s *Server) handleHandOnPledge(w http.ResponseWriter, r *http.Request) {
	to, err := formInt(r, "to")
	if err == nil && to == 0 {
		err = ledger.Errorf(ledger.EINVALID, "choose the organisation that will receive it").In("to")
	}
	if err != nil {
		s.Error(w, r, err, s.pledgeReceiptForm(r, "hand-on"))
		return
	}
	m, ok := s.actor(w, r, custodian)
	if !ok {
		return
	}
	code := chi.URLParam(r, "code")
	if err := s.store.HandOnPledge(keyed(r), m, code, to, strings.TrimSpace(r.PostFormValue("reason"))); err != nil {
		s.Error(w, r, err, s.pledgeReceiptForm(r, "hand-on"))
		return
	}
	s.made(w, r, "/t/"+code)
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
			s.Error(w, r, err, s.pledgeReceiptForm(r, ""))
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
	codes, err := s.store.ReceivePledge(once(r), m, chi.URLParam(r, "code"), lots, r.PostFormValue("over_delivery"), r.PostFormValue("nonce"))
	s.confirm(w, r, err, done{action: "pledge-received", lots: codes, form: s.pledgeReceiptForm(r, "")})
}

// pledgeReceiptForm shows the pledge's receipt page again with one of
// its forms refused (refused: "" for the receipt, "hand-on"): what was
// typed, and why.
func (s *Server) pledgeReceiptForm(r *http.Request, refused string) form {
	return func(fe views.FormError) templ.Component {
		p, err := s.store.PledgeByCode(r.Context(), chi.URLParam(r, "code"))
		if err != nil {
			return views.ErrorPage(fe.Message)
		}
		vm := views.NewReceivePledgeVM(r.Context(), p)
		vm.Form, vm.Error, vm.Refused = r.PostForm, fe, refused
		return views.ReceivePledgePage(s.withHandOn(r, p, vm))
	}
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
	action := map[string]string{ledger.CountMatched: "counted-matched", ledger.CountAdjusted: "counted-adjusted", ledger.CountPending: "counted-pending"}[status]
	s.confirm(w, r, err, done{action: action, from: chi.URLParam(r, "code")})
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
	err = s.store.ReviewCount(keyed(r), m, chi.URLParam(r, "code"), entry, r.PostFormValue("approve") == "1", strings.TrimSpace(r.PostFormValue("note")))
	s.confirm(w, r, err, done{action: "count-reviewed", from: chi.URLParam(r, "code")})
}
