package main

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// waitUnavailable asks again when a server answers 503 Service Unavailable
// with a Retry-After: an Aidtrail server does so while it checks its data
// after an unclean stop (tiles wait until the check passes), and a proxy
// may do so while the server restarts. It waits as long as asked (at most
// maxRetryAfter at a time) until it has waited maxUnavailable for one
// request; then the 503 stands and the verification reports it. Requests
// with a body are not asked again, nor a 503 without Retry-After.
type waitUnavailable struct {
	next http.RoundTripper
	log  io.Writer // where each wait is said
	// sleep waits d or until the request is cancelled (a test's clock).
	sleep func(r *http.Request, d time.Duration) error
}

const (
	maxRetryAfter  = 10 * time.Second
	maxUnavailable = time.Minute
)

func newWaitUnavailable(next http.RoundTripper, log io.Writer) *waitUnavailable {
	return &waitUnavailable{next: next, log: log, sleep: sleepFor}
}

func (t *waitUnavailable) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		return t.next.RoundTrip(req)
	}
	var waited time.Duration
	for {
		res, err := t.next.RoundTrip(req)
		if err != nil || res.StatusCode != http.StatusServiceUnavailable {
			return res, err
		}
		d, ok := retryAfter(res.Header.Get("Retry-After"), time.Now())
		if !ok || waited+d > maxUnavailable {
			return res, nil
		}
		io.Copy(io.Discard, io.LimitReader(res.Body, 4<<10))
		res.Body.Close()
		fmt.Fprintf(t.log, "%s: %s; asking again in %s (Retry-After)\n", req.URL, res.Status, d)
		if err := t.sleep(req, d); err != nil {
			return nil, err
		}
		waited += d
	}
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), at least
// a second and at most maxRetryAfter.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if s, err := strconv.Atoi(v); err == nil {
		d = time.Duration(s) * time.Second
	} else if at, err := http.ParseTime(v); err == nil {
		d = at.Sub(now)
	} else {
		return 0, false
	}
	return min(max(d, time.Second), maxRetryAfter), true
}

func sleepFor(r *http.Request, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-r.Context().Done():
		return r.Context().Err()
	}
}
