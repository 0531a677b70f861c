package ledger

import (
	"crypto/rand"
	"io"
	"strings"
)

// Codes name pledges and lots on paper and in QR codes (/t/{code}): eight
// random symbols and a check symbol from Crockford's base-32 alphabet (no I,
// L, O or U, so nothing reads as another symbol aloud or on a smudged
// label). The check: the symbols' values weighted by position (1..9) sum
// to 0 mod 37; as 37 is prime, every single-symbol typo and every swap of
// two neighbours breaks it. Codes whose check value would not fit the
// alphabet (32..36) are simply never issued.

const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CodeAlphabet is the symbols a code is written in.
const CodeAlphabet = codeAlphabet

// CodeLen is the length of a code, check symbol included.
const CodeLen = 9

// NewCode returns a random code with its check symbol.
func NewCode() string { return NewCodeFrom(rand.Reader) }

// NewCodeFrom returns a code drawn from r (a signed write draws its codes
// from its nonce, so the statement signed names the codes appended).
func NewCodeFrom(r io.Reader) string {
	b := make([]byte, CodeLen-1)
	for {
		if _, err := io.ReadFull(r, b); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		for i := range b {
			b[i] = codeAlphabet[b[i]&31]
		}
		if c := checkValue(string(b)); c < len(codeAlphabet) {
			return string(b) + codeAlphabet[c:c+1]
		}
	}
}

// NormalizeCode turns what a person typed ("7kq3-px9m 4", "7KQ3PX9M4") into
// a code: upper case, separators dropped, I and L read as 1, O as 0. It
// returns EINVALID unless the result is well-formed with a correct check symbol.
func NormalizeCode(in string) (string, error) {
	code := LooseCode(in)
	if len(code) != CodeLen {
		return "", Errorf(EINVALID, "a code has %d characters", CodeLen)
	}
	for i := 0; i < len(code); i++ {
		if strings.IndexByte(codeAlphabet, code[i]) < 0 {
			return "", Errorf(EINVALID, "%q is not a valid code character", code[i:i+1])
		}
	}
	if checkValue(code[:CodeLen-1]) != strings.IndexByte(codeAlphabet, code[CodeLen-1]) {
		return "", Errorf(EINVALID, "the code %s is mistyped (its check character does not match)", code)
	}
	return code, nil
}

// LooseCode reads what a person typed as NormalizeCode does (upper case,
// separators dropped, I and L as 1, O as 0) without checking it.
func LooseCode(in string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(in) {
		switch r {
		case '-', ' ', '.', '_':
			continue
		case 'I', 'L':
			r = '1'
		case 'O':
			r = '0'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatCode groups a code for people: 7KQ3-PX9M-4.
func FormatCode(code string) string {
	if len(code) != CodeLen {
		return code
	}
	return code[:4] + "-" + code[4:8] + "-" + code[8:]
}

// checkValue is the value c of the ninth symbol that makes the weighted
// sum of all nine 0 mod 37 (33 is the inverse of 9 mod 37).
func checkValue(s string) int {
	sum := 0
	for i := 0; i < len(s); i++ {
		sum += (i + 1) * strings.IndexByte(codeAlphabet, s[i])
	}
	return (37 - sum%37) * 33 % 37
}
