package sqlite

// Each connection keeps the statements it has prepared, by their text: a
// trace page runs some twenty small queries, and parsing and planning them
// again on every request was a third of /t/{code}'s CPU (issue 13). The
// driver itself already reuses a prepared statement that is run again
// (rows.Close resets it); this keeps it between calls.

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// stmtCacheSize bounds the statements one connection keeps: the store's
// fixed queries fit many times; queries built with IN lists of varying
// length take their turn and the least recently used is closed.
const stmtCacheSize = 256

// openCached opens dsn with the sqlite driver, its connections keeping
// their prepared statements.
func openCached(dsn string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	d := db.Driver()
	db.Close() // opened no connection; only its driver was wanted
	return sql.OpenDB(cachingConnector{dsn: dsn, d: d}), nil
}

// plannerStable turns on SQLite's query planner stability guarantee
// (SQLITE_DBCONFIG_ENABLE_QPSG) for a new connection: every statement runs
// the plan it was prepared with, whatever values are bound to it — the
// plan TestQueryPlans checks. Without it SQLite reads bound values while
// planning (a LIMIT ?, or a parameter it could match against a partial
// index's WHERE) and compiles the statement again at every run: a third
// of /stock's CPU went to that, and the statements kept above were kept
// for nothing. The driver (modernc.org/sqlite v1.60.1, pinned) offers no
// option for it, so this calls sqlite3_db_config on the connection's
// handle, as the driver's own dbConfigBool does for its options; a
// driver without that handle fails here, at the first connection
// (TestStatementsStayPrepared checks that it took effect).
func plannerStable(conn driver.Conn) error {
	v := reflect.ValueOf(conn)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return errors.New("sqlite: the driver's connection is not the one expected")
	}
	h := v.Elem().FieldByName("db")
	if !h.IsValid() || h.Kind() != reflect.Uintptr || h.Uint() == 0 {
		return errors.New("sqlite: the driver's connection has no SQLite handle")
	}
	tls := libc.NewTLS()
	defer tls.Close()
	const vaSlot = 8 // libc.VaList's stride per argument
	va := libc.Xmalloc(tls, 2*vaSlot)
	if va == 0 {
		return errors.New("sqlite: out of memory")
	}
	defer libc.Xfree(tls, va)
	if rc := sqlite3.Xsqlite3_db_config(tls, uintptr(h.Uint()), sqlite3.SQLITE_DBCONFIG_ENABLE_QPSG, libc.VaList(va, int32(1), uintptr(0))); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("sqlite: turning on the query planner stability guarantee: code %d", rc)
	}
	return nil
}

type cachingConnector struct {
	dsn string
	d   driver.Driver
}

func (c cachingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.d.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(sqliteConn)
	if !ok {
		conn.Close()
		return nil, errors.New("sqlite: the driver's connection lacks the context methods")
	}
	if err := plannerStable(conn); err != nil {
		conn.Close()
		return nil, err
	}
	return &cachingConn{sqliteConn: inner, stmts: map[string]*list.Element{}, lru: list.New()}, nil
}

func (c cachingConnector) Driver() driver.Driver { return c.d }

// sqliteConn is what database/sql uses of the driver's connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachingConn is used by one goroutine at a time (database/sql holds the
// connection's lock), so the cache needs no lock of its own.
type cachingConn struct {
	sqliteConn
	stmts map[string]*list.Element // of *cachedStmt, most recently used at the front
	lru   *list.List
}

type cachedStmt struct {
	query   string
	st      driver.Stmt
	busy    bool // its rows are open: a second use gets a statement of its own
	evicted bool // close it when its rows close
}

// statementRan, if set (by tests), is told every statement run and
// every read transaction begun (readTx: "BEGIN");
// statementDone, if set, every cached statement once its run is over
// (its rows closed), while the connection still holds it.
var (
	statementRan  atomic.Pointer[func(query string)]
	statementDone atomic.Pointer[func(query string, st driver.Stmt)]
)

func (c *cachingConn) stmt(ctx context.Context, query string) (*cachedStmt, error) {
	if ran := statementRan.Load(); ran != nil {
		(*ran)(query)
	}
	if e, ok := c.stmts[query]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*cachedStmt), nil
	}
	st, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	cs := &cachedStmt{query: query, st: st}
	c.stmts[query] = c.lru.PushFront(cs)
	if c.lru.Len() > stmtCacheSize {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.stmts, old.query)
		if old.busy {
			old.evicted = true
		} else {
			old.st.Close()
		}
	}
	return cs, nil
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs.busy {
		// The same query nested in its own loop (rare): prepared afresh.
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := cs.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: rows, cs: cs}, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs.busy {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	res, err := cs.st.(driver.StmtExecContext).ExecContext(ctx, args)
	if done := statementDone.Load(); done != nil {
		(*done)(query, cs.st)
	}
	return res, err
}

// Close finalizes the kept statements, then closes the connection.
func (c *cachingConn) Close() error {
	for e := c.lru.Front(); e != nil; e = e.Next() {
		e.Value.(*cachedStmt).st.Close()
	}
	c.stmts, c.lru = nil, list.New()
	return c.sqliteConn.Close()
}

// cachedRows hands its statement back when closed.
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close() // resets the statement for its next use
	if r.cs != nil {
		if done := statementDone.Load(); done != nil {
			(*done)(r.cs.query, r.cs.st)
		}
		r.cs.busy = false
		if r.cs.evicted {
			r.cs.st.Close()
		}
		r.cs = nil
	}
	return err
}
