package views

// Plain-words descriptions of ledger entries, one describer per entry type.
// A test fails for any type in ledger.Types() without one, so an area that
// adds an entry type adds its sentence here (next to its own text file).

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// Describing is what a describer may use: the catalog, the language and the
// public names the entry refers to.
type Describing struct {
	T     *Text
	Lang  Lang
	Names ledger.Names
	Entry *ledger.Entry
}

// Describer turns one entry's decoded body into a sentence.
type Describer func(d Describing, body ledger.Body) string

var describers = map[string]Describer{}

// AddDescriber registers the sentence of an entry type; call it from a
// package-level var in the area's views file. Registering twice panics.
func AddDescriber(typ string, f Describer) bool {
	if _, dup := describers[typ]; dup {
		panic("views: describer registered twice: " + typ)
	}
	describers[typ] = f
	return true
}

// Describe returns the entry in plain words in the request's language.
func Describe(ctx context.Context, names ledger.Names, e *ledger.Entry) string {
	d := Describing{T: T(ctx), Lang: LangOf(ctx), Names: names, Entry: e}
	if e == nil {
		return d.T.Public.Undecodable
	}
	f, ok := describers[e.Type]
	body, err := e.DecodeBody()
	if !ok || err != nil {
		return fmt.Sprintf(d.T.Public.DescUnknown, e.Type)
	}
	return GroupCodes(f(d, body))
}

// Org names an organisation by its public name; org 0 is the platform (no
// user) or a personal donor, never named.
func (d Describing) Org(id int64) string {
	if id == 0 {
		if d.Entry != nil && d.Entry.Actor.User != 0 {
			return d.T.Public.PersonalDonor
		}
		return d.T.Public.SystemActor
	}
	if n := d.Names.Org(id); n != "" {
		return n
	}
	return fmt.Sprintf(d.T.Public.OrgNumber, id)
}

// Item names a catalogue item in the reader's language.
func (d Describing) Item(id string) string {
	it, ok := d.Names.Items[id]
	if !ok {
		return id
	}
	if d.Lang == ZH {
		return it.NameZH
	}
	return it.NameEN
}

// Subject names a subject key ("need:12") in words, with organisations by name.
func (d Describing) Subject(s string) string {
	kind, id := ledger.SplitSubject(s)
	if kind == ledger.SubjectOrg {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			return d.Org(n)
		}
	}
	if f, ok := d.T.Public.SubjectNames[kind]; ok {
		return fmt.Sprintf(f, GroupCodes(id))
	}
	return s
}

// GroupDigits writes n with thousands separators: 1980 -> "1,980".
func GroupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

var _ = AddDescriber(ledger.TypeItemAdded, func(d Describing, b ledger.Body) string {
	it := b.(*ledger.ItemAdded).Item
	name := it.NameEN
	if d.Lang == ZH {
		name = it.NameZH
	}
	s := fmt.Sprintf(d.T.Public.DescItemAdded, name, UnitIn(d.Lang, it.Unit))
	if it.Standard != "" {
		s += fmt.Sprintf(d.T.Public.DescItemStandard, it.Standard)
	}
	return s
})

var _ = AddDescriber(ledger.TypeOrgRegistered, func(d Describing, b ledger.Body) string {
	o := b.(*ledger.OrgRegistered)
	return fmt.Sprintf(d.T.Public.DescOrgRegistered, o.Name, d.T.Public.OrgKinds[o.Kind], o.RegistrationNo)
})

var _ = AddDescriber(ledger.TypeReviewDecided, func(d Describing, b ledger.Body) string {
	r := b.(*ledger.ReviewDecided)
	if r.Decision == ledger.Reject {
		return fmt.Sprintf(d.T.Public.DescRejected, d.Subject(r.Subject), d.T.Public.Stage[r.Stage], r.Reason)
	}
	return fmt.Sprintf(d.T.Public.DescApproved, d.Subject(r.Subject), d.T.Public.Stage[r.Stage])
})

// DescribeSigned says in plain words what a member is about to sign: the
// entry of the statement and the later entries of the same write it names
// in advance (a correction and its corrective use).
func DescribeSigned(ctx context.Context, names ledger.Names, pr *ledger.Prepared) string {
	s := Describe(ctx, names, pr.Entry)
	for _, e := range pr.Follows {
		s += fmt.Sprintf(T(ctx).Keys.SignAlso, Describe(ctx, names, e))
	}
	return s
}
