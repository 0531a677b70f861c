package views

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// storePackage is the store; views render domain types from package ledger
// and never reach into the store (issue 12).
const storePackage = "github.com/aidtrail/aidtrail/ledger/sqlite"

// importsStore reports whether import path p is the store or one of its
// packages (sqlitetest, demo, simulate).
func importsStore(p string) bool {
	return p == storePackage || strings.HasPrefix(p, storePackage+"/")
}

// TestViewsDoNotImportTheStore parses the imports of every Go file under
// views/ (tests and generated *_templ.go included) and scans every .templ
// file's import lines: none may name ledger/sqlite.
func TestViewsDoNotImportTheStore(t *testing.T) {
	fset := token.NewFileSet()
	var goFiles, templFiles int
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".go":
			f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			goFiles++
			for _, im := range f.Imports {
				p, err := strconv.Unquote(im.Path.Value)
				if err != nil {
					return err
				}
				if importsStore(p) {
					t.Errorf("%s imports %s: name the ledger type instead", fset.Position(im.Pos()), p)
				}
			}
		case ".templ":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			templFiles++
			for i, line := range strings.Split(string(b), "\n") {
				for _, field := range strings.Fields(line) {
					if p, err := strconv.Unquote(field); err == nil && importsStore(p) {
						t.Errorf("%s:%d imports %s: name the ledger type instead", path, i+1, p)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if goFiles < 20 || templFiles < 10 {
		t.Fatalf("read %d Go and %d templ files under views/: expected the whole package", goFiles, templFiles)
	}
}

func TestImportsStore(t *testing.T) {
	for p, want := range map[string]bool{
		storePackage:                                  true,
		storePackage + "/sqlitetest":                  true,
		"github.com/aidtrail/aidtrail/ledger":         false,
		"github.com/aidtrail/aidtrail/ledger/sqlitex": false,
		"database/sql":                                false,
	} {
		if got := importsStore(p); got != want {
			t.Errorf("importsStore(%q) = %v, want %v", p, got, want)
		}
	}
}
