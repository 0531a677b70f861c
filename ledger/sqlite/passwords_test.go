package sqlite

import (
	"strings"
	"testing"
)

// The hash an unknown e-mail is checked against costs what a real
// account's does (same algorithm, parameters, salt and key lengths), and
// no password matches it.
func TestDummyHashCostsAsARealOne(t *testing.T) {
	real, err := HashPassword("a real password")
	if err != nil {
		t.Fatal(err)
	}
	d, r := strings.Split(dummyHash, "$"), strings.Split(real, "$")
	if len(d) != 6 || strings.Join(d[:4], "$") != strings.Join(r[:4], "$") || len(d[4]) != len(r[4]) || len(d[5]) != len(r[5]) {
		t.Fatalf("dummy hash %s is not shaped like a real one %s", dummyHash, real)
	}
	for _, pw := range []string{"", "no such account", "no such account."} {
		if CheckPassword(dummyHash, pw) {
			t.Fatalf("password %q matches the dummy hash", pw)
		}
	}
	if !CheckPassword(real, "a real password") {
		t.Fatal("the real hash does not check")
	}
}
