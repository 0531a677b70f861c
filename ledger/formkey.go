package ledger

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// NewFormKey returns a fresh one-time key for a form that creates or
// changes something (the hidden "nonce" field): the store applies a form
// once per key, however often it is sent. It starts with the time it was
// made (milliseconds, big-endian), then 16 random bytes: keys made later
// sort later, so the store records each at the end of its index instead of
// at a random place in it (a cold page read and a page written per form
// in a large log).
func NewFormKey() string {
	b := make([]byte, 6+16)
	var t [8]byte
	binary.BigEndian.PutUint64(t[:], uint64(time.Now().UnixMilli()))
	copy(b, t[2:])
	rand.Read(b[6:])
	return hex.EncodeToString(b)
}
