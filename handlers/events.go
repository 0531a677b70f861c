package handlers

// Server-Sent Events: /events tells open transparency pages that the ledger
// grew, so they refresh themselves (htmx + its sse extension). Pages stay
// complete without it.

import (
	"fmt"
	"net/http"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// heartbeat keeps idle streams alive through proxies.
const heartbeat = 20 * time.Second

// handleEvents streams "event: entries" with the new log size after every
// commit that appended entries, and a comment line as heartbeat. It ends
// when the client goes away or the server shuts down; at most
// MaxEventClients streams are open at once.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	select {
	case s.streams <- struct{}{}:
		defer func() { <-s.streams }()
	default:
		w.Header().Set("Retry-After", "30")
		s.Error(w, r, ledger.Errorf(ledger.ETOOMANY, "too many live listeners; try again later"))
		return
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	changed := s.store.Changed()
	send := func(format string, a ...any) bool {
		if _, err := fmt.Fprintf(w, format, a...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: 5000\n: size %d\n\n", s.store.Latest().Size) {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-changed:
			changed = s.store.Changed()
			if !send("event: entries\ndata: %d\n\n", s.store.Latest().Size) {
				return
			}
		case <-tick.C:
			if !send(": ping\n\n") {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}
