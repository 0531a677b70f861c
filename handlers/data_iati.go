package handlers

// /data/iati.xml: the money of the log as IATI 2.03 activities.

import (
	"bytes"
	"encoding/xml"
	"net/http"
)

func (s *Server) handleIATIExport(w http.ResponseWriter, r *http.Request) {
	doc, err := s.store.ExportIATI(r.Context(), s.baseURL, s.now())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		s.Error(w, r, err)
		return
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="aidtrail-iati.xml"`)
	w.Header().Set("Cache-Control", cacheShort)
	w.Write(buf.Bytes())
}
