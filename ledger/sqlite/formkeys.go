package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// Every form that creates or changes something carries a one-time key. The
// write it asks for claims the key in its own transaction, so the form is
// applied once however often it is sent (a reload, the back button, a
// double tap); the handler then notes the page of what it made against the
// key (FormMade), and a replay of the key is answered with that page
// (Replayed) instead of an error.

// NewNonce returns a one-time form key (ledger.NewFormKey).
func NewNonce() string { return ledger.NewFormKey() }

type formKeyCtx struct{}

// WithFormKey returns ctx carrying a form's one-time key: the store's
// write in ctx claims it before anything else, and fails with *Replayed
// if it was claimed before. Custody and money writes take their key as an
// argument instead.
func WithFormKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, formKeyCtx{}, key)
}

func formKeyOf(ctx context.Context) string {
	k, _ := ctx.Value(formKeyCtx{}).(string)
	return k
}

// ResendWindow is how long a form's content is remembered: the same form
// sent again with a new key within it is asked about (Resent).
const ResendWindow = 15 * time.Minute

type formContentCtx struct{}

type formContent struct {
	hash  string
	again bool
}

// WithFormContent returns ctx carrying a hash of a form's content (who
// sent it, where, and every field but its key). The write in ctx that
// claims a key notes it; if the same content was sent with another key
// within ResendWindow, the write fails with *Resent instead, unless again
// (the sender confirmed they mean a second one). A form the back button
// re-fetched has a new key, so only its content tells it from a new form.
func WithFormContent(ctx context.Context, hash string, again bool) context.Context {
	return context.WithValue(ctx, formContentCtx{}, formContent{hash, again})
}

// Resent is the error of a form sent with a new key but the same content
// as one sent At, within ResendWindow, by the same member: most likely
// the back button and a second submit, not a second donation. Made is the
// page the first submission led to ("" if not noted). It is an ECONFLICT.
type Resent struct {
	Made string
	At   time.Time
}

var errResent = ledger.Errorf(ledger.ECONFLICT, "you sent this same form a moment ago; it was applied once")

func (e *Resent) Error() string { return errResent.Error() }
func (e *Resent) Unwrap() error { return errResent }

// Replayed is the error of a write whose form key was used before. Made
// is the page its first submission led to ("" while that is not noted
// yet). It is an ECONFLICT.
type Replayed struct {
	Made string
}

var errReplayed = ledger.Errorf(ledger.ECONFLICT, "this form was already submitted; it was applied once")

func (e *Replayed) Error() string { return errReplayed.Error() }
func (e *Replayed) Unwrap() error { return errReplayed }

// useNonce claims a form's one-time key in the write's transaction (once
// per write: claiming the write's own key again is a no-op).
func (tx *Tx) useNonce(nonce string) error {
	if nonce == tx.key {
		return nil
	}
	if len(nonce) < 16 || len(nonce) > 64 {
		return ledger.Errorf(ledger.EINVALID, "this form has expired; reload the page and try again")
	}
	fc, _ := tx.ctx.Value(formContentCtx{}).(formContent)
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO form_nonces (nonce, used, content) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, nonce, ledger.FormatTime(tx.now), fc.hash)
	if err != nil {
		return fmt.Errorf("recording form nonce: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var made string
		if err := tx.QueryRowContext(tx.ctx, `SELECT made FROM form_nonces WHERE nonce = ?`, nonce).Scan(&made); err != nil {
			return fmt.Errorf("reading form nonce: %w", err)
		}
		return &Replayed{Made: made}
	}
	if tx.key == "" {
		tx.key = nonce
	}
	return nil
}

// checkResent fails with *Resent if the write's form content (see
// WithFormContent) was sent with another key within ResendWindow. It runs
// after the write, so a form the store refuses anyway gets that refusal.
func (tx *Tx) checkResent(nonce string) error {
	fc, _ := tx.ctx.Value(formContentCtx{}).(formContent)
	if fc.hash == "" || fc.again {
		return nil
	}
	var made, used string
	err := tx.QueryRowContext(tx.ctx, `SELECT made, used FROM form_nonces WHERE content = ? AND used >= ? AND nonce != ? ORDER BY used DESC LIMIT 1`,
		fc.hash, ledger.FormatTime(tx.now.Add(-ResendWindow)), nonce).Scan(&made, &used)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("reading form content: %w", err)
	}
	at, _ := time.Parse(ledger.TimeFormat, used)
	return &Resent{Made: made, At: at}
}

// FormMade notes page as where the submission with key led, once.
func (s *Store) FormMade(ctx context.Context, key, page string) error {
	return s.write(WithFormKey(ctx, ""), func(tx *Tx) error {
		_, err := tx.ExecContext(tx.ctx, `UPDATE form_nonces SET made = ? WHERE nonce = ? AND made = ''`, page, key)
		return err
	})
}

// FormPage returns the page noted for key, or "" if none is yet.
func (s *Store) FormPage(ctx context.Context, key string) (string, error) {
	var made string
	err := s.db.QueryRowContext(ctx, `SELECT made FROM form_nonces WHERE nonce = ?`, key).Scan(&made)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return made, err
}
