package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// TestStatementCache: a connection prepares a statement once and runs it
// again from its cache; the same query nested in its own loop, and a
// statement pushed out of the cache while its rows are open, still read
// the right rows.
func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	db, err := openCached(DSN(filepath.Join(t.TempDir(), "c.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for k := range 5 {
		if _, err := db.ExecContext(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, k, fmt.Sprint("v", k)); err != nil {
			t.Fatal(err)
		}
	}
	// One connection, so every statement below meets the same cache.
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cached := func() (n int, kept bool) {
		conn.Raw(func(dc any) error {
			c := dc.(*cachingConn)
			n = c.lru.Len()
			_, kept = c.stmts[`INSERT INTO t (k, v) VALUES (?, ?)`]
			return nil
		})
		return n, kept
	}
	if n, kept := cached(); n != 2 || !kept {
		t.Fatalf("after two statements run six times: %d kept (want 2), insert kept %v", n, kept)
	}

	// The same query inside its own loop: the inner run gets a statement of its own.
	const q = `SELECT k, v FROM t WHERE k >= ? ORDER BY k`
	got := ""
	rows, err := conn.QueryContext(ctx, q, 3)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k int
		var v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		var inner []string
		if err := collect(ctx, conn, &inner, func(r *sql.Rows) (string, error) {
			var k int
			var v string
			return v, r.Scan(&k, &v)
		}, q, k); err != nil {
			t.Fatal(err)
		}
		got += fmt.Sprint(v, inner, ";")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if want := "v3[v3 v4];v4[v4];"; got != want {
		t.Errorf("nested runs of one query read %q, want %q", got, want)
	}

	// A statement evicted while its rows are open reads on, then is closed.
	rows, err = conn.QueryContext(ctx, q, 0)
	if err != nil {
		t.Fatal(err)
	}
	var vs []string
	for i := 0; rows.Next(); i++ {
		var k int
		var v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
		if i == 0 {
			for j := range stmtCacheSize + 1 {
				var n int
				if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d + count(*) FROM t`, j)).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != j+5 {
					t.Fatalf("statement %d read %d", j, n)
				}
			}
		}
	}
	rows.Close()
	if fmt.Sprint(vs) != "[v0 v1 v2 v3 v4]" {
		t.Errorf("an evicted statement's rows read %v", vs)
	}
	if n, kept := cached(); n != stmtCacheSize || kept {
		t.Errorf("after %d more statements: %d kept (want %d), insert kept %v (want evicted)", stmtCacheSize+1, n, stmtCacheSize, kept)
	}
}
