package sqlite

import (
	"strings"
	"testing"
)

// This package's tests hash their accounts' passwords cheaply, as
// sqlitetest's do.
func init() { CheapPasswordHashesForTests() }

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

// A hash names the parameters it was made with and is checked with them,
// so a real account's hash checks in a test binary and a test's in a real
// one; the unknown-account hash of a real binary costs a real account's.
func TestPasswordHashNamesItsCost(t *testing.T) {
	cheap, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cheap, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("test hash %s", cheap)
	}
	saved := passwordCost
	passwordCost = accountCost
	real, err := HashPassword("correct horse")
	passwordCost = saved
	if err != nil {
		t.Fatal(err)
	}
	const realCost = "$argon2id$v=19$m=32768,t=2,p=2$"
	if !strings.HasPrefix(real, realCost) || !strings.HasPrefix(dummyHashAt(accountCost), realCost) {
		t.Errorf("real hash %s, unknown-account hash %s", real, dummyHashAt(accountCost))
	}
	for _, h := range []string{cheap, real} {
		if !CheckPassword(h, "correct horse") || CheckPassword(h, "correct horsf") {
			t.Errorf("%s does not check", h)
		}
	}
}
