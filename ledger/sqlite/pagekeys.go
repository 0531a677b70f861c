package sqlite

// Keyset paging: a list page ends with the sort key of its last row, and
// the next page starts after it (never an OFFSET, which reads every row
// before the page). The key is the store's; handlers seal it in the URL.

import (
	"encoding/json"

	"github.com/aidtrail/aidtrail/ledger"
)

// ErrBadPageKey is returned for a page key the store did not make.
var ErrBadPageKey = ledger.Errorf(ledger.EMALFORMED, "this page link is damaged or was not made by this site: start again from the first page")

// pageKey encodes a row's sort key (int64s and strings).
func pageKey(parts ...any) string {
	b, err := json.Marshal(parts)
	if err != nil {
		panic(err) // only int64s and strings
	}
	return string(b)
}

// parsePageKey decodes a key made by pageKey into dst (pointers to the
// same types, in order). Returns ErrBadPageKey if it does not fit.
func parsePageKey(key string, dst ...any) error {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(key), &raw); err != nil || len(raw) != len(dst) {
		return ErrBadPageKey
	}
	for i := range raw {
		if err := json.Unmarshal(raw[i], dst[i]); err != nil {
			return ErrBadPageKey
		}
	}
	return nil
}
