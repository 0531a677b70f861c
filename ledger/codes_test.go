package ledger_test

import (
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

func TestCodesCatchTypos(t *testing.T) {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	for range 200 {
		code := ledger.NewCode()
		if got, err := ledger.NormalizeCode(code); err != nil || got != code {
			t.Fatalf("NormalizeCode(%s) = %s, %v", code, got, err)
		}
		if got, _ := ledger.NormalizeCode(" " + ledger.FormatCode(code) + " "); got != code {
			t.Fatalf("formatted code %s does not read back", ledger.FormatCode(code))
		}
		for i := range code {
			for j := range len(alphabet) {
				if alphabet[j] == code[i] {
					continue
				}
				typo := code[:i] + alphabet[j:j+1] + code[i+1:]
				if _, err := ledger.NormalizeCode(typo); err == nil {
					t.Fatalf("single typo %s of %s accepted", typo, code)
				}
			}
			if i+1 < len(code) && code[i] != code[i+1] {
				swap := code[:i] + code[i+1:i+2] + code[i:i+1] + code[i+2:]
				if _, err := ledger.NormalizeCode(swap); err == nil {
					t.Fatalf("swap %s of %s accepted", swap, code)
				}
			}
		}
	}
}

func TestNormalizeCodeReadsLookalikes(t *testing.T) {
	// Build a valid code containing 1 and 0, then type it with I, L and O.
	var valid string
	for valid == "" {
		c := ledger.NewCode()
		if c[0] == '1' || c[0] == '0' {
			valid = c
		}
	}
	typed := map[byte]string{'1': "l", '0': "o"}[valid[0]] + valid[1:]
	if got, err := ledger.NormalizeCode(typed); err != nil || got != valid {
		t.Errorf("NormalizeCode(%s) = %s, %v; want %s", typed, got, err, valid)
	}
	for _, bad := range []string{"", "ABC", "7KQ3PX9M!", "UUUUUUUUU"} {
		if _, err := ledger.NormalizeCode(bad); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("NormalizeCode(%q) = %v, want EINVALID", bad, err)
		}
	}
}
