package views

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

// Every message a domain error can carry has a Chinese translation: the
// test finds each ledger.Errorf / Errorf call with a literal format in the
// source and looks it up.
func TestEveryDomainErrorIsTranslated(t *testing.T) {
	fset := token.NewFileSet()
	var missing []string
	filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "ledger" {
					name = fn.Sel.Name
				}
			case *ast.Ident:
				if strings.HasPrefix(path, filepath.Join("..", "ledger")+string(filepath.Separator)) && filepath.Dir(path) == filepath.Join("..", "ledger") {
					name = fn.Name
				}
			}
			if name != "Errorf" {
				return true
			}
			lit, ok := call.Args[1].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			format, _ := strconv.Unquote(lit.Value)
			if _, ok := errorsZH[format]; !ok {
				missing = append(missing, fset.Position(lit.Pos()).String()+": "+format)
			}
			return true
		})
		return nil
	})
	for _, m := range missing {
		t.Errorf("no zh translation for %s", m)
	}
}

func TestErrorText(t *testing.T) {
	err := ledger.Errorf(ledger.EINVALID, "no organisation %d", 7)
	zh := WithLang(context.Background(), ZH)
	if got := ErrorText(zh, err); got != "没有编号为 7 的机构" {
		t.Errorf("zh: %q", got)
	}
	if got := ErrorText(context.Background(), err); got != "no organisation 7" {
		t.Errorf("en: %q", got)
	}
	if got := ErrorText(zh, context.Canceled); got != zhCommon.InternalError {
		t.Errorf("internal error shown as %q", got)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"zh": ZH, "zh-CN": ZH, "zh-Hans-CN,zh;q=0.9": ZH, "en-GB": EN, "fr,zh;q=0.5": ZH, "en": EN} {
		if got, ok := ParseLang(in); !ok || got != want {
			t.Errorf("ParseLang(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if _, ok := ParseLang("xx-invalid-"); ok {
		t.Error("nonsense matched")
	}
}

func TestErrorTextSaysStatusesInTheReadersWords(t *testing.T) {
	err := ledger.Errorf(ledger.ECONFLICT, "this shipment is %s, so this step is not possible (already confirmed?)", ledger.StatusPickedUp)
	if got := ErrorText(WithLang(context.Background(), ZH), err); !strings.Contains(got, "承运方已提货") || strings.Contains(got, "picked_up") {
		t.Errorf("zh: %q", got)
	}
	if got := ErrorText(context.Background(), err); !strings.Contains(got, "picked up by the carrier") {
		t.Errorf("en: %q", got)
	}
}

// No field of the Chinese (or English) catalog is left empty: an empty
// string shows as a blank button, label or message. The test walks every
// string, slice, map and func of every area.
func TestNoCatalogFieldIsEmpty(t *testing.T) {
	for lang, c := range map[string]*Text{"zh-CN": catalogs[ZH], "en": catalogs[EN]} {
		var walk func(path string, v reflect.Value)
		walk = func(path string, v reflect.Value) {
			switch v.Kind() {
			case reflect.Pointer:
				walk(path, v.Elem())
			case reflect.Struct:
				for i := range v.NumField() {
					walk(path+"."+v.Type().Field(i).Name, v.Field(i))
				}
			case reflect.String:
				if strings.TrimSpace(v.String()) == "" {
					t.Errorf("%s: %s is empty", lang, path)
				}
			case reflect.Slice, reflect.Array:
				if v.Len() == 0 {
					t.Errorf("%s: %s is empty", lang, path)
				}
				for i := range v.Len() {
					walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
				}
			case reflect.Map:
				if v.Len() == 0 {
					t.Errorf("%s: %s is empty", lang, path)
				}
				for it := v.MapRange(); it.Next(); {
					walk(fmt.Sprintf("%s[%v]", path, it.Key()), it.Value())
				}
			case reflect.Func:
				if v.IsNil() {
					t.Errorf("%s: %s is nil", lang, path)
				}
			}
		}
		walk("Text", reflect.ValueOf(c))
	}
	// Every translated error message too.
	for en, zh := range errorsZH {
		if strings.TrimSpace(zh) == "" {
			t.Errorf("zh translation of %q is empty", en)
		}
	}
}
