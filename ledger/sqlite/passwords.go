package sqlite

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

// argonCost is argon2id's cost, written into every hash so that a hash is
// checked with the parameters it was made with.
type argonCost struct {
	time, memory uint32 // passes, KiB
	threads      uint8
}

// argonKeyLen is the length of a hash's key in bytes.
const argonKeyLen = 32

// accountCost is RFC 9106's second recommendation, lighter memory: what
// every real account's password costs.
var accountCost = argonCost{time: 2, memory: 32 * 1024, threads: 2}

// passwordCost is what HashPassword spends.
var passwordCost = accountCost

// CheapPasswordHashesForTests makes every password hashed from now on in
// this process cost one pass over 64 KiB instead of two over 32 MiB, so
// tests that create and sign in hundreds of accounts (the race detector
// makes argon2 ten times slower) do not spend their time hashing. Call it
// before the test's first store opens (sqlitetest does, in its init). It
// panics outside a test binary, so no real account is ever hashed this way.
func CheapPasswordHashesForTests() {
	if !testing.Testing() {
		panic("sqlite: CheapPasswordHashesForTests outside a test binary")
	}
	passwordCost = argonCost{time: 1, memory: 64, threads: 1}
	dummyHash = dummyHashAt(passwordCost)
}

// hashSlots bounds concurrent password hashing: each hash takes 32 MiB, so a
// burst of logins cannot exhaust memory.
var hashSlots = make(chan struct{}, max(2, runtime.NumCPU()))

// HashPassword returns an argon2id hash in PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	hashSlots <- struct{}{}
	c := passwordCost
	key := argon2.IDKey([]byte(pw), salt, c.time, c.memory, c.threads, argonKeyLen)
	<-hashSlots
	return phc(c, salt, key), nil
}

// phc writes an argon2id hash in PHC string format.
func phc(c argonCost, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.memory, c.time, c.threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// CheckPassword reports whether pw matches a hash made by HashPassword.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || m > 256*1024 || t > 10 {
		return false
	}
	hashSlots <- struct{}{}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	<-hashSlots
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when an e-mail is unknown, so a login takes
// as long whether or not the account exists: HashPassword's parameters and
// lengths, with a key that is no password's hash. It is written out, not
// hashed at init: a 32 MiB argon2id hash in every start of every binary
// cost about 0.5 CPU-s (2 s of wall time on a loaded machine) before
// anything else ran.
var dummyHash = dummyHashAt(passwordCost)

func dummyHashAt(c argonCost) string {
	return phc(c, []byte("no such account."), make([]byte, argonKeyLen))
}
