package opendatatest

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
)

// ValidateIATI checks an iati-activities document against the official
// IATI 2.03 schemas with xmllint (Debian's libxml2-utils, which .ci/run
// installs).
func ValidateIATI(doc []byte) error {
	dir, err := os.MkdirTemp("", "iati")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	xsds, err := fs.Sub(schemas, "schemas/iati")
	if err != nil {
		return err
	}
	if err := os.CopyFS(dir, xsds); err != nil {
		return err
	}
	file := filepath.Join(dir, "activities.xml")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		return err
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", filepath.Join(dir, "iati-activities-schema.xsd"), file).CombinedOutput()
	if err != nil {
		return fmt.Errorf("xmllint: %v\n%s", err, out)
	}
	return nil
}
