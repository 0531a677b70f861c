package handlers

// /data/iati.xml: the money of the log as IATI 2.03 activities.

import (
	"bufio"
	"net/http"

	"github.com/aidtrail/aidtrail/ledger/opendata"
)

// handleIATIExport streams the document as the store reads it, an
// organisation at a time.
func (s *Server) handleIATIExport(w http.ResponseWriter, r *http.Request) {
	doc := s.store.ExportIATI(r.Context(), s.baseURL, s.now())
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="aidtrail-iati.xml"`)
	w.Header().Set("Cache-Control", cacheShort)
	bw := bufio.NewWriterSize(w, 64<<10)
	err := opendata.WriteIATI(bw, doc)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil && r.Context().Err() == nil {
		// Headers are gone; the unterminated document shows it.
		s.log.Error("exporting IATI", "err", err)
	}
}
