package ledger

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
)

// Body is the type-specific part of an entry.
type Body interface {
	// Validate checks the body on its own (shape, signs, lengths); rules
	// that need state are checked by the store and by the replay in replay.go.
	Validate() error
}

type entryType struct {
	body reflect.Type
}

var types = map[string]entryType{}

// Register adds an entry type and its body struct to the vocabulary. It is
// called from init functions; registering a type twice panics.
func Register(name string, body Body) {
	if _, dup := types[name]; dup {
		panic("ledger: entry type registered twice: " + name)
	}
	t := reflect.TypeOf(body)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	types[name] = entryType{body: t}
}

// Types lists the registered entry types, sorted.
func Types() []string {
	out := make([]string, 0, len(types))
	for k := range types {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (t entryType) decode(raw json.RawMessage) (Body, error) {
	if len(raw) == 0 {
		return nil, Errorf(EINVALID, "entry has no body")
	}
	b := reflect.New(t.body).Interface().(Body)
	if err := decodeStrict(raw, b); err != nil {
		return nil, Errorf(EINVALID, "malformed entry body: %v", err)
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	return b, nil
}

// NewEntry builds an entry of the given type with its body encoded. The
// store fills in Time and Prev when it appends.
func NewEntry(typ string, actor Actor, subjects []string, body Body) (*Entry, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encoding %s body: %w", typ, err)
	}
	return &Entry{V: Version, Type: typ, Actor: actor, Subjects: subjects, Body: raw}, nil
}
