package handlers

// The public face: the ledger browser, one entry with its proof, the verify
// page and the open data. Nothing here needs a session.

import (
	"bufio"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/views"
	"github.com/go-chi/chi/v5"
	"golang.org/x/mod/sumdb/tlog"
)

func (s *Server) handleLedger(w http.ResponseWriter, r *http.Request) {
	f, q, err := parseLedgerFilter(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page, err := s.store.LedgerEntries(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.LedgerPage(views.NewLedgerVM(r.Context(), page, q)))
}

// parseLedgerFilter reads the browser's GET parameters.
func parseLedgerFilter(r *http.Request) (sqlite.EntryFilter, views.LedgerQuery, error) {
	v := r.URL.Query()
	q := views.LedgerQuery{Type: v.Get("type"), Org: v.Get("org"), Item: v.Get("item"), From: v.Get("from"), To: v.Get("to")}
	f := sqlite.EntryFilter{Type: q.Type, Item: q.Item}
	if f.Type != "" && !slices.Contains(ledger.Types(), f.Type) {
		return f, q, ledger.Errorf(ledger.EINVALID, "unknown entry type %q", f.Type)
	}
	var err error
	num := func(k string) int64 {
		if v.Get(k) == "" || err != nil {
			return 0
		}
		n, perr := strconv.ParseInt(v.Get(k), 10, 64)
		if perr != nil || n < 0 {
			err = ledger.Errorf(ledger.EINVALID, "%s must be a whole number", k)
		}
		return n
	}
	f.Org = num("org")
	// before and after are the browser's page links (entry indexes): one
	// no page made is a damaged link, as on every other list.
	for k, dst := range map[string]*int64{"before": &f.Before, "after": &f.After} {
		if raw := v.Get(k); raw != "" && err == nil {
			n, perr := strconv.ParseInt(raw, 10, 64)
			if perr != nil || n < 0 {
				err = errBadCursor
			}
			*dst = n
		}
	}
	date := func(k string) time.Time {
		if v.Get(k) == "" || err != nil {
			return time.Time{}
		}
		t, perr := time.Parse(time.DateOnly, v.Get(k))
		if perr != nil {
			err = ledger.Errorf(ledger.EINVALID, "the date %q is not in the form YYYY-MM-DD", v.Get(k))
		}
		return t
	}
	f.From, f.To = date("from"), date("to")
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the form's end date is inclusive
	}
	return f, q, err
}

// handleEntry shows one entry; /ledger/{index}.json or Accept:
// application/json gives the same as JSON.
func (s *Server) handleEntry(w http.ResponseWriter, r *http.Request) {
	raw, asJSON := strings.CutSuffix(chi.URLParam(r, "index"), ".json")
	asJSON = asJSON || wantsJSON(r)
	index, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || index < 0 || strconv.FormatInt(index, 10) != raw {
		s.notFound(w, r)
		return
	}
	r = jsonErrors(r, asJSON)
	d, err := s.store.EntryDetail(r.Context(), index)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if asJSON {
		s.writeJSON(w, http.StatusOK, views.NewEntryJSON(d))
		return
	}
	s.render(w, r, http.StatusOK, views.EntryPage(views.NewEntryVM(r.Context(), d)))
}

// wantsJSON reports whether the client prefers JSON to HTML.
func wantsJSON(r *http.Request) bool {
	a := r.Header.Get("Accept")
	return strings.Contains(a, "application/json") && !strings.Contains(a, "text/html")
}

// writeJSON writes v compact and without HTML escaping, so stored entries
// embedded as raw JSON keep their exact bytes.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.log.Error("encoding JSON", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(buf.String()))
}

func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 0 {
			s.Error(w, r, ledger.Errorf(ledger.EINVALID, "%s must be a whole number", "before"))
			return
		}
		before = n
	}
	hist, err := s.store.CheckpointHistory(r.Context(), before, 50)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.NewVerifyVM(s.baseURL, s.store.VerifierKey(), s.store.Latest(), hist)
	if s.witnesses != nil {
		st := s.witnesses.Status()
		vm.Witnesses = views.NewWitnessVM(&st, s.witnesses.Policy().Text())
		if st.Served != nil {
			vm.Latest = string(st.Served.Note)
		}
	}
	s.render(w, r, http.StatusOK, views.VerifyPage(vm))
}

func (s *Server) handleDataIndex(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, views.DataPage())
}

// handleEntriesExport streams every entry as JSON Lines:
// {"index":N,"leaf_hash":"hex","entry":<the stored bytes>}.
func (s *Server) handleEntriesExport(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/jsonl; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="aidtrail-entries.jsonl"`)
	w.Header().Set("Cache-Control", cacheShort)
	bw := bufio.NewWriterSize(w, 64<<10)
	err := s.store.ExportEntries(r.Context(), func(index int64, leaf tlog.Hash, data []byte) error {
		bw.WriteString(`{"index":`)
		bw.WriteString(strconv.FormatInt(index, 10))
		bw.WriteString(`,"leaf_hash":"`)
		bw.WriteString(hex.EncodeToString(leaf[:]))
		bw.WriteString(`","entry":`)
		bw.Write(data)
		_, err := bw.WriteString("}\n")
		return err
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil && r.Context().Err() == nil {
		// Headers are gone; the truncated body (no final newline) shows it.
		s.log.Error("exporting entries", "err", err)
	}
}

// handleTableExport serves a CSV export of /data/.
func (s *Server) handleTableExport(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	if table, ok := strings.CutSuffix(name, ".hxl.csv"); ok {
		s.handleHXLExport(w, r, table+".csv")
		return
	}
	s.writeCSV(w, r, name, name, false)
}

// writeCSV streams the CSV export table as the file name, row by row as the
// store reads it; with hxl, the HXL hashtag row follows the header.
func (s *Server) writeCSV(w http.ResponseWriter, r *http.Request, table, name string, hxl bool) {
	var cw *csv.Writer
	err := s.store.ExportTable(r.Context(), table, func(row []string) error {
		if cw != nil {
			return cw.Write(row)
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="aidtrail-`+name+`"`)
		w.Header().Set("Cache-Control", cacheShort)
		cw = csv.NewWriter(w)
		if err := cw.Write(row); err != nil || !hxl {
			return err
		}
		return cw.Write(opendata.HXLRow(table, row))
	})
	if cw == nil {
		s.Error(w, r, err)
		return
	}
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err != nil && r.Context().Err() == nil {
		// Headers are gone; the truncated body shows it.
		s.log.Error("exporting "+name, "err", err)
	}
}

// handleOrg shows an organisation's public record.
func (s *Server) handleOrg(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	var pages sqlite.OrgPages
	pages.DiscrepanciesAfter, err = s.cursors.openAt(r, "discrepancies", "org-discrepancies")
	if err == nil {
		pages.AdjustmentsAfter, err = s.cursors.openAt(r, "adjustments", "org-adjustments")
	}
	if err == nil {
		pages.EntriesAfter, err = s.cursors.openAt(r, "entries", "org-entries")
	}
	var rec *ledger.OrgRecord
	if err == nil {
		rec, err = s.store.OrgRecord(r.Context(), id, pages)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rec.DiscrepanciesNext = s.cursors.sealKey("org-discrepancies", rec.DiscrepanciesNext)
	rec.AdjustmentsNext = s.cursors.sealKey("org-adjustments", rec.AdjustmentsNext)
	rec.LatestNext = s.cursors.sealKey("org-entries", rec.LatestNext)
	keys, err := s.store.OrgKeys(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.NewOrgVM(r.Context(), rec, r.URL)
	vm.Keys = views.NewOrgKeysVM(keys)
	if rec.Org.Kind == ledger.OrgWarehouse || rec.Org.Kind == ledger.OrgRecipient {
		st, err := s.stockAt(r, id, false) // the public page offers no dispatch to a need
		if err != nil {
			s.Error(w, r, err)
			return
		}
		day := views.NewStockDayVM(r.Context(), st, r.URL, ledger.Member{}, s.now())
		vm.Day = &day
	}
	s.render(w, r, http.StatusOK, views.OrgPage(vm))
}

// handleItem shows one item's figures: who used it and every flow, each
// list a page at a time with its own cursor (?users=, ?flows=).
func (s *Server) handleItem(w http.ResponseWriter, r *http.Request) {
	var pages sqlite.ItemPages
	var err error
	pages.UsersAfter, err = s.cursors.openAt(r, "users", "item-users")
	if err == nil {
		pages.FlowsAfter, err = s.cursors.openAt(r, "flows", "item-flows")
	}
	var f *ledger.ItemFigures
	if err == nil {
		f, err = s.store.ItemFigures(r.Context(), chi.URLParam(r, "item"), pages)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	vm := views.NewItemVM(r.Context(), f)
	vm.UsersNext = s.cursors.nextURLAt(r, "users", "item-users", f.UsersNext)
	vm.FlowsNext = s.cursors.nextURLAt(r, "flows", "item-flows", f.FlowsNext)
	s.render(w, r, http.StatusOK, views.ItemPage(vm))
}
