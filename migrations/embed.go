// Package migrations holds the numbered SQL files that build the database,
// applied in order by ledger/sqlite and tracked in PRAGMA user_version.
package migrations

import "embed"

// FS holds every NNNN_name.sql file.
//
//go:embed *.sql
var FS embed.FS
