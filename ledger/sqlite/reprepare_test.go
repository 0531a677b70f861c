package sqlite

import (
	"database/sql/driver"
	"reflect"
	"sync"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Reprepared runs f and returns how often SQLite compiled each cached
// statement again while f ran (SQLITE_STMTSTATUS_REPREPARE), by query,
// counted from each statement's second run in f (its first may follow
// the schema's creation).
// A statement is compiled again when its plan may depend on a value bound
// to it: a parameter compared with a constant in a partial index's WHERE
// (`kind = ?` beside `... WHERE kind = 'money'`) expires it at every bind,
// so the statement cache keeps it for nothing and each run parses and
// plans it anew.
func Reprepared(f func()) map[string]int {
	var mu sync.Mutex
	out := map[string]int{}
	seen := map[uintptr]bool{}
	done := func(query string, st driver.Stmt) {
		// The driver's statement keeps its SQLite handle in pstmt.
		p := reflect.ValueOf(st).Elem().FieldByName("pstmt")
		if !p.IsValid() || p.Uint() == 0 {
			return
		}
		tls := libc.NewTLS()
		n := sqlite3.Xsqlite3_stmt_status(tls, uintptr(p.Uint()), sqlite3.SQLITE_STMTSTATUS_REPREPARE, 1)
		tls.Close()
		mu.Lock()
		if seen[uintptr(p.Uint())] && n > 0 {
			out[query] += int(n)
		}
		seen[uintptr(p.Uint())] = true
		mu.Unlock()
	}
	statementDone.Store(&done)
	defer statementDone.Store(nil)
	f()
	return out
}
