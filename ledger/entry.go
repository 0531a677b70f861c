package ledger

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
)

// Version is the entry format version written by this binary.
const Version = 1

// MaxEntrySize is the largest encoded entry: C2SP entry bundles prefix each
// entry with a 16-bit length.
const MaxEntrySize = 65535

// TimeFormat is how entry times are written: UTC, milliseconds.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// Entry is one state change in the ledger. It holds no personal data: actors
// are pseudonymous ids and subjects are public codes.
type Entry struct {
	V        int             `json:"v"`
	Type     string          `json:"type"`
	Time     string          `json:"time"`
	Actor    Actor           `json:"actor"`
	Subjects []string        `json:"subjects"`
	Prev     []Link          `json:"prev,omitempty"`
	Body     json.RawMessage `json:"body"`
	// Sigs holds the acting member's passkey signature over the entry's
	// statement, if they signed it (see statement.go).
	Sigs []Signature `json:"sigs,omitempty"`

	// body is Body decoded, kept by Decode so that an entry is decoded
	// once (the verifier and the replay read every entry); shared, so
	// read-only.
	body Body
}

// Actor is who made an entry: an organisation and the user or key acting for
// it. Org 0 with user 0 is the system (the seeded catalogue); org 0 with a
// user is a personal donor; org 1 is the platform (auditors).
type Actor struct {
	Org  int64 `json:"org"`
	User int64 `json:"user,omitempty"`
}

// Link points at the previous entry of one subject, so every lot, pledge and
// need carries its own hash chain through the log.
type Link struct {
	Subject string `json:"subject"`
	Index   int64  `json:"index"`
	Hash    string `json:"hash"` // hex of the RFC 6962 leaf hash
}

// Subject kinds.
const (
	SubjectOrg    = "org"
	SubjectNeed   = "need"
	SubjectPledge = "pledge"
	SubjectLot    = "lot"
	SubjectItem   = "item"
	SubjectShip   = "handoff"
	SubjectUser   = "user"
)

// Subject returns the subject key of a thing, e.g. Subject("lot", "7KQ3PX9M").
func Subject(kind string, id any) string {
	// The common ids without fmt: the replay makes a subject per lot step.
	switch v := id.(type) {
	case string:
		return kind + ":" + v
	case int64:
		return kind + ":" + strconv.FormatInt(v, 10)
	case int:
		return kind + ":" + strconv.Itoa(v)
	}
	return fmt.Sprintf("%s:%v", kind, id)
}

// SplitSubject returns the kind and id of a subject key.
func SplitSubject(s string) (kind, id string) {
	kind, id, _ = strings.Cut(s, ":")
	return kind, id
}

// ParseTime parses a time as entries store it (TimeFormat), as
// time.Parse does. The form Encode writes is read without time.Parse's
// walk through the layout (8% of decoding an entry, which the verifier
// does a million times at 1M entries); anything else is left to it.
func ParseTime(s string) (time.Time, error) {
	if t, ok := parseTimeAsWritten(s); ok {
		return t, nil
	}
	return time.Parse(TimeFormat, s)
}

// parseTimeAsWritten reads "2006-01-02T15:04:05.000Z" with every field at
// its full width and in range, or reports false.
func parseTimeAsWritten(s string) (time.Time, bool) {
	if len(s) != len(TimeFormat) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z' {
		return time.Time{}, false
	}
	num := func(from, to int) int {
		n := 0
		for _, c := range []byte(s[from:to]) {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	hour, minute, sec, ms := num(11, 13), num(14, 16), num(17, 19), num(20, 23)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 || ms < 0 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, ms*int(time.Millisecond), time.UTC)
	if t.Day() != day { // past the month's end
		return time.Time{}, false
	}
	return t, true
}

// FormatTime formats t as entries store it.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

// ParsedTime returns the entry's time.
func (e *Entry) ParsedTime() time.Time {
	t, _ := ParseTime(e.Time)
	return t
}

// PrevOf returns the link to the subject's previous entry, if any.
func (e *Entry) PrevOf(subject string) (Link, bool) {
	for _, l := range e.Prev {
		if l.Subject == subject {
			return l, true
		}
	}
	return Link{}, false
}

// Encode returns the compact JSON form of e that is stored and hashed.
func Encode(e *Entry) ([]byte, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, Errorf(EINVALID, "entry cannot be encoded: %v", err)
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if len(b) > MaxEntrySize {
		return nil, Errorf(EINVALID, "entry is too large (%d bytes, at most %d)", len(b), MaxEntrySize)
	}
	return b, nil
}

// Decode parses and checks a stored entry: known version and type, a
// well-formed envelope, and a body that its type accepts.
func Decode(data []byte) (*Entry, error) {
	if len(data) > MaxEntrySize {
		return nil, fmt.Errorf("entry is too large (%d bytes)", len(data))
	}
	var e Entry
	if err := decodeStrict(data, &e); err != nil {
		return nil, fmt.Errorf("malformed entry: %w", err)
	}
	if err := e.validate(); err != nil {
		return nil, err
	}
	return &e, nil
}

// decodeStrict decodes one JSON value into v, refusing unknown or
// repeated members, names that differ from the fields' only in case,
// invalid UTF-8 and anything after the value. It decodes in place with the
// JSON v2 decoder (what encoding/json/v2 is built from), several times
// faster than a v1 Decoder, which copied every entry into its own buffer:
// the verifier and the replay decode every entry of the log.
func decodeStrict(data []byte, v any) error {
	return jsonv2.Unmarshal(data, v, jsonv2.RejectUnknownMembers(true))
}

func (e *Entry) validate() error {
	if e.V != Version {
		return Errorf(EINVALID, "unknown entry format version %d", e.V)
	}
	t, ok := types[e.Type]
	if !ok {
		return Errorf(EINVALID, "unknown entry type %q", e.Type)
	}
	if _, err := ParseTime(e.Time); err != nil {
		return Errorf(EINVALID, "bad entry time %q", e.Time)
	}
	if e.Actor.Org < 0 || e.Actor.User < 0 {
		return Errorf(EINVALID, "bad actor")
	}
	if len(e.Subjects) == 0 {
		return Errorf(EINVALID, "entry has no subject")
	}
	for i, s := range e.Subjects {
		kind, id := SplitSubject(s)
		if kind == "" || id == "" || strings.ContainsAny(s, " \t\n") {
			return Errorf(EINVALID, "bad subject %q", s)
		}
		if slices.Contains(e.Subjects[:i], s) {
			return Errorf(EINVALID, "subject %q listed twice", s)
		}
	}
	for i, l := range e.Prev {
		if !slices.Contains(e.Subjects, l.Subject) {
			return Errorf(EINVALID, "prev link for %q, which is not a subject", l.Subject)
		}
		if h, err := hex.DecodeString(l.Hash); err != nil || len(h) != 32 || l.Index < 0 {
			return Errorf(EINVALID, "bad prev link for %q", l.Subject)
		}
		for _, o := range e.Prev[:i] {
			if o.Subject == l.Subject {
				return Errorf(EINVALID, "two prev links for %q", l.Subject)
			}
		}
	}
	for i := range e.Sigs {
		if err := e.Sigs[i].validate(); err != nil {
			return err
		}
	}
	b, err := t.decode(e.Body)
	if err != nil {
		return err
	}
	e.body = b
	return nil
}

// DecodeBody returns the entry's typed body (a pointer to the registered
// body struct).
func (e *Entry) DecodeBody() (Body, error) {
	if e.body != nil {
		return e.body, nil
	}
	t, ok := types[e.Type]
	if !ok {
		return nil, Errorf(EINVALID, "unknown entry type %q", e.Type)
	}
	return t.decode(e.Body)
}
