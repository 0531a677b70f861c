package handlers

// The scan page: staff point the phone at an Aidtrail code or at the GS1
// barcode on a manufacturer's box; a typed code works without a camera or
// JavaScript. Reading only: every action stays on the page it opens.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/views"
)

// scanCSP is the site's policy plus what the ZXing WebAssembly detector
// needs to compile; only /scan sends it.
const scanCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// handleScan opens what was scanned or typed (q): an Aidtrail code or the
// URL of its QR code goes to /t/{code}; a GS1 barcode is shown, and with
// the pledge it arrived for (for) goes to that pledge's receipt form with
// its batch, expiry and GTIN filled in.
func (s *Server) handleScan(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.actor(w, r, stockKeeper); !ok {
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	vm := views.ScanVM{Query: q, Line: r.URL.Query().Get("line")}
	if _, err := strconv.Atoi(vm.Line); err != nil {
		vm.Line = "0"
	}
	if f := r.URL.Query().Get("for"); f != "" {
		code, err := ledger.NormalizeCode(f)
		if err != nil {
			vm.For, vm.Error = f, views.ErrorText(r.Context(), err)
		} else {
			vm.ForCode, vm.For = code, ledger.FormatCode(code)
		}
	}
	status := http.StatusOK
	switch {
	case q == "" || vm.Error != "":
	case ledger.IsGS1(q):
		g, err := ledger.ParseGS1(q, s.now())
		if err != nil {
			vm.Error, status = views.ErrorText(r.Context(), err), http.StatusUnprocessableEntity
			break
		}
		vm.GS1, vm.Query = views.NewGS1VM(g), g.String()
		if vm.ForCode != "" {
			http.Redirect(w, r, "/t/"+vm.ForCode+"/receive?"+url.Values{"gs1": {g.String()}, "line": {vm.Line}}.Encode(), http.StatusSeeOther)
			return
		}
	default:
		code, err := ledger.NormalizeCode(traceCodeOf(q))
		if err != nil {
			vm.Error, status = views.ErrorText(r.Context(), err), http.StatusUnprocessableEntity
			break
		}
		http.Redirect(w, r, "/t/"+code, http.StatusSeeOther)
		return
	}
	w.Header().Set("Content-Security-Policy", scanCSP)
	s.render(w, r, status, views.ScanPage(vm))
}

// traceCodeOf returns the code in an Aidtrail QR code's URL (…/t/{code}),
// or s itself.
func traceCodeOf(s string) string {
	if u, err := url.Parse(s); err == nil && u.Scheme != "" {
		if code, ok := strings.CutPrefix(u.Path, "/t/"); ok {
			return code
		}
	}
	return s
}

// scanFill reads a GS1 barcode passed to the receipt form (gs1, line)
// into vm; a barcode that does not parse is said on the form.
func (s *Server) scanFill(r *http.Request, vm *views.ReceivePledgeVM) {
	raw := r.URL.Query().Get("gs1")
	if raw == "" {
		return
	}
	g, err := ledger.ParseGS1(raw, s.now())
	if err != nil {
		vm.ScanError = views.ErrorText(r.Context(), err)
		return
	}
	vm.Scan = views.NewGS1VM(g)
	if n, err := strconv.Atoi(r.URL.Query().Get("line")); err == nil && n >= 0 && n < len(vm.Lines) {
		vm.ScanLine = n
	}
}
