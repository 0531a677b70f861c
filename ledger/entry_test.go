package ledger_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

func itemEntry(t testing.TB) *ledger.Entry {
	t.Helper()
	e, err := ledger.NewEntry(ledger.TypeItemAdded, ledger.Actor{Org: 3, User: 7}, []string{"item:gloves-exam"},
		&ledger.ItemAdded{Item: ledger.Catalogue[6]})
	if err != nil {
		t.Fatal(err)
	}
	e.Time = "2026-11-21T04:27:34.000Z"
	return e
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	e := itemEntry(t)
	e.Prev = []ledger.Link{{Subject: "item:gloves-exam", Index: 4, Hash: strings.Repeat("ab", 32)}}
	b, err := ledger.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(b, "\n\t") {
		t.Errorf("entry is not compact: %s", b)
	}
	got, err := ledger.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := ledger.Encode(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Errorf("re-encoding changed the entry:\n%s\n%s", b, b2)
	}
}

func TestDecodeRejects(t *testing.T) {
	good, err := ledger.Encode(itemEntry(t))
	if err != nil {
		t.Fatal(err)
	}
	hash := strings.Repeat("ab", 32)
	for _, tc := range []struct{ name, from, to string }{
		{"version", `"v":1`, `"v":2`},
		{"type", `"item.added"`, `"item.removed"`},
		{"time", `2026-11-21T04:27:34.000Z`, `yesterday`},
		{"unknown field", `"v":1`, `"v":1,"x":1`},
		{"no subject", `["item:gloves-exam"]`, `[]`},
		{"bad subject", `"item:gloves-exam"`, `"gloves"`},
		{"prev of non-subject", `"body"`, `"prev":[{"subject":"lot:X","index":1,"hash":"` + hash + `"}],"body"`},
		{"short prev hash", `"body"`, `"prev":[{"subject":"item:gloves-exam","index":1,"hash":"abcd"}],"body"`},
		{"body field", `"unit":"pairs"`, `"unit":"pairs","colour":"blue"`},
		{"body rule", `"unit":"pairs"`, `"unit":""`},
		{"trailing", `}}`, `}} {}`},
		{"trailing brace", `}}`, `}}}`},
		// Two readers of one entry must not see two entries: a member
		// named twice (another parser keeps the first), a name in other
		// case, invalid UTF-8 (a parser may keep or replace it).
		{"member twice", `"v":1`, `"v":1,"v":1`},
		{"body member twice", `"unit":"pairs"`, `"unit":"pairs","unit":"boxes"`},
		{"name in other case", `"type"`, `"Type"`},
		{"invalid UTF-8", `"unit":"pairs"`, "\"unit\":\"pa\xffirs\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(good), tc.from, tc.to, 1)
			if bad == string(good) {
				t.Fatalf("replacement %q not found in %s", tc.from, good)
			}
			if _, err := ledger.Decode([]byte(bad)); err == nil {
				t.Errorf("Decode accepted %s", bad)
			}
		})
	}
	big := itemEntry(t)
	big.Subjects = nil
	for i := 0; i < 5000; i++ {
		big.Subjects = append(big.Subjects, ledger.Subject("lot", i*1000003))
	}
	if _, err := ledger.Encode(big); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("Encode of an oversized entry: %v, want EINVALID", err)
	}
}

// FuzzDecode: Decode never panics, and what it accepts re-encodes to an
// entry it accepts again with the same meaning.
func FuzzDecode(f *testing.F) {
	good, _ := ledger.Encode(itemEntry(f))
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"v":1,"type":"item.added","time":"2026-11-21T04:27:34.000Z","actor":{"org":0},"subjects":["item:x1"],"body":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ledger.Decode(data)
		if err != nil {
			return
		}
		b, err := ledger.Encode(e)
		if err != nil {
			t.Fatalf("accepted entry does not encode: %v", err)
		}
		e2, err := ledger.Decode(b)
		if err != nil {
			t.Fatalf("re-encoded entry does not decode: %v\n%s", err, b)
		}
		b2, _ := ledger.Encode(e2)
		if !bytes.Equal(b, b2) {
			t.Fatalf("encoding is not stable:\n%s\n%s", b, b2)
		}
	})
}

// TestSubject: the paths that skip fmt for the common ids write what
// fmt's %v writes, so a subject names the same chain whichever id type
// made it.
func TestSubject(t *testing.T) {
	for _, tc := range []struct {
		id   any
		want string
	}{
		{"7KQ3PX9M", "lot:7KQ3PX9M"},
		{int64(-42), "lot:-42"},
		{int64(1) << 40, "lot:1099511627776"},
		{7, "lot:7"},
		{int32(7), "lot:7"},
		{uint8(7), "lot:7"},
	} {
		if got := ledger.Subject("lot", tc.id); got != tc.want {
			t.Errorf("Subject(lot, %T %v) = %q, want %q", tc.id, tc.id, got, tc.want)
		}
	}
}

// TestParseTimeIsTimeParse: ParseTime's short way through the form Encode
// writes gives what time.Parse gives (the time, or a refusal) for every
// string near that form: each byte replaced, month ends, leap days, the
// fields' limits, a one-digit hour (which time.Parse accepts).
func TestParseTimeIsTimeParse(t *testing.T) {
	cases := []string{"", "Z", "2026-11-21T04:27:34.000", "2026-11-21T04:27:34.000Z ", "2026-11-21T4:27:34.000Z",
		"2026-11-21T04:27:34.00Z", "2026-11-21T04:27:34Z", "+026-11-21T04:27:34.000Z", "2026-11-21 04:27:34.000Z"}
	for _, day := range []string{
		"2026-11-21T04:27:34.000Z", "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
		"2024-02-29T12:00:00.500Z", "2026-02-29T12:00:00.500Z", "2100-02-29T12:00:00.000Z", "2000-02-29T12:00:00.000Z",
		"2026-04-30T00:00:00.000Z", "2026-04-31T00:00:00.000Z", "2026-01-31T00:00:00.000Z", "2026-01-32T00:00:00.000Z",
		"2026-00-10T00:00:00.000Z", "2026-13-10T00:00:00.000Z", "2026-12-00T00:00:00.000Z",
		"2026-12-10T24:00:00.000Z", "2026-12-10T23:60:00.000Z", "2026-12-10T23:59:60.000Z",
	} {
		cases = append(cases, day)
		for i := range len(day) {
			for _, c := range []byte("0123456789-:.TZ +\xff") {
				b := []byte(day)
				b[i] = c
				cases = append(cases, string(b))
			}
		}
	}
	for _, s := range cases {
		got, err := ledger.ParseTime(s)
		want, wantErr := time.Parse(ledger.TimeFormat, s)
		if (err == nil) != (wantErr == nil) || got != want {
			t.Errorf("ParseTime(%q) = %v, %v; time.Parse: %v, %v", s, got, err, want, wantErr)
		}
	}
}
