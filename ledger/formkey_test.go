package ledger

import (
	"slices"
	"testing"
	"time"
)

// Form keys made later sort later (the store then records each at the end
// of its index), and stay unique and within the length the store accepts.
func TestFormKeysSortByTime(t *testing.T) {
	var keys []string
	for range 20 {
		keys = append(keys, NewFormKey(), NewFormKey())
		time.Sleep(2 * time.Millisecond)
	}
	for i := 2; i < len(keys); i += 2 {
		if keys[i] <= keys[i-1] || keys[i] <= keys[i-2] {
			t.Fatalf("key %s made after %s and %s sorts before them", keys[i], keys[i-2], keys[i-1])
		}
	}
	for _, k := range keys {
		if len(k) < 16 || len(k) > 64 {
			t.Fatalf("key %q: %d characters, the store accepts 16 to 64", k, len(k))
		}
	}
	slices.Sort(keys)
	if len(slices.Compact(keys)) != 40 {
		t.Fatal("two form keys are equal")
	}
}
