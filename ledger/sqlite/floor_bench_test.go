package sqlite_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
	"golang.org/x/mod/sumdb/tlog"
)

// BenchmarkBareRows is the floor under BenchmarkConfirmations: on a copy
// of the same simulated log (10k, 100k, 1M entries), the bare rows one
// custody confirmation (a shipment's receipt) stores, written with modernc
// SQLite by plain prepared statements on one connection, 64 confirmations
// a commit, with synchronous=FULL (the store's) and NORMAL, statement
// journals in memory (temp_store=MEMORY, the writer's): the entry row,
// its tree-hash rows (one multi-row insert), its two subject rows and its
// organisation row, the lot changing holder (so stock_held's triggers
// run), the shipment's status and its line. No reads, rules, encoding,
// hashing, signing or figures. One op is one confirmation; entries/s and
// cpu-µs/entry say how far this stack could go at best on this machine.
func BenchmarkBareRows(b *testing.B) {
	for _, size := range simulate.BenchSizes() {
		dir := simulate.Copy(b, size)
		for _, sync := range []string{"FULL", "NORMAL"} {
			b.Run(fmt.Sprintf("entries=%d/sync=%s", size, sync), func(b *testing.B) {
				benchBareRows(b, filepath.Join(dir, "aidtrail.db"), sync)
			})
		}
	}
}

// bareStatements are the statements of one confirmation's rows.
var bareStatements = []string{
	`INSERT INTO entries (idx, data, type, time, org) VALUES (?, ?, ?, ?, ?)`,
	`INSERT INTO entry_subjects (subject, idx) VALUES (?, ?), (?, ?)`,
	`INSERT OR IGNORE INTO entry_orgs (org, idx) VALUES (?, ?)`,
	// The lot goes to the other party each time, so its row and the
	// stock totals really change.
	`UPDATE lots SET holder = iif(holder = ?1, ?2, ?1), held = held + in_transit, in_transit = 0, since = ?3 WHERE code = ?4`,
	`UPDATE handoffs SET status = 'received' WHERE id = ?`,
	`UPDATE handoff_lines SET received = quantity, condition = 'good' WHERE handoff_id = ? AND line_no = 0`,
}

func benchBareRows(b *testing.B, path, sync string) {
	ctx := context.Background()
	// temp_store=MEMORY as on the writer's connection: statement journals
	// in memory, not in a temporary file written page by page (at 1M, 16
	// of the ~49 write system calls an entry made without it).
	db, err := sql.Open("sqlite", strings.Replace(sqlite.DSN(path), "synchronous(FULL)", "synchronous("+sync+")", 1)+"&_pragma=temp_store(MEMORY)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var next int64
	var data []byte
	if err := db.QueryRowContext(ctx, `SELECT (SELECT max(idx) + 1 FROM entries), data FROM entries WHERE type = ? ORDER BY idx DESC LIMIT 1`,
		ledger.TypeHandoffReceived).Scan(&next, &data); err != nil {
		b.Fatal(err)
	}
	// The newest shipments (as the actors receive the ones just sent),
	// each with its first line's lot.
	type shipment struct {
		id, from, to int64
		lot          string
	}
	var ships []shipment
	rows, err := db.QueryContext(ctx, `SELECT h.id, h.from_org, h.to_org, l.lot FROM handoffs h JOIN handoff_lines l ON l.handoff_id = h.id AND l.line_no = 0
		ORDER BY h.id DESC LIMIT ?`, b.N)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var s shipment
		if err := rows.Scan(&s.id, &s.from, &s.to, &s.lot); err != nil {
			b.Fatal(err)
		}
		ships = append(ships, s)
	}
	rows.Close()
	if len(ships) == 0 {
		b.Fatal("no shipments in the log")
	}
	stmts := make([]*sql.Stmt, len(bareStatements))
	for i, q := range bareStatements {
		if stmts[i], err = db.PrepareContext(ctx, q); err != nil {
			b.Fatal(err)
		}
		defer stmts[i].Close()
	}
	hashStmts := map[int]*sql.Stmt{} // by row count, prepared before the transactions (one connection)
	for n := next; n < next+int64(b.N); n++ {
		count := int(tlog.StoredHashCount(n+1) - tlog.StoredHashCount(n))
		if hashStmts[count] == nil {
			if hashStmts[count], err = db.PrepareContext(ctx, `INSERT INTO hashes (id, hash) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", count), ", ")); err != nil {
				b.Fatal(err)
			}
			defer hashStmts[count].Close()
		}
	}
	b.ResetTimer()
	cpu0, io0, t0 := cpuTime(), readIO(), time.Now()
	for done := 0; done < b.N; {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for range min(64, b.N-done) {
			s, n := ships[done%len(ships)], next
			now := ledger.FormatTime(time.Now())
			exec := func(i int, args ...any) {
				if _, err := tx.StmtContext(ctx, stmts[i]).ExecContext(ctx, args...); err != nil {
					b.Fatal(err)
				}
			}
			exec(0, n, data, ledger.TypeHandoffReceived, now, s.to)
			count := int(tlog.StoredHashCount(n+1) - tlog.StoredHashCount(n))
			st := hashStmts[count]
			args := make([]any, 0, 2*count)
			base := tlog.StoredHashIndex(0, n)
			for i := range count {
				h := sha256.Sum256(binary.BigEndian.AppendUint64(nil, uint64(base)+uint64(i)))
				args = append(args, base+int64(i), h[:])
			}
			if _, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...); err != nil {
				b.Fatal(err)
			}
			exec(1, ledger.Subject(ledger.SubjectShip, fmt.Sprint(s.id)), n, ledger.Subject(ledger.SubjectLot, s.lot), n)
			exec(2, s.to, n)
			exec(3, s.from, s.to, now, s.lot)
			exec(4, s.id)
			exec(5, s.id)
			next++
			done++
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	wall, cpu, io := time.Since(t0), cpuTime()-cpu0, readIO().sub(io0)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/wall.Seconds(), "entries/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/entry")
	io.report(b, float64(b.N))
}
