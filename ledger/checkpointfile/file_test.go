package checkpointfile

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
)

func testSigner(t *testing.T) (note.Signer, note.Verifier) {
	t.Helper()
	skey, vkey, err := note.GenerateKey(rand.Reader, "aidtrail.test/log")
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

func sign(t *testing.T, s note.Signer, size uint64, seed string) []byte {
	t.Helper()
	h := sha256.Sum256([]byte(seed))
	b, err := note.Sign(&note.Note{Text: string(log.Checkpoint{Origin: s.Name(), Size: size, Hash: h[:]}.Marshal())}, s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAdvance: the file keeps the largest checkpoint and refuses an older
// one, another root at the same size, and one the caller says does not
// extend it; what it kept survives a reopen.
func TestAdvance(t *testing.T) {
	s, v := testSigner(t)
	path := filepath.Join(t.TempDir(), Published)
	f, err := Open(path, v)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Current(); ok {
		t.Fatal("a new file holds a checkpoint")
	}
	called := false
	never := func(Checkpoint) error { called = true; return errors.New("no") }
	if _, err := f.Advance(sign(t, s, 10, "a"), never); err != nil || called {
		t.Fatalf("first checkpoint: %v (extends called: %v)", err, called)
	}
	ok := func(old Checkpoint) error {
		if old.Size != 10 {
			t.Errorf("extends asked about size %d", old.Size)
		}
		return nil
	}
	if _, err := f.Advance(sign(t, s, 20, "b"), ok); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string][]byte{
		"older":          sign(t, s, 15, "c"),
		"same size fork": sign(t, s, 20, "fork"),
	} {
		if _, err := f.Advance(c, ok); !errors.Is(err, ErrNotExtending) {
			t.Errorf("%s: %v, want ErrNotExtending", name, err)
		}
	}
	if _, err := f.Advance(sign(t, s, 30, "d"), func(Checkpoint) error { return errors.New("root differs") }); !errors.Is(err, ErrNotExtending) {
		t.Errorf("non-extending: %v", err)
	}
	other, _ := testSigner(t)
	if _, err := f.Advance(sign(t, other, 40, "e"), ok); err == nil {
		t.Error("a checkpoint signed by another key was kept")
	}
	g, err := Open(path, v)
	if err != nil {
		t.Fatal(err)
	}
	cp, _ := g.Current()
	if want := sha256.Sum256([]byte("b")); cp.Size != 20 || cp.Root != want {
		t.Errorf("reopened: size %d root %s, want the size-20 checkpoint", cp.Size, cp.RootString())
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("file mode %v, %v", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := os.WriteFile(path, []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, v); err == nil {
		t.Error("a damaged file was accepted")
	}
}
