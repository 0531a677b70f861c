package views

import "github.com/a-h/templ"

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
