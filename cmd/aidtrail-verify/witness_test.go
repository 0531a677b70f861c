package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/ledger/witness"
	"github.com/aidtrail/aidtrail/ledger/witness/witnesstest"
	"golang.org/x/net/html"
)

func TestMain(m *testing.M) { os.Exit(witnesstest.Main(m)) }

// witnessedLog serves st with a witness policy, pushing to real witnesses.
func witnessedLog(t *testing.T, st *sqlite.Store, policy string, failOpen bool) (*httptest.Server, *witness.Service) {
	t.Helper()
	p, err := witness.ParsePolicy([]byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	svc := witnesstest.Run(t, witness.Options{Policy: p, Store: st, Logger: sqlitetest.Logger(t), FailOpen: failOpen})
	srv := httptest.NewServer(handlers.New(handlers.Config{Store: st, Logger: sqlitetest.Logger(t), BaseURL: "https://" + testOrigin, Witnesses: svc}))
	t.Cleanup(srv.Close)
	return srv, svc
}

func waitCosigned(t *testing.T, svc *witness.Service, size int64) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if sv := svc.Served(); sv != nil && sv.Cosigned && sv.Size == size {
			return
		}
	}
	t.Fatalf("size %d was not cosigned: %+v", size, svc.Status())
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// policyFromVerifyPage writes the policy shown on /verify to a file, as a
// user would copy it.
func policyFromVerifyPage(t *testing.T, base string) string {
	t.Helper()
	_, page := get(t, base+"/verify")
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "pre" {
			for _, a := range n.Attr {
				if a.Key == "id" && a.Val == "witness-policy" && n.FirstChild != nil {
					text = n.FirstChild.Data
				}
			}
		}
	}
	if !strings.Contains(text, "quorum") {
		t.Fatalf("no witness policy on /verify:\n%s", page)
	}
	path := filepath.Join(t.TempDir(), "policy")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWitnessPolicy: with three real litewitness processes and a 2-of-3
// policy, the served checkpoint carries the quorum and verifies with
// -policy; a fork of the log under the same key is refused by the
// witnesses, and a client shown it is told (WITNESS, and FORK against its
// state); with two witnesses down the server keeps serving the last
// cosigned checkpoint, which still verifies, while writes go on.
func TestWitnessPolicy(t *testing.T) {
	key := newKey(t, testOrigin)
	st := openStore(t, key, sqlitetest.Logger(t))
	addItems(t, st, "t", 300)
	ws := witnesstest.Start(t, 3, testOrigin, key.VKey)
	srv, svc := witnessedLog(t, st, witnesstest.Policy(ws, 2), false)
	waitCosigned(t, svc, st.Latest().Size)
	// All three must have seen the log before the fork is shown to them (a
	// witness that never saw a log trusts its first checkpoint).
	for deadline := time.Now().Add(20 * time.Second); strings.Count(string(svc.Served().Note), "— witness") < 3; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not every witness cosigned: %+v", svc.Status().Witnesses)
		}
	}

	policy := policyFromVerifyPage(t, srv.URL)
	state := filepath.Join(t.TempDir(), "state.json")
	out, _, err := runVerify(t, "-url", srv.URL, "-key", key.VKey, "-policy", policy, "-state", state)
	if err != nil || strings.Count(out, ".aidtrail.test at ") < 2 {
		t.Fatalf("the cosigned log does not verify with -policy: %v", err)
	}
	// Without the quorum's cosignatures (the same checkpoint, stripped of them): WITNESS.
	strip := tamper("/checkpoint", func(b []byte) []byte {
		var keep []string
		for l := range strings.Lines(string(b)) {
			if !strings.HasPrefix(l, "— witness") {
				keep = append(keep, l)
			}
		}
		return []byte(strings.Join(keep, ""))
	})
	bare := httptest.NewServer(strip(handlers.New(handlers.Config{Store: st, Logger: sqlitetest.Logger(t), BaseURL: "https://" + testOrigin, Witnesses: svc})))
	defer bare.Close()
	out, _, err = runVerify(t, "-url", bare.URL, "-key", key.VKey, "-policy", policy, "-no-state")
	wantFailure(t, out, err, "PROBLEM [witness]: WITNESS: the checkpoint does not meet the witness policy", "no witness of the policy cosigned it")
	// Too old: the newest cosignature is older than -max-age.
	time.Sleep(1100 * time.Millisecond)
	out, _, err = runVerify(t, "-url", srv.URL, "-key", key.VKey, "-policy", policy, "-no-state", "-max-age", "1ms")
	wantFailure(t, out, err, "PROBLEM [witness]: WITNESS: the newest cosignature is from", "older than -max-age 1ms")

	// A fork: same key, other entries, larger. The witnesses refuse it, so
	// it has no cosigned checkpoint: fail-closed it serves none, fail-open
	// an uncosigned one that -policy rejects (and the state says FORK).
	fork := openStore(t, key, sqlitetest.Logger(t))
	addItems(t, fork, "f", 320)
	closed, closedSvc := witnessedLog(t, fork, witnesstest.Policy(ws, 2), false)
	open, openSvc := witnessedLog(t, fork, witnesstest.Policy(ws, 2), true)
	for _, svc := range []*witness.Service{closedSvc, openSvc} {
		waitRefused(t, svc, 3)
	}
	if code, body := get(t, closed.URL+"/checkpoint"); code != http.StatusServiceUnavailable {
		t.Errorf("fail-closed fork serves /checkpoint: %d %s", code, body)
	}
	if code, body := get(t, open.URL+"/checkpoint"); code != http.StatusOK || strings.Contains(body, "— witness") {
		t.Errorf("fail-open fork /checkpoint: %d, want its uncosigned checkpoint:\n%s", code, body)
	}
	if cs, _ := fork.CosignedSizes(t.Context(), 10); len(cs) != 0 {
		t.Errorf("the fork holds cosignatures at sizes %v", cs)
	}
	out, _, err = runVerify(t, "-url", open.URL, "-key", key.VKey, "-policy", policy, "-state", state)
	wantFailure(t, out, err, "PROBLEM [witness]: WITNESS: the checkpoint does not meet the witness policy", "PROBLEM [fork]: FORK")
	out, _, err = runVerify(t, "-url", open.URL, "-key", key.VKey, "-policy", policy, "-no-state")
	wantFailure(t, out, err, "PROBLEM [witness]: WITNESS", "FAILED: 1 problem(s)")

	// One witness down: the quorum still holds for new entries.
	ws[0].Stop()
	addItems(t, st, "u", 20)
	waitCosigned(t, svc, st.Latest().Size)
	// Two down: writes are acknowledged, the last cosigned checkpoint stays served and verifies.
	cosigned := st.Latest().Size
	ws[1].Stop()
	addItems(t, st, "v", 20)
	if st.Latest().Size <= cosigned {
		t.Fatal("writes were not acknowledged")
	}
	time.Sleep(500 * time.Millisecond)
	out, _, err = runVerify(t, "-url", srv.URL, "-key", key.VKey, "-policy", policy, "-state", state)
	if err != nil || !strings.Contains(out, "size "+strconv.FormatInt(cosigned, 10)+",") {
		t.Fatalf("with two witnesses down, the last cosigned checkpoint (size %d) does not verify: %v", cosigned, err)
	}
	_, page := get(t, srv.URL+"/verify")
	if n := strings.Count(page, `data-answering="no"`); n != 2 {
		t.Errorf("/verify shows %d witnesses not answering, want 2", n)
	}
}

func waitRefused(t *testing.T, svc *witness.Service, n int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		refused := 0
		for _, w := range svc.Status().Witnesses {
			if strings.Contains(w.LastErr, "422") {
				refused++
			}
		}
		if refused == n {
			return
		}
	}
	t.Fatalf("the witnesses did not refuse the fork: %+v", svc.Status().Witnesses)
}
