package ledger

import "testing"

// A line's input name goes to the form and back: errors about a pledge's or
// a need's line name it, and the pledge form maps it to its own inputs.
func TestLineField(t *testing.T) {
	for _, c := range []struct {
		field string
		n     int
		k     string
		ok    bool
	}{
		{LineField(3, "quantity"), 3, "quantity", true},
		{LineField(12, "item"), 12, "item", true},
		{"need_line_1", 0, "", false},
		{"line_0_item", 0, "", false},
		{"line_x_item", 0, "", false},
		{"line_2_", 0, "", false},
		{"line_2", 0, "", false},
		{"quantity", 0, "", false},
	} {
		n, k, ok := ParseLineField(c.field)
		if n != c.n || k != c.k || ok != c.ok {
			t.Errorf("ParseLineField(%q) = %d %q %v, want %d %q %v", c.field, n, k, ok, c.n, c.k, c.ok)
		}
	}
}
