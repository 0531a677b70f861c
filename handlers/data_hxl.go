package handlers

// /data/NAME.hxl.csv: each CSV export with the HXL hashtag row under its
// header, for humanitarian data tools (HDX, HXL Proxy).

import (
	"net/http"
	"slices"

	"github.com/aidtrail/aidtrail/ledger/opendata"
)

func (s *Server) handleHXLExport(w http.ResponseWriter, r *http.Request, table string) {
	rows, err := s.store.ExportTable(r.Context(), table)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rows = slices.Insert(rows, 1, opendata.HXLRow(table, rows[0]))
	s.writeCSV(w, r, table[:len(table)-len(".csv")]+".hxl.csv", rows)
}
