// Package opendatatest checks open-data documents against the official
// schemas of their standards, kept in schemas/ with their licences: the
// GS1 EPCIS 2.0 JSON schema, the IATI 2.03 XML schemas (checked with
// xmllint) and the HXL core dictionary's hashtags and attributes.
package opendatatest

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sync"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schemas
var schemas embed.FS

// epcisSchemaURL is the schema's own $id.
const epcisSchemaURL = "https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json"

// ecmaRegexp runs the schema's patterns as ECMAScript regular expressions
// (they use lookaheads, which Go's regexp lacks).
type ecmaRegexp regexp2.Regexp

func (re *ecmaRegexp) MatchString(s string) bool {
	ok, err := (*regexp2.Regexp)(re).MatchString(s)
	return err == nil && ok
}

func (re *ecmaRegexp) String() string { return (*regexp2.Regexp)(re).String() }

var epcis = sync.OnceValues(func() (*jsonschema.Schema, error) {
	raw, err := fs.ReadFile(schemas, "schemas/epcis/EPCIS-JSON-Schema.json")
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) {
		re, err := regexp2.Compile(s, regexp2.ECMAScript)
		return (*ecmaRegexp)(re), err
	})
	if err := c.AddResource(epcisSchemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(epcisSchemaURL)
})

// ValidateEPCIS checks an EPCIS 2.0 JSON(-LD) document against the
// official schema, formats (uri, date-time) asserted.
func ValidateEPCIS(doc []byte) error {
	sch, err := epcis()
	if err != nil {
		return fmt.Errorf("loading the EPCIS schema: %w", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return sch.Validate(inst)
}
