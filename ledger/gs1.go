package ledger

import (
	_ "embed"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GS1 barcodes on manufacturers' packaging (GS1 DataMatrix, GS1-128, GS1 QR
// and GS1 Digital Link QR) carry the GTIN, batch and expiry a warehouse
// otherwise types by hand at receipt. ParseGS1 reads them, as written in the
// GS1 General Specifications (section 7.8: element strings, FNC1, symbology
// identifiers; 7.9: check digits; 7.12: six-digit dates) and the GS1 Digital
// Link URI syntax; the table of Application Identifiers (AIs) is GS1's own
// Barcode Syntax Dictionary, embedded unchanged (Apache-2.0, its header).

//go:embed gs1_syntax_dictionary.txt
var gs1Dictionary string

// GS1 Application Identifiers Aidtrail uses.
const (
	AIGTIN   = "01"
	AIBatch  = "10"
	AIExpiry = "17"
	AISerial = "21"
	AIVarCnt = "30"
	AICount  = "37"
)

// gsSep is the ASCII group separator that stands for FNC1 between elements.
const gsSep = '\x1d'

// maxGS1 bounds what ParseGS1 reads: more than any symbol holds.
const maxGS1 = 4096

// GS1Element is one AI and its value.
type GS1Element struct {
	AI    string
	Value string
}

// GS1 is what a GS1 barcode says, with the elements Aidtrail fills in
// decoded. Expiry is YYYY-MM-DD (a day 00 in the barcode is the month's last
// day); Count is AI 37, else AI 30, else 0.
type GS1 struct {
	Elements []GS1Element // every element, in the order read
	GTIN     string       // 14 digits
	Batch    string
	Expiry   string
	Serial   string
	Count    int64
}

// Get returns the value of ai, or "".
func (g *GS1) Get(ai string) string {
	for _, e := range g.Elements {
		if e.AI == ai {
			return e.Value
		}
	}
	return ""
}

// gs1Part is one component of an AI's format: a character set, a length
// and the checks (linters) the dictionary names for it.
type gs1Part struct {
	set      byte // N, X, Y or Z
	min, max int
	optional bool
	linters  []string
}

// gs1AI is one AI of the dictionary.
type gs1AI struct {
	fixed  bool // "*": predefined length, no FNC1 after it
	parts  []gs1Part
	dlpkey bool
	quals  [][]string // Digital Link qualifier sequences of a primary key
	title  string
}

// length returns the element's data length if it is fixed, or -1.
func (a *gs1AI) length() int {
	n := 0
	for _, p := range a.parts {
		if p.optional || p.min != p.max {
			return -1
		}
		n += p.max
	}
	return n
}

var gs1AIs = parseGS1Dictionary(gs1Dictionary)

// parseGS1Dictionary reads the syntax dictionary's lines
// ("AI[-AI] [flags] spec... [attributes] # title"); a malformed line panics,
// as the file is embedded and checked by the tests.
func parseGS1Dictionary(text string) map[string]*gs1AI {
	out := map[string]*gs1AI{}
	for _, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		title := ""
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line, title = line[:i], strings.TrimSpace(line[i+1:])
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		a := &gs1AI{title: title}
		rest := f[1:]
		if c := rest[0][0]; c != '[' && (c < 'A' || c > 'Z') {
			a.fixed = strings.Contains(rest[0], "*")
			rest = rest[1:]
		}
		for _, tok := range rest {
			switch {
			case strings.HasPrefix(tok, "dlpkey"):
				a.dlpkey = true
				if _, seqs, ok := strings.Cut(tok, "="); ok {
					for _, s := range strings.Split(seqs, "|") {
						a.quals = append(a.quals, strings.Split(s, ","))
					}
				}
			case strings.Contains(tok, "="):
				// req= and ex= pairings are not checked: one carrier need not hold them all.
			default:
				a.parts = append(a.parts, parseGS1Part(tok))
			}
		}
		lo, hi, isRange := strings.Cut(f[0], "-")
		if !isRange {
			hi = lo
		}
		from, err1 := strconv.Atoi(lo)
		to, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil || len(lo) != len(hi) || len(a.parts) == 0 {
			panic("ledger: bad GS1 dictionary line: " + line)
		}
		for n := from; n <= to; n++ {
			out[fmt.Sprintf("%0*d", len(lo), n)] = a
		}
	}
	return out
}

func parseGS1Part(tok string) gs1Part {
	var p gs1Part
	if strings.HasPrefix(tok, "[") {
		p.optional = true
		tok = strings.Replace(strings.TrimPrefix(tok, "["), "]", "", 1)
	}
	spec, linters, _ := strings.Cut(tok, ",")
	if linters != "" {
		p.linters = strings.Split(linters, ",")
	}
	p.set = spec[0]
	if n, ok := strings.CutPrefix(spec[1:], ".."); ok {
		p.min, p.max = 1, atoiOrPanic(n)
	} else {
		p.min = atoiOrPanic(spec[1:])
		p.max = p.min
	}
	return p
}

func atoiOrPanic(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic("ledger: bad GS1 dictionary length: " + s)
	}
	return n
}

// IsGS1 reports whether s looks like GS1 data rather than an Aidtrail code
// or an ordinary URL: a GS1 symbology identifier, a leading FNC1, a bracketed
// AI, an unbracketed element string of digits, or a Digital Link URI.
func IsGS1(s string) bool {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "]d2"), strings.HasPrefix(s, "]C1"), strings.HasPrefix(s, "]Q3"), strings.HasPrefix(s, "]e0"):
		return true
	case strings.HasPrefix(s, "\x1d"), strings.HasPrefix(s, "(0"), strings.HasPrefix(s, "(1"):
		return true
	case strings.HasPrefix(s, "01") && len(s) >= 16:
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && digitalLinkStart(pathSegments(u)) >= 0
}

// ParseGS1 reads a GS1 barcode's text as a scanner or a person gives it:
//   - an element string, optionally after a symbology identifier (]d2 GS1
//     DataMatrix, ]C1 GS1-128, ]Q3 GS1 QR, ]e0 GS1 DataBar), with FNC1 as
//     the group separator (ASCII 29) after variable-length elements;
//   - the bracketed form printed under barcodes, "(01)09506000134352(10)ABC";
//   - a GS1 Digital Link URI, "https://id.gs1.org/01/09506000134352/10/ABC?17=201225".
//
// Every element is checked against the dictionary: known AI, length,
// character set, check digit and date. now places two-digit years
// (General Specifications 7.12: within 49 years back and 50 ahead).
// Returns EINVALID with the reason when it cannot.
func ParseGS1(s string, now time.Time) (*GS1, error) {
	if len(s) > maxGS1 {
		return nil, Errorf(EINVALID, "GS1 barcode: too long")
	}
	s = strings.TrimRight(strings.TrimLeft(s, " \t\r\n"), " \t\r\n")
	var els []GS1Element
	var err error
	switch {
	case strings.HasPrefix(s, "]"):
		if len(s) < 3 {
			return nil, Errorf(EINVALID, "GS1 barcode: no data after the symbology identifier")
		}
		id, rest := s[:3], s[3:]
		switch id {
		case "]d2", "]C1", "]Q3", "]e0":
			els, err = parseElementString(rest)
		default: // a plain QR or DataMatrix can hold a Digital Link URI
			els, err = parseDigitalLink(rest)
		}
	case strings.HasPrefix(s, "("):
		els, err = parseBracketed(s)
	case strings.Contains(s, "://"):
		els, err = parseDigitalLink(s)
	default:
		els, err = parseElementString(s)
	}
	if err != nil {
		return nil, err
	}
	return newGS1(els, now)
}

func newGS1(els []GS1Element, now time.Time) (*GS1, error) {
	if len(els) == 0 {
		return nil, Errorf(EINVALID, "GS1 barcode: no data")
	}
	g := &GS1{Elements: els}
	seen := map[string]string{}
	for _, e := range els {
		a := gs1AIs[e.AI]
		if err := checkGS1Value(e.AI, a, e.Value, now); err != nil {
			return nil, err
		}
		if v, dup := seen[e.AI]; dup && v != e.Value {
			return nil, Errorf(EINVALID, "GS1 barcode: (%s) appears twice with different values", e.AI)
		}
		seen[e.AI] = e.Value
	}
	g.GTIN, g.Batch, g.Serial = g.Get(AIGTIN), g.Get(AIBatch), g.Get(AISerial)
	if v := g.Get(AIExpiry); v != "" {
		t, _ := gs1Date(v, now)
		g.Expiry = t.Format(time.DateOnly)
	}
	for _, ai := range []string{AIVarCnt, AICount} {
		if v := g.Get(ai); v != "" {
			g.Count, _ = strconv.ParseInt(v, 10, 64)
		}
	}
	return g, nil
}

// matchAI returns the AI s starts with (AIs are prefix-free: 2 to 4 digits).
func matchAI(s string) (string, *gs1AI, error) {
	for n := 2; n <= 4 && n <= len(s); n++ {
		if a, ok := gs1AIs[s[:n]]; ok {
			return s[:n], a, nil
		}
	}
	head := s
	if len(head) > 4 {
		head = head[:4]
	}
	return "", nil, Errorf(EINVALID, "GS1 barcode: unknown application identifier (%s)", head)
}

// parseElementString reads AIs and values; a value of predefined or fixed
// length needs no separator, any other runs to the next FNC1 or the end.
func parseElementString(s string) ([]GS1Element, error) {
	s = strings.TrimPrefix(s, string(gsSep)) // a leading FNC1 some scanners pass on
	var els []GS1Element
	for s != "" {
		ai, a, err := matchAI(s)
		if err != nil {
			return nil, err
		}
		s = s[len(ai):]
		var v string
		if n := a.length(); n >= 0 {
			if len(s) < n {
				return nil, Errorf(EINVALID, "GS1 barcode: (%s) needs %d characters", ai, n)
			}
			v, s = s[:n], s[n:]
		} else {
			i := strings.IndexByte(s, gsSep)
			if i < 0 {
				i = len(s)
			}
			v, s = s[:i], s[i:]
		}
		els = append(els, GS1Element{AI: ai, Value: v})
		if len(s) > 0 && s[0] == gsSep {
			s = s[1:]
			if s == "" {
				return nil, Errorf(EINVALID, "GS1 barcode: a separator ends the data")
			}
		}
	}
	return els, nil
}

// parseBracketed reads "(01)...(10)..."; a "(" inside a value is written "\(".
func parseBracketed(s string) ([]GS1Element, error) {
	var els []GS1Element
	for s != "" {
		if s[0] != '(' {
			return nil, Errorf(EINVALID, "GS1 barcode: expected ( before an application identifier")
		}
		end := strings.IndexByte(s, ')')
		if end < 0 {
			return nil, Errorf(EINVALID, "GS1 barcode: an application identifier has no closing )")
		}
		ai := s[1:end]
		if _, ok := gs1AIs[ai]; !ok {
			return nil, Errorf(EINVALID, "GS1 barcode: unknown application identifier (%s)", ai)
		}
		s = s[end+1:]
		var v strings.Builder
		for s != "" && s[0] != '(' {
			if strings.HasPrefix(s, `\(`) {
				v.WriteByte('(')
				s = s[2:]
				continue
			}
			v.WriteByte(s[0])
			s = s[1:]
		}
		els = append(els, GS1Element{AI: ai, Value: v.String()})
	}
	return els, nil
}

func pathSegments(u *url.URL) []string {
	return strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
}

// digitalLinkStart returns the index of the primary key among a Digital
// Link URI's path segments: the first AI that is a primary key and is
// followed only by its qualifiers, in order, each with a value. -1 if none.
func digitalLinkStart(segs []string) int {
	for i := 0; i+1 < len(segs); i++ {
		a, ok := gs1AIs[segs[i]]
		if !ok || !a.dlpkey || (len(segs)-i)%2 != 0 {
			continue
		}
		if qualifiersInOrder(a, segs[i+2:]) {
			return i
		}
	}
	return -1
}

func qualifiersInOrder(a *gs1AI, rest []string) bool {
	if len(rest) == 0 {
		return true
	}
	for _, seq := range a.quals {
		j := 0
		ok := true
		for k := 0; k < len(rest); k += 2 {
			for j < len(seq) && seq[j] != rest[k] {
				j++
			}
			if j == len(seq) {
				ok = false
				break
			}
			j++
		}
		if ok {
			return true
		}
	}
	return false
}

// parseDigitalLink reads a GS1 Digital Link URI: any path, then the primary
// key and its qualifiers as /AI/value pairs; data attributes as numeric
// query parameters (others, such as linkType, are not data and are skipped).
// A GTIN-8, -12 or -13 in the path is padded to 14 digits.
func parseDigitalLink(s string) ([]GS1Element, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, Errorf(EINVALID, "GS1 barcode: not a GS1 Digital Link URI")
	}
	segs := pathSegments(u)
	start := digitalLinkStart(segs)
	if start < 0 {
		return nil, Errorf(EINVALID, "GS1 barcode: the URI names no GS1 key")
	}
	var els []GS1Element
	for i := start; i+1 < len(segs); i += 2 {
		v, err := url.PathUnescape(segs[i+1])
		if err != nil {
			return nil, Errorf(EINVALID, "GS1 barcode: (%s) is badly escaped", segs[i])
		}
		if segs[i] == AIGTIN && (len(v) == 8 || len(v) == 12 || len(v) == 13) {
			v = strings.Repeat("0", 14-len(v)) + v
		}
		els = append(els, GS1Element{AI: segs[i], Value: v})
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, Errorf(EINVALID, "GS1 barcode: the query is badly escaped")
	}
	var keys []string
	for k := range q {
		if k != "" && strings.Trim(k, "0123456789") == "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if _, ok := gs1AIs[k]; !ok {
			return nil, Errorf(EINVALID, "GS1 barcode: unknown application identifier (%s)", k)
		}
		for _, v := range q[k] {
			els = append(els, GS1Element{AI: k, Value: v})
		}
	}
	return els, nil
}

// checkGS1Value checks a value against its AI's parts: lengths, character
// sets, and the linters Aidtrail relies on (check digits and dates).
func checkGS1Value(ai string, a *gs1AI, v string, now time.Time) error {
	if a == nil {
		return Errorf(EINVALID, "GS1 barcode: unknown application identifier (%s)", ai)
	}
	rest := v
	for _, p := range a.parts {
		if rest == "" && p.optional {
			break
		}
		n := p.max
		if n > len(rest) {
			n = len(rest)
		}
		c := rest[:n]
		rest = rest[n:]
		if len(c) < p.min {
			return Errorf(EINVALID, "GS1 barcode: (%s) %s is too short", ai, a.title)
		}
		if i := strings.IndexFunc(c, func(r rune) bool { return !inGS1Set(p.set, r) }); i >= 0 {
			return Errorf(EINVALID, "GS1 barcode: (%s) %s has a character not allowed there: %q", ai, a.title, c[i:i+1])
		}
		for _, l := range p.linters {
			if err := gs1Lint(ai, a, l, c, now); err != nil {
				return err
			}
		}
	}
	if rest != "" {
		return Errorf(EINVALID, "GS1 barcode: (%s) %s is too long", ai, a.title)
	}
	return nil
}

func gs1Lint(ai string, a *gs1AI, linter, c string, now time.Time) error {
	switch linter {
	case "csum":
		if !GS1CheckDigitOK(c) {
			return Errorf(EINVALID, "GS1 barcode: (%s) %s has a wrong check digit", ai, a.title)
		}
	case "yymmd0", "yymmdd":
		if _, err := gs1Date(c, now); err != nil || (linter == "yymmdd" && c[4:6] == "00") {
			return Errorf(EINVALID, "GS1 barcode: (%s) %s is not a date (YYMMDD)", ai, a.title)
		}
	}
	return nil
}

// cset82 is GS1 AI encodable character set 82 (General Specifications figure 7.11-1).
const cset82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`

func inGS1Set(set byte, r rune) bool {
	switch set {
	case 'N':
		return r >= '0' && r <= '9'
	case 'X':
		return r < 128 && strings.IndexByte(cset82, byte(r)) >= 0
	case 'Y': // character set 39
		return r == '#' || r == '-' || r == '/' || (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z')
	case 'Z': // base64url, with = padding
		return r == '-' || r == '_' || r == '=' || (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z')
	}
	return false
}

// GS1CheckDigitOK reports whether the last digit of a GTIN, GLN, SSCC or
// other GS1 key is its check digit (mod 10, weights 3 and 1 from the right).
func GS1CheckDigitOK(digits string) bool {
	if len(digits) < 2 {
		return false
	}
	sum := 0
	for i := len(digits) - 2; i >= 0; i-- {
		d := int(digits[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if (len(digits)-2-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return int(digits[len(digits)-1]-'0') == (10-sum%10)%10
}

// gs1Date reads YYMMDD; DD 00 is the last day of the month. The century
// makes the date fall from 49 years before now's year to 50 years after.
func gs1Date(s string, now time.Time) (time.Time, error) {
	if len(s) != 6 || strings.Trim(s, "0123456789") != "" {
		return time.Time{}, fmt.Errorf("not YYMMDD")
	}
	yy, _ := strconv.Atoi(s[:2])
	mm, _ := strconv.Atoi(s[2:4])
	dd, _ := strconv.Atoi(s[4:6])
	cur := now.Year()
	year := cur/100*100 + yy
	switch d := yy - cur%100; {
	case d >= 51:
		year -= 100
	case d <= -50:
		year += 100
	}
	if mm < 1 || mm > 12 {
		return time.Time{}, fmt.Errorf("bad month")
	}
	last := time.Date(year, time.Month(mm)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if dd == 0 {
		dd = last
	}
	if dd > last {
		return time.Time{}, fmt.Errorf("bad day")
	}
	return time.Date(year, time.Month(mm), dd, 0, 0, 0, 0, time.UTC), nil
}

// ElementString writes the elements as a barcode holds them: FNC1 (ASCII
// 29) after every element whose length is not predefined, except the last.
func (g *GS1) ElementString() string {
	var b strings.Builder
	for i, e := range g.Elements {
		b.WriteString(e.AI)
		b.WriteString(e.Value)
		if a := gs1AIs[e.AI]; i < len(g.Elements)-1 && !(a.fixed && a.length() >= 0) {
			b.WriteByte(gsSep)
		}
	}
	return b.String()
}

// String writes the bracketed form printed under a barcode.
func (g *GS1) String() string {
	var b strings.Builder
	for _, e := range g.Elements {
		b.WriteString("(" + e.AI + ")" + strings.ReplaceAll(e.Value, "(", `\(`))
	}
	return b.String()
}

// ValidGTIN reports whether s is a GTIN-14 with its check digit, as kept on lots.
func ValidGTIN(s string) bool {
	return len(s) == 14 && strings.Trim(s, "0123456789") == "" && GS1CheckDigitOK(s)
}
