package ledger

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var gs1Now = time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)

// Examples from GS1's documents: the GS1 DataMatrix Guideline
// ((01)09501101530003(17)140704(10)AB-123), the General Specifications'
// GS1-128 and SSCC examples, and the Digital Link standard's
// 09506000134352 family; the rest exercise the rules around them.
func TestParseGS1Examples(t *testing.T) {
	for _, c := range []struct {
		name, in                    string
		gtin, batch, expiry, serial string
		count                       int64
		els                         int
	}{
		{"DataMatrix guideline, ]d2 and FNC1", "]d201095011015300031714070410AB-123", "09501101530003", "AB-123", "2014-07-04", "", 0, 3},
		{"bracketed form", "(01)09501101530003(17)140704(10)AB-123", "09501101530003", "AB-123", "2014-07-04", "", 0, 3},
		{"GS between variable fields", "]d20109506000134352" + "10ABC123\x1d" + "21SER-1\x1d" + "17261200", "09506000134352", "ABC123", "2026-12-31", "SER-1", 0, 4},
		{"leading FNC1 without prefix", "\x1d010950600013435210LOT7\x1d17280229", "09506000134352", "LOT7", "2028-02-29", "", 0, 3},
		{"GS1-128 ]C1 with a measure", "]C10195012345678903" + "3103000123", "95012345678903", "", "", "", 0, 2},
		{"GS1 QR ]Q3 with count", "]Q30209521234543213" + "3712\x1d" + "10B1", "", "B1", "", "", 12, 3},
		{"variable count 30", "010950600013435230" + "1180", "09506000134352", "", "", "", 1180, 2},
		{"SSCC", "]C100106141411234567897", "", "", "", "", 0, 1},
		{"Digital Link, qualifiers in path, expiry in query", "https://id.gs1.org/01/09506000134352/10/ABC123?17=261231", "09506000134352", "ABC123", "2026-12-31", "", 0, 3},
		{"Digital Link with a custom path and serial", "https://example.com/products/01/09506000134369/10/ABC%2F1/21/12345?17=180426&linkType=gs1:pip", "09506000134369", "ABC/1", "2018-04-26", "12345", 0, 4},
		{"Digital Link GTIN-13 padded", "https://id.gs1.org/01/9506000134352", "09506000134352", "", "", "", 0, 1},
		{"Digital Link in a plain QR ]Q1", "]Q1https://id.gs1.org/01/09506000134352/10/X9?17=300100", "09506000134352", "X9", "2030-01-31", "", 0, 3},
		{"century: 50 years ahead stays", "01095060001343521776" + "0101", "09506000134352", "", "2076-01-01", "", 0, 2},
		{"century: 51 years ahead is last century", "01095060001343521777" + "0101", "09506000134352", "", "1977-01-01", "", 0, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := ParseGS1(c.in, gs1Now)
			if err != nil {
				t.Fatal(err)
			}
			if g.GTIN != c.gtin || g.Batch != c.batch || g.Expiry != c.expiry || g.Serial != c.serial || g.Count != c.count || len(g.Elements) != c.els {
				t.Errorf("got %+v", g)
			}
		})
	}
}

func TestParseGS1Refuses(t *testing.T) {
	for _, c := range []struct{ in, says string }{
		{"]d201095011015300041714070410AB-123", "check digit"},
		{"(01)09501101530003(17)141304", "not a date"},
		{"(01)09501101530003(17)150229", "not a date"},
		{"(01)09501101530003(10)ABCDEFGHIJKLMNOPQRSTU", "too long"},
		{"(01)09501101530003(10)AB C", "not allowed"},
		{"(01)0950110153000", "too short"},
		{"]d20109501101530003\x1d", "separator ends"},
		{"]d2172612", "needs 6 characters"},
		{"(01)09501101530003(10)A(10)B", "twice"},
		{"]d20109501101530003(", "unknown application identifier"},
		{"https://example.com/about/us", "no GS1 key"},
		{"https://id.gs1.org/01/09506000134352/21/1/10/A", "no GS1 key"}, // qualifiers out of order
		{"ftp://id.gs1.org/01/09506000134352", "not a GS1 Digital Link"},
		{"https://id.gs1.org/01/09506000134352?9999=1", "unknown application identifier"},
		{"]d2", "no data"},
		{"", "no data"},
	} {
		_, err := ParseGS1(c.in, gs1Now)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%q: got %v, want an error saying %q", c.in, err, c.says)
		} else if ErrorCode(err) != EINVALID {
			t.Errorf("%q: code %s", c.in, ErrorCode(err))
		}
	}
}

// The embedded dictionary is GS1's: every AI range it lists is read, with
// the lengths the General Specifications give the common ones.
func TestGS1Dictionary(t *testing.T) {
	for ai, want := range map[string]int{"00": 18, "01": 14, "17": 6, "3103": 6, "410": 13, "10": -1, "21": -1, "37": -1, "8006": 18} {
		a, ok := gs1AIs[ai]
		if !ok {
			t.Fatalf("AI %s missing", ai)
		}
		if a.length() != want {
			t.Errorf("AI %s length %d, want %d", ai, a.length(), want)
		}
	}
	if !gs1AIs["01"].fixed || gs1AIs["10"].fixed || !gs1AIs["01"].dlpkey {
		t.Error("flags of 01 and 10 misread")
	}
	if !slices.Equal(gs1AIs["01"].quals[0], []string{"22", "10", "21"}) {
		t.Errorf("01 qualifiers %v", gs1AIs["01"].quals)
	}
	if len(gs1AIs) < 400 {
		t.Errorf("only %d AIs read", len(gs1AIs))
	}
}

func TestIsGS1(t *testing.T) {
	for in, want := range map[string]bool{
		"]d20109501101530003":                      true,
		"(01)09501101530003":                       true,
		"https://id.gs1.org/01/09506000134352":     true,
		"https://aidtrail.example/t/7KQ3PX9M4":     false,
		"7KQ3-PX9M-4":                              false,
		"\x1d0109501101530003":                     true,
		"https://example.com/01/09506000134352/xx": false,
	} {
		if IsGS1(in) != want {
			t.Errorf("IsGS1(%q) = %v", in, !want)
		}
	}
}

// FuzzParseGS1: no input panics, and whatever parses reads back the same
// from both forms it writes (the element string and the bracketed form).
func FuzzParseGS1(f *testing.F) {
	for _, s := range []string{
		"]d201095011015300031714070410AB-123", "(01)09501101530003(17)140704(10)AB-123",
		"]C10195012345678903" + "3103000123", "]Q30209521234543213" + "3712\x1d" + "10B1",
		"https://id.gs1.org/01/09506000134352/10/ABC123?17=261231", "(253)1234567890128ABC(8006)095060001343520102",
		"(10)A\\(B(21)x", "]e0010950600013435217261200",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGS1(s, gs1Now)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		for _, back := range []string{g.ElementString(), g.String()} {
			h, err := ParseGS1(back, gs1Now)
			if err != nil {
				t.Fatalf("%q parsed, its form %q does not: %v", s, back, err)
			}
			if !slices.Equal(h.Elements, g.Elements) || h.Expiry != g.Expiry || h.Count != g.Count {
				t.Fatalf("%q reads back as %+v from %q, was %+v", s, h, back, g)
			}
		}
		if g.GTIN != "" && !ValidGTIN(g.GTIN) {
			t.Fatalf("%q: GTIN %q invalid", s, g.GTIN)
		}
	})
}
