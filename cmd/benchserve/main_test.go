package main

import "testing"

// hey v0.1.4's summary of a run (abridged): req/s, p99 in ms, status codes.
func TestParseHey(t *testing.T) {
	out := `
Summary:
  Total:	1.3386 secs
  Requests/sec:	2241.1732

Latency distribution:
  10% in 0.0030 secs
  95% in 0.0259 secs
  99% in 0.0413 secs

Status code distribution:
  [200]	2990 responses
  [503]	10 responses
`
	h := parseHey(out)
	if h.rps != "2241.1732" || h.p99ms != "41.3" || h.codes != "[200]2990 [503]10" {
		t.Errorf("parseHey = %+v", h)
	}
}

// vegeta v12's JSON report: requests, throughput, p99 (ns), status codes.
func TestParseVegeta(t *testing.T) {
	w, err := parseVegeta([]byte(`{"latencies":{"total":1,"mean":2,"50th":3,"90th":4,"95th":5,"99th":145000000,"max":6,"min":7},
		"bytes_in":{"total":1,"mean":1},"requests":18042,"rate":1202.8,"throughput":1200.5,"success":1,
		"status_codes":{"200":18040,"404":2},"errors":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	if w.Requests != 18042 || w.Throughput != 1200.5 || w.Latencies.P99 != 145_000_000 || w.codes() != `{"200":18040,"404":2}` {
		t.Errorf("parseVegeta = %+v, codes %s", w, w.codes())
	}
}

// utime and stime are fields 14 and 15, counted after the command's name,
// which may hold spaces and parentheses.
func TestStatCPUMs(t *testing.T) {
	stat := "4242 (aid trail) x) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 75 0 0 20 0 9 0 100 200 300"
	if got := statCPUMs(stat); got != 3250 {
		t.Errorf("statCPUMs = %d, want 3250 ((250+75) ticks of 10 ms)", got)
	}
}
