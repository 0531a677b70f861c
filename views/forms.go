package views

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"time"

	"github.com/a-h/templ"
)

// FormError is why a form was refused: the message in the reader's
// language and the field it is about ("" if it is about the whole form).
// Forms show the message at the top and beside the field, which they mark
// with aria-invalid.
type FormError struct {
	Message string
	Field   string
}

// On reports whether the error is about field.
func (e FormError) On(field string) bool { return e.Message != "" && e.Field != "" && e.Field == field }

// Attrs marks field's input when the error is about it: aria-invalid, and
// aria-describedby naming the message beside it (see fieldError).
func (e FormError) Attrs(field string) templ.Attributes {
	if !e.On(field) {
		return templ.Attributes{}
	}
	return templ.Attributes{"aria-invalid": "true", "aria-describedby": fieldErrorID(field)}
}

func fieldErrorID(field string) string { return "error-" + field }

// ResentVM asks about a form that came back with a new key but the same
// content as one sent minutes before (see the store's Resent error): a
// link to what the first made, or the same values sent again once a box
// is ticked.
type ResentVM struct {
	Made   string // the page of what the first submission made ("" if unknown)
	Ago    string
	Action string
	Fields []FormField // what was sent, key included (it was not used)
	Files  []FormField // the files it carried (field, file name): a page cannot send them back, so they are asked for again
}

// FormField is one value of a form sent again.
type FormField struct{ Name, Value string }

// NewResentVM builds the question for a form sent to action with values
// form, the first one having been sent at.
func NewResentVM(ctx context.Context, made string, at, now time.Time, action string, form url.Values) ResentVM {
	vm := ResentVM{Made: made, Action: action, Ago: T(ctx).Forms.JustNow}
	if m := int(now.Sub(at).Minutes()); m >= 1 {
		vm.Ago = fmt.Sprintf(T(ctx).Forms.MinutesAgo, m)
	}
	for _, k := range slices.Sorted(maps.Keys(form)) {
		if k == AgainField {
			continue
		}
		for _, v := range form[k] {
			vm.Fields = append(vm.Fields, FormField{k, v})
		}
	}
	return vm
}

// AgainField is the box ticked to send the same form a second time.
const AgainField = "again"
