package opendatatest

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// hxlDictionary reads the core hashtags and attributes from the extract of
// the HXL dictionary in schemas/hxl.
var hxlDictionary = sync.OnceValues(func() (map[string]bool, error) {
	f, err := schemas.Open("schemas/hxl/core-dictionary.tsv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	known := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "# ") {
			continue // the source and licence
		}
		cells := strings.Split(line, "\t")
		if len(cells) < 2 || (cells[0] == "tag") != strings.HasPrefix(cells[1], "#") {
			return nil, fmt.Errorf("bad dictionary line %q", line)
		}
		known[cells[1]] = true // "#item" or "+code"
	}
	if len(known) < 50 {
		return nil, fmt.Errorf("only %d hashtags and attributes in the dictionary", len(known))
	}
	return known, sc.Err()
})

// hxlTagspec is HXL's syntax of a hashtag with attributes.
var hxlTagspec = regexp.MustCompile(`^(#[a-z][a-z0-9_]*)((?:\+[a-z][a-z0-9_]*)*)$`)

// CheckHXLTagspec says whether spec (e.g. "#org+funder+name") is well
// formed and its hashtag and every attribute are in the core dictionary.
func CheckHXLTagspec(spec string) error {
	known, err := hxlDictionary()
	if err != nil {
		return err
	}
	m := hxlTagspec.FindStringSubmatch(spec)
	if m == nil {
		return fmt.Errorf("%q is not an HXL hashtag with attributes", spec)
	}
	if !known[m[1]] {
		return fmt.Errorf("%q: %s is not a core HXL hashtag", spec, m[1])
	}
	for _, a := range strings.Split(m[2], "+")[1:] {
		if !known["+"+a] {
			return fmt.Errorf("%q: +%s is not a core HXL attribute", spec, a)
		}
	}
	return nil
}
