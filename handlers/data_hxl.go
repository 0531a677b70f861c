package handlers

// /data/NAME.hxl.csv: each CSV export with the HXL hashtag row under its
// header, for humanitarian data tools (HDX, HXL Proxy).

import "net/http"

func (s *Server) handleHXLExport(w http.ResponseWriter, r *http.Request, table string) {
	s.writeCSV(w, r, table, table[:len(table)-len(".csv")]+".hxl.csv", true)
}
