package sqlite_test

// The store's queries must cost the same at 10,000 and 1,000,000 entries:
// this test finds every SQL statement in the store's source, asks SQLite how
// it would run each one on a generated database, and fails on a full scan
// of a table that grows with use or a temporary B-tree sort over one.

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// growing are the tables that grow with use. Small tables (the catalogue,
// organisations, users, log_meta) may be scanned.
var growing = []string{
	"entries", "hashes", "entry_subjects", "checkpoints",
	"lots", "handoffs", "handoff_lines", "lot_finals", "lot_counts", "form_nonces",
	"needs", "need_lines", "pledges", "pledge_lines", "reviews", "donor_handles",
	"money_receipts", "bank_refs", "spendings", "spending_lines",
	"files", "invites", "access_log",
	"fig_sums", "fig_discrepancies", "fig_finals", "fig_money_lots", "fig_daily", "fig_flows", "entry_orgs", "entry_items", "stock_held",
}

// wholeData are statements that read a growing table whole on purpose: the
// open-data downloads and the verifier stream every entry once, in index
// order, and never run on a page or in the writer. Each is named by a
// fragment of its SQL; the test fails if one no longer exists.
var wholeData = map[string]string{
	`SELECT idx, data FROM entries ORDER BY idx`:                          "Verify re-reads every entry",
	`SELECT id, hash FROM hashes ORDER BY id`:                             "Verify re-reads every tree hash",
	`FROM checkpoints ORDER BY size`:                                      "Verify re-checks every checkpoint",
	`SELECT id FROM needs WHERE status != 'draft' ORDER BY id`:            "RulesEqualReplay compares every need with a replay",
	`SELECT kind, key, name, qty FROM fig_sums`:                           "CheckFigures compares every figure with a replay",
	`FROM fig_discrepancies ORDER BY idx, line`:                           "CheckFigures compares every figure with a replay",
	`SELECT idx, type, item, org, qty, day FROM fig_finals`:               "CheckFigures compares every figure with a replay",
	`SELECT code, holder, currency, held, in_transit FROM fig_money_lots`: "CheckFigures compares every figure with a replay",
	`SELECT series, item, org, day, qty FROM fig_daily`:                   "CheckFigures compares every figure with a replay",
	`SELECT item, from_org, donor, to_org, qty FROM fig_flows`:            "CheckFigures compares every figure with a replay",
	`SELECT org, item, held FROM stock_held WHERE held != 0`:              "CheckFigures compares the stock held with a replay",
	`SELECT l.holder, l.item, sum(l.held) FROM lots l LEFT JOIN lots p`:   "RebuildFigures sums stock_held anew from every lot",
}

// boundedSorts are sorts over the rows of one subject's family (one lot's
// descendants, one pledge's lots), found through an index: they grow with
// that family, not with the data.
var boundedSorts = map[string]string{
	`WHERE l.lot = ? AND status IN ('dispatched', 'picked_up', 'delivered') ORDER BY h.id`:     "a lot's open shipments",
	`WHERE l.pledge = ? AND l.item = 'money' ORDER BY 1`:                                       "a money pledge's transfers",
	`FROM lot_counts WHERE lot = ? ORDER BY entry DESC`:                                        "a lot's counts (a few in its life)",
	`WITH RECURSIVE family(code)`:                                                              "places: one lot's descendants",
	`WHERE pledge = ?1 AND held > 0 AND item NOT IN ('', 'money') GROUP BY item, unit, holder`: "where a pledge's goods are: its lots",
}

// boundedScans read a table (or a partial index) in its key order and stop
// after a LIMIT: the newest N rows, the first N open needs that match. Only
// such a walk of an index (SCAN ... USING INDEX) passes; a plain scan, say
// inside a view, still fails.
var boundedScans = map[string]string{
	`SELECT id, org_id, title FROM needs INDEXED BY needs_board WHERE status = 'published' ORDER BY`: "the first open needs the transparency page shows, in the board's order",
	`FROM need_lines nl INDEXED BY need_lines_short JOIN needs n`:                                    "the first five open needs an item could fill, in the board's order: a walk of the item's lines still short",
}

// knownScans are the statements issue 13 has not fixed yet: each still
// grows with the data. The test reports them and fails once one is fixed
// and still listed, so the list only shrinks.
var knownScans = map[string]string{}

// dynamic are statements the store assembles at run time (EntryFilter's
// conditions); the test plans every form they take, as the store builds them.
var dynamic = map[string][]string{
	`SELECT idx, data FROM `: entryFilterForms(),
	`SELECT 1 FROM `:         nil, // the probes, among entryFilterForms
}

// entryFilterForms are the ledger browser's statements for every filter
// and filters together, as LedgerEntries builds them.
func entryFilterForms() []string {
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	var out []string
	for _, f := range []sqlite.EntryFilter{
		{}, {Type: "t"}, {Item: "i"}, {Org: 1}, {Item: "i", Org: 1}, {Type: "t", Org: 1},
		{From: day}, {To: day}, {From: day, To: day}, {Item: "i", From: day}, {Org: 1, To: day}, {Type: "t", From: day, To: day},
	} {
		out = append(out, sqlite.EntryFilterStatements(f)...)
	}
	return out
}

func TestQueryPlans(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	views = map[string]string{}
	rows, err := s.DB().QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'view'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			t.Fatal(err)
		}
		views[name] = sql
	}
	rows.Close()
	stmts := storeStatements(t)
	if len(stmts) < 100 {
		t.Fatalf("found only %d statements in the store's source", len(stmts))
	}
	stmts = append(stmts, triggerStatements(t, s)...)
	used, read := map[string]bool{}, map[string]bool{}
	for _, q := range stmts {
		if forms, ok := dynamicForms(q); ok {
			for _, f := range forms {
				checkPlan(t, s, f, used, read)
			}
			continue
		}
		checkPlan(t, s, q, used, read)
	}
	for _, idx := range unreadIndexes(t, s, read) {
		t.Errorf("no statement reads index %s of a table every write grows: drop it (each costs the writer a B-tree write per row)", idx)
	}
	for frag := range wholeData {
		if !used[frag] {
			t.Errorf("wholeData names %q, which no statement contains any more", frag)
		}
	}
	for frag, why := range knownScans {
		if !used[frag] {
			t.Errorf("knownScans names %q, which no longer scans or sorts: take it off the list", frag)
		} else {
			t.Logf("still grows with the data (issue 13): %s", why)
		}
	}
	for frag := range boundedScans {
		if !used[frag] {
			t.Errorf("boundedScans names %q, which no statement contains any more", frag)
		}
	}
	for frag := range boundedSorts {
		if !used[frag] {
			t.Errorf("boundedSorts names %q, which no statement contains any more", frag)
		}
	}
}

// triggerStatements are the statements of the schema's triggers (the
// writer runs them with every row it writes), each NEW.x and OLD.x read as
// a parameter. RAISE, which plans only inside a trigger, is left out.
func triggerStatements(t *testing.T, s *sqlite.Store) []string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT sql FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			t.Fatal(err)
		}
		body := q[strings.Index(q, " BEGIN")+len(" BEGIN") : strings.LastIndex(q, "END")]
		for stmt := range strings.SplitSeq(rowRefRe.ReplaceAllString(body, "?"), ";") {
			if stmt = strings.TrimSpace(stmt); stmt != "" && !strings.Contains(stmt, "RAISE(") {
				out = append(out, stmt)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("found no trigger statements in the schema")
	}
	return out
}

var rowRefRe = regexp.MustCompile(`\b(?:NEW|OLD)\.\w+`)

// dynamicForms returns the forms of a statement the store completes at run
// time (its source holds only the prefix, as a statement of its own).
func dynamicForms(q string) ([]string, bool) {
	forms, ok := dynamic[q]
	return forms, ok
}

var (
	scanRe  = regexp.MustCompile(`^SCAN (\w+)`)
	tableRe = regexp.MustCompile(`(?:SCAN|SEARCH) (\w+)`)
)

func checkPlan(t *testing.T, s *sqlite.Store, q string, used, read map[string]bool) {
	t.Helper()
	for frag := range wholeData {
		if strings.Contains(oneLine(q), frag) {
			used[frag] = true
			return
		}
	}
	details, err := planDetails(s, q)
	if err != nil {
		t.Errorf("cannot plan %s: %v", oneLine(q), err)
		return
	}
	report := t.Errorf
	for frag := range knownScans {
		if strings.Contains(oneLine(q), frag) {
			report = func(string, ...any) { used[frag] = true }
		}
	}
	for frag := range boundedScans {
		if strings.Contains(oneLine(q), frag) {
			used[frag] = true
			report = func(format string, args ...any) {
				if !strings.HasPrefix(format, "index walk") {
					t.Errorf(format, args...)
				}
			}
		}
	}
	alias := aliases(q)
	grows := func(name string) string { // the growing table name may stand for, if any
		for _, t := range alias[name] {
			if slices.Contains(growing, t) {
				return t
			}
		}
		return ""
	}
	var plan []string
	var tables []string
	tempSort := false
	for _, detail := range details {
		plan = append(plan, detail)
		if m := indexRe.FindStringSubmatch(detail); m != nil {
			read[m[1]] = true
		}
		if m := scanRe.FindStringSubmatch(detail); m != nil && grows(m[1]) != "" {
			what := "full scan"
			if strings.Contains(detail, " USING ") {
				what = "index walk"
			}
			report(what+" of %s:\n  %s\n  plan: %s", grows(m[1]), oneLine(q), strings.Join(plan, "; "))
		}
		if m := tableRe.FindStringSubmatch(detail); m != nil && grows(m[1]) != "" {
			tables = append(tables, grows(m[1]))
		}
		// An automatic index is built from a scan, at every run.
		if m := tableRe.FindStringSubmatch(detail); m != nil && strings.Contains(detail, "USING AUTOMATIC") && (grows(m[1]) != "" || slices.ContainsFunc(alias[m[1]], isView)) {
			report("automatic index built from a scan of %v:\n  %s\n  plan: %s", alias[m[1]], oneLine(q), strings.Join(plan, "; "))
		}
		if strings.HasPrefix(detail, "USE TEMP B-TREE") {
			tempSort = true
		}
	}
	for frag := range boundedSorts {
		if strings.Contains(oneLine(q), frag) {
			used[frag] = true
			tempSort = false
		}
	}
	if tempSort && len(tables) > 0 {
		report("temporary B-tree sort over %v:\n  %s\n  plan: %s", tables, oneLine(q), strings.Join(plan, "; "))
	}
}

// hotTables are the tables (nearly) every custody write adds to or
// changes: an index of theirs that no statement reads is pure cost.
var hotTables = []string{"entries", "hashes", "entry_subjects", "entry_orgs", "entry_items", "entry_days", "lots", "handoffs", "handoff_lines",
	"pledges", "pledge_lines", "need_lines"}

var indexRe = regexp.MustCompile(`USING (?:COVERING )?INDEX (\w+)`)

// unreadIndexes lists the indexes of hotTables that no plan used (the
// ones SQLite makes for a UNIQUE or PRIMARY KEY constraint aside).
func unreadIndexes(t *testing.T, s *sqlite.Store, read map[string]bool) []string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(hotTables, table) && !read[name] {
			out = append(out, name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var paramRe = regexp.MustCompile(`\?(\d*)`)

// nullArgs binds NULL to each parameter of q: plans do not depend on the
// values (the store never inlines them).
func nullArgs(q string) []any {
	var args []any
	for _, m := range paramRe.FindAllStringSubmatch(q, -1) {
		switch {
		case m[1] == "":
			args = append(args, nil)
		default:
			n, _ := strconv.Atoi(m[1])
			for len(args) < n {
				args = append(args, nil)
			}
		}
	}
	return args
}

var fromRe = regexp.MustCompile(`\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?`)

// views are the schema's views by name, with their SQL: a plan shows the
// tables a view reads under the aliases of its definition.
var views map[string]string

func isView(name string) bool { _, ok := views[name]; return ok }

// aliases maps the names a plan may give a table (its alias, in the
// statement or in a view it reads) to the tables it may stand for.
func aliases(q string) map[string][]string {
	m := map[string][]string{}
	for _, t := range growing {
		m[t] = []string{t}
	}
	seen := map[string]bool{}
	var walk func(q string)
	walk = func(q string) {
		for _, f := range fromRe.FindAllStringSubmatch(q, -1) {
			if v, ok := views[f[1]]; ok && !seen[f[1]] {
				seen[f[1]] = true
				walk(v)
			}
			if f[2] != "" && strings.ToUpper(f[2]) != f[2] { // not a keyword
				m[f[2]] = append(m[f[2]], f[1])
			}
		}
	}
	walk(q)
	return m
}

func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }

var sqlStart = regexp.MustCompile(`^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\s`)

// storeStatements collects every SQL statement in the store's non-test
// source: string literals and constant concatenations (with the package's
// string constants folded in, and placeholders(n) read as one ?) that start
// like SQL. A function that completes a statement with a string parameter
// (queryNeeds(ctx, q, where, ...)) is a template: each call with a
// constant there is a statement.
func storeStatements(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	consts := map[string]string{}
	for range 3 { // constants built from constants
		for _, f := range parsed {
			ast.Inspect(f, func(n ast.Node) bool {
				g, ok := n.(*ast.GenDecl)
				if !ok || g.Tok != token.CONST {
					return true
				}
				for _, sp := range g.Specs {
					vs := sp.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if v, ok := constString(vs.Values[i], consts); ok {
								consts[n.Name] = v
							}
						}
					}
				}
				return false
			})
		}
	}
	// Templates: functions whose string parameter completes a statement.
	type template struct {
		arg   int
		forms []string
	}
	templates := map[string]*template{}
	for _, f := range parsed {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			i := 0
			for _, field := range fn.Type.Params.List {
				for _, name := range field.Names {
					if id, ok := field.Type.(*ast.Ident); ok && id.Name == "string" {
						with := map[string]string{name.Name: hole}
						maps.Copy(with, consts)
						ast.Inspect(fn.Body, func(n ast.Node) bool {
							e, ok := n.(ast.Expr)
							if !ok {
								return true
							}
							v, ok := constString(e, with)
							if !ok {
								return true
							}
							if strings.Contains(v, hole) && sqlStart.MatchString(v) {
								if templates[fn.Name.Name] == nil {
									templates[fn.Name.Name] = &template{arg: i}
								}
								templates[fn.Name.Name].forms = append(templates[fn.Name.Name].forms, v)
							}
							return false
						})
					}
					i++
				}
			}
		}
	}
	seen := map[string]bool{}
	var out []string
	prefixes := map[string]bool{} // a template's text before its hole is no statement
	for _, tp := range templates {
		for _, form := range tp.forms {
			prefixes[form[:strings.Index(form, hole)]] = true
		}
	}
	add := func(v string) {
		if sqlStart.MatchString(v) && !seen[v] && !prefixes[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				name := ""
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if tp := templates[name]; tp != nil {
					if tp.arg < len(call.Args) {
						if v, ok := constString(call.Args[tp.arg], consts); ok {
							for _, form := range tp.forms {
								add(strings.ReplaceAll(form, hole, v))
							}
						}
					}
				}
				return true
			}
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			v, ok := constString(e, consts)
			if !ok {
				return true
			}
			add(v)
			return false
		})
	}
	return out
}

// hole marks a template's parameter.
const hole = "\x00"

// constString evaluates a string literal, a known constant or a + of them;
// placeholders(n) and strings.Repeat(",?", n) stand for one parameter,
// valueRows(n, cols) for one row of cols.
func constString(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.Ident:
		s, ok := consts[e.Name]
		return s, ok
	case *ast.ParenExpr:
		return constString(e.X, consts)
	case *ast.CallExpr:
		switch fn := e.Fun.(type) {
		case *ast.Ident:
			if fn.Name == "placeholders" {
				return "?", true
			}
			// valueRows(n, cols): one row of cols parameters.
			if fn.Name != "valueRows" || len(e.Args) != 2 {
				break
			}
			if lit, ok := e.Args[1].(*ast.BasicLit); ok && lit.Kind == token.INT {
				cols, _ := strconv.Atoi(lit.Value)
				return "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")", true
			}
		case *ast.SelectorExpr:
			x, ok := fn.X.(*ast.Ident)
			if !ok || x.Name != "strings" || len(e.Args) != 2 {
				break
			}
			lit, ok := e.Args[len(e.Args)-1].(*ast.BasicLit)
			switch {
			case fn.Sel.Name == "Repeat" && len(e.Args) == 2:
				if lit, ok := e.Args[0].(*ast.BasicLit); ok && lit.Value == `",?"` {
					return "", true
				}
			case fn.Sel.Name == "Join" && ok && lit.Value == `","`:
				return "?", true // placeholders joined for IN (...)
			}
		}
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok := constString(e.X, consts)
		if !ok {
			return "", false
		}
		b, ok := constString(e.Y, consts)
		return a + b, ok
	}
	return "", false
}

// TestNeedLineTriggerPlansSkipTheLinesPledges: the triggers that keep a
// need line's progress move it by the changed row's part, so none of
// their statements walks the line's pledge lines (a popular need has
// thousands) or scans a growing table. The rule recomputed whole does walk
// them, which shows the check can see it.
func TestNeedLineTriggerPlansSkipTheLinesPledges(t *testing.T) {
	s := sqlitetest.Open(t)
	walks := func(q string) (bool, string) {
		t.Helper()
		plan, err := planDetails(s, q)
		if err != nil {
			t.Fatalf("cannot plan %s: %v", oneLine(q), err)
		}
		bad := false
		for _, detail := range plan {
			if strings.Contains(detail, "pledge_lines_by_need_line") {
				bad = true
			}
			if m := scanRe.FindStringSubmatch(detail); m != nil && slices.ContainsFunc(aliases(q)[m[1]], func(name string) bool { return slices.Contains(growing, name) }) {
				bad = true
			}
		}
		return bad, strings.Join(plan, "; ")
	}
	if bad, plan := walks(`SELECT pledged, received, delivered, used FROM need_line_progress WHERE id = ?`); !bad {
		t.Fatalf("the rule recomputed whole does not walk a line's pledges here (plan: %s): the check sees nothing", plan)
	}
	rows, err := s.DB().Query(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name != 'need_lines' AND sql LIKE '%UPDATE need_lines SET%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			t.Fatal(err)
		}
		body := q[strings.Index(q, " BEGIN")+len(" BEGIN") : strings.LastIndex(q, "END")]
		for stmt := range strings.SplitSeq(rowRefRe.ReplaceAllString(body, "?"), ";") {
			if stmt = strings.TrimSpace(stmt); stmt == "" {
				continue
			}
			n++
			if bad, plan := walks(stmt); bad {
				t.Errorf("trigger %s walks a need line's pledges or scans a growing table:\n  %s\n  plan: %s", name, oneLine(stmt), plan)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 8 {
		t.Errorf("planned %d statements of the need lines' triggers, want the 8 deltas and the board copy", n)
	}
}

// planDetails returns the steps of SQLite's plan for q (each parameter
// NULL), in order.
func planDetails(s *sqlite.Store, q string) ([]string, error) {
	rows, err := s.DB().Query(`EXPLAIN QUERY PLAN `+q, nullArgs(q)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return nil, err
		}
		out = append(out, detail)
	}
	return out, rows.Err()
}
