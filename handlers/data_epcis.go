package handlers

// /data/epcis.jsonld: the custody entries as a GS1 EPCIS 2.0 JSON-LD
// EPCISDocument, streamed a page of entries at a time (?from=N; the next
// page is in the Link header).

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// entryFrom reads ?from=N, the first entry of a page: 0 if absent.
func entryFrom(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("from")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "from must be an entry index (a whole number from 0)")
	}
	return n, nil
}

func (s *Server) handleEPCISExport(w http.ResponseWriter, r *http.Request) {
	from, err := entryFrom(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	size := s.store.Latest().Size
	end := min(size, from+sqlite.EPCISPage)
	head, err := json.Marshal(opendata.NewEPCISDocument(s.now(), s.baseURL+"/data/epcis.jsonld?from="+strconv.FormatInt(from, 10)))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if end < size {
		w.Header().Set("Link", `<`+s.baseURL+`/data/epcis.jsonld?from=`+strconv.FormatInt(end, 10)+`>; rel="next"`)
	}
	w.Header().Set("Content-Type", "application/ld+json")
	w.Header().Set("Content-Disposition", `attachment; filename="aidtrail-epcis.jsonld"`)
	w.Header().Set("Cache-Control", cacheShort)
	bw := bufio.NewWriterSize(w, 64<<10)
	// The header as marshalled, its empty event list opened for streaming.
	bw.Write(head[:len(head)-len(`]}}`)])
	n := 0
	err = s.store.ExportEPCIS(r.Context(), s.baseURL, from, end, func(ev *opendata.Event) error {
		b, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteString("\n")
		_, err = bw.Write(b)
		return err
	})
	if err == nil {
		bw.WriteString("\n]}}\n")
		err = bw.Flush()
	}
	if err != nil && r.Context().Err() == nil {
		// Headers are gone; the unterminated document shows it.
		s.log.Error("exporting EPCIS", "err", err)
	}
}
