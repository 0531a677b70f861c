package witness_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
	"github.com/aidtrail/aidtrail/ledger/witness"
	"github.com/aidtrail/aidtrail/ledger/witness/litewitness"
	"github.com/aidtrail/aidtrail/ledger/witness/witnesstest"
	"golang.org/x/mod/sumdb/note"
)

func TestMain(m *testing.M) { os.Exit(witnesstest.Main(m)) }

func startWitnesses(t *testing.T, s *sqlite.Store, n int) []*litewitness.Process {
	return witnesstest.Start(t, n, s.Origin(), s.VerifierKey())
}

func policyFor(ps []*litewitness.Process, k int) string { return witnesstest.Policy(ps, k) }

// service starts pushing the store's checkpoints to the policy's witnesses.
func service(t *testing.T, s *sqlite.Store, policy string, file *checkpointfile.File) *witness.Service {
	t.Helper()
	p, err := witness.ParsePolicy([]byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	return witnesstest.Run(t, witness.Options{Policy: p, Store: s, Logger: sqlitetest.Logger(t), Witnessed: file})
}

// addEntries appends entries (a verified organisation is a few).
func addEntries(t *testing.T, s *sqlite.Store, name string) {
	t.Helper()
	before := s.Latest().Size
	sqlitetest.Org(t, s, ledger.OrgWarehouse, name)
	if s.Latest().Size <= before {
		t.Fatal("no entries appended")
	}
}

// waitServed waits until a cosigned checkpoint of the given size is served.
func waitServed(t *testing.T, svc *witness.Service, size int64) *witness.Served {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if sv := svc.Served(); sv != nil && sv.Cosigned && sv.Size == size {
			return sv
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no cosigned checkpoint of size %d served; status %+v", size, svc.Status())
	return nil
}

func TestQuorumWithRealWitnesses(t *testing.T) {
	s := sqlitetest.Open(t)
	addEntries(t, s, "Warehouse A")
	ws := startWitnesses(t, s, 3)
	policy := policyFor(ws, 2)
	file := openWitnessed(t, s)
	svc := service(t, s, policy, file)

	// 2 of 3: met, every witness cosigned, and a fresh parse of the policy accepts it.
	sv := waitServed(t, svc, s.Latest().Size)
	p, _ := witness.ParsePolicy([]byte(policy))
	if !p.Satisfied(sv.Note) {
		t.Fatal("the served checkpoint does not meet the policy")
	}
	// The third cosignature joins the served checkpoint when it comes.
	for deadline := time.Now().Add(10 * time.Second); strings.Count(string(svc.Served().Note), "\n— ") < 4; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("served checkpoint does not carry the log's signature and three cosignatures:\n%s", svc.Served().Note)
		}
	}
	cs, err := s.Cosignatures(t.Context(), sv.Size)
	if err != nil || len(cs) != 3 {
		t.Fatalf("stored cosignatures %v, %v; want 3", cs, err)
	}

	// One witness down: the other two still meet the quorum for new checkpoints.
	ws[0].Stop()
	addEntries(t, s, "Warehouse B")
	sv = waitServed(t, svc, s.Latest().Size)
	if !p.Satisfied(sv.Note) {
		t.Fatal("with one witness down, the served checkpoint does not meet the policy")
	}

	// Two down: writes are still acknowledged, the last cosigned checkpoint stays served.
	ws[1].Stop()
	cosigned := sv.Size
	addEntries(t, s, "Warehouse C")
	time.Sleep(time.Second)
	if sv := svc.Served(); sv == nil || sv.Size != cosigned || !sv.Cosigned {
		t.Fatalf("with two witnesses down, served %+v, want the cosigned checkpoint of size %d", sv, cosigned)
	}
	if s.Latest().Size <= cosigned {
		t.Fatal("the write was not acknowledged")
	}
	st := svc.Status()
	down := 0
	for _, w := range st.Witnesses {
		if !w.Answering() && w.LastErr != "" {
			down++
		}
	}
	if down != 2 {
		t.Errorf("status shows %d witnesses not answering, want 2: %+v", down, st.Witnesses)
	}

	// The file kept the largest cosigned checkpoint, and a log that does not
	// reach it is refused.
	b, err := os.ReadFile(file.Path())
	if err != nil || string(b) != string(svc.Served().Note) {
		t.Fatalf("witnessed file %q, %v; want the served note", b, err)
	}
}

func TestForkRefusedByRealWitnesses(t *testing.T) {
	s := sqlitetest.Open(t)
	addEntries(t, s, "Warehouse A")
	// The fork: the same database and key up to here, then other entries.
	fork := sqlitetest.Copy(t, s)
	addEntries(t, s, "Warehouse B")
	addEntries(t, fork, "Warehouse Forged")
	addEntries(t, fork, "Warehouse Forged 2")
	if fork.Latest().Size <= s.Latest().Size {
		t.Fatal("the fork should be the larger tree")
	}

	ws := startWitnesses(t, s, 3)
	policy := policyFor(ws, 2)
	file := openWitnessed(t, s)
	svc := service(t, s, policy, file)
	waitServed(t, svc, s.Latest().Size)
	// Every witness must have seen the log first: a witness that never saw
	// it would trust the fork on first use.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		seen := 0
		for _, w := range svc.Status().Witnesses {
			if w.Cosigned == s.Latest().Size {
				seen++
			}
		}
		if seen == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not every witness cosigned the log: %+v", svc.Status().Witnesses)
		}
	}

	forkSvc := service(t, fork, policy, nil)
	deadline := time.Now().Add(20 * time.Second)
	for {
		refused := 0
		for _, w := range forkSvc.Status().Witnesses {
			if strings.Contains(w.LastErr, "422") {
				refused++
			}
		}
		if refused == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the witnesses did not all refuse the fork: %+v", forkSvc.Status().Witnesses)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if sv := forkSvc.Served(); sv != nil {
		t.Fatalf("the fork is served: %+v", sv)
	}
	if cs, _ := fork.CosignedSizes(t.Context(), 10); len(cs) != 0 {
		t.Fatalf("the fork holds cosignatures at sizes %v", cs)
	}

	// Start-up refuses the fork against the witnessed checkpoint, and a
	// copy of the log taken before it was cosigned.
	if err := fork.CheckKept(t.Context(), file, witness.WitnessedBy); !errors.Is(err, sqlite.ErrRefused) || !strings.Contains(err.Error(), "sign a fork") || !strings.Contains(err.Error(), witness.WitnessedBy) {
		t.Errorf("fork: CheckKept = %v, want a refusal", err)
	}
	if err := s.CheckKept(t.Context(), file, witness.WitnessedBy); err != nil {
		t.Errorf("the log itself: CheckKept = %v", err)
	}
}

func openWitnessed(t *testing.T, s *sqlite.Store) *checkpointfile.File {
	t.Helper()
	v, err := note.NewVerifier(s.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	f, err := witness.OpenWitnessed(filepath.Join(t.TempDir(), witness.WitnessedName), v)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
