package handlers

// /t/{code}: the trace page every printed QR code points at. A code names a
// pledge or a lot: one handler looks it up and shows the lot's page (its
// actions in lots.go) or the pledge's. The public-face area may enrich the
// pledge page.

import (
	"net/http"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/views"
	"github.com/go-chi/chi/v5"
	qrcode "github.com/skip2/go-qrcode"
)

func (s *Server) handleTrace(w http.ResponseWriter, r *http.Request) {
	code, err := ledger.NormalizeCode(chi.URLParam(r, "code"))
	if err != nil {
		s.unknownCode(w, r)
		return
	}
	if code != chi.URLParam(r, "code") {
		// One spelling per code, so caches and links agree.
		http.Redirect(w, r, "/t/"+code, http.StatusMovedPermanently)
		return
	}
	m := currentMember(r.Context())
	p, t, err := s.store.Trace(r.Context(), m, code)
	if ledger.ErrorCode(err) == ledger.ENOTFOUND {
		s.unknownCode(w, r)
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	if p != nil {
		s.lotTrace(w, r, m, p)
		return
	}
	vm := views.NewPledgeTraceVM(r.Context(), t, s.now())
	if t.Pledge.Receivable(m) {
		vm.ReceiveHref = "/t/" + code + "/receive"
		if t.Pledge.Kind == ledger.PledgeMoney {
			vm.ReceiveHref = "/funds/desk?pledge=" + code + "#receive-h"
		}
	}
	s.render(w, r, http.StatusOK, views.PledgeTracePage(vm))
}

// traceQR encodes the absolute URL of /t/{code}; codes are checked (a
// well-formed code with its check symbol) but need not exist, so a label
// can be printed before its first entry.
func (s *Server) traceQR(w http.ResponseWriter, r *http.Request) (*qrcode.QRCode, bool) {
	code, err := ledger.NormalizeCode(chi.URLParam(r, "code"))
	if err != nil {
		s.Error(w, r, err)
		return nil, false
	}
	q, err := qrcode.New(views.TraceURL(s.baseURL, code), qrcode.Medium)
	if err != nil {
		s.Error(w, r, err)
		return nil, false
	}
	w.Header().Set("Cache-Control", cacheImmutable)
	return q, true
}

func (s *Server) handleTraceQRPNG(w http.ResponseWriter, r *http.Request) {
	q, ok := s.traceQR(w, r)
	if !ok {
		return
	}
	png, err := q.PNG(512)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Write(png)
}

func (s *Server) handleTraceQRSVG(w http.ResponseWriter, r *http.Request) {
	q, ok := s.traceQR(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(views.QRSVG(q.Bitmap()))
}

// unknownCode answers a /t/{code} that names no lot or pledge with the
// codes one typo away (a misread label, two symbols swapped).
func (s *Server) unknownCode(w http.ResponseWriter, r *http.Request) {
	typed := chi.URLParam(r, "code")
	near, err := s.store.NearCodes(r.Context(), typed)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	links := make([]views.Link, 0, len(near))
	for _, c := range near {
		links = append(links, views.Link{Label: ledger.FormatCode(c), Href: views.TraceHref(c)})
	}
	s.render(w, r, http.StatusNotFound, views.UnknownCodePage(typed, links))
}
