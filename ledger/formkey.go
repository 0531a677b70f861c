package ledger

import (
	"crypto/rand"
	"encoding/hex"
)

// NewFormKey returns a fresh one-time key for a form that creates or
// changes something (the hidden "nonce" field): the store applies a form
// once per key, however often it is sent.
func NewFormKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
