package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// The demo's CSV exports agree with the replay; a lot's held quantity
// changed in lots.csv, or a pledge's donor in pledges.csv, is reported.
func TestTableExportsAgainstTheReplay(t *testing.T) {
	st := openStore(t, newKey(t, testOrigin), sqlitetest.Logger(t))
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	l := serve(t, st, nil)
	out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
	if err != nil {
		t.Fatalf("the demo's exports do not verify: %v\n%s", err, out)
	}
	for path, fn := range map[string]func([]byte) []byte{
		"/data/lots.csv": func(b []byte) []byte {
			// The first lot's held quantity gains a digit.
			re := regexp.MustCompile(`(?m)^([^,\n]*,(?:[^,\n]*,){12})(\d+),`)
			loc := re.FindSubmatchIndex(b[bytes.IndexByte(b, '\n')+1:])
			off := bytes.IndexByte(b, '\n') + 1
			return append(append(append([]byte{}, b[:off+loc[5]]...), '9'), b[off+loc[5]:]...)
		},
		"/data/pledges.csv": func(b []byte) []byte { return bytes.Replace(b, []byte(",anonymous,"), []byte(",Someone Else,"), 1) },
	} {
		l := serve(t, st, tamper(path, fn))
		out, _, err := runVerify(t, "-url", l.srv.URL, "-key", l.vkey, "-no-state")
		wantFailure(t, out, err, "PROBLEM [export]", path+" row")
	}
}
