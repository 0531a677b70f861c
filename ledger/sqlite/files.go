package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// MaxFileSize bounds an evidence file.
const MaxFileSize = 10 << 20

// storeFile keeps an evidence file content-addressed and returns its SHA-256.
func (tx *Tx) storeFile(f File, org int64, public bool) (string, error) {
	if len(f.Data) == 0 || len(f.Data) > MaxFileSize {
		return "", ledger.Errorf(ledger.EINVALID, "the file must be between 1 byte and 10 MB")
	}
	if !ledger.SensibleText(f.Name, 1, 200) {
		f.Name = "evidence"
	}
	sum := sha256.Sum256(f.Data)
	h := hex.EncodeToString(sum[:])
	var orgID any
	if org > 0 {
		orgID = org
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO files (sha256, name, type, data, public, org_id, created) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO UPDATE SET public = max(public, excluded.public)`, h, f.Name, f.Type, f.Data, public, orgID, ledger.FormatTime(tx.now)); err != nil {
		return "", fmt.Errorf("storing file: %w", err)
	}
	return h, nil
}

// StoredFile is a file with who may see it.
type StoredFile struct {
	File
	SHA256 string
	Public bool
	Org    int64
}

// FileBySHA256 returns a stored file. Callers check who may see a private
// one. Returns ENOTFOUND if there is none.
func (s *Store) FileBySHA256(ctx context.Context, sum string) (*StoredFile, error) {
	var f StoredFile
	var org sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT sha256, name, type, data, public, org_id FROM files WHERE sha256 = ?`, sum).
		Scan(&f.SHA256, &f.Name, &f.Type, &f.Data, &f.Public, &org)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no such file")
	} else if err != nil {
		return nil, fmt.Errorf("reading file: %w", err)
	}
	f.Org = org.Int64
	return &f, nil
}
