package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aidtrail/aidtrail/ledger"
)

// NewUser is an account to create.
type NewUser struct {
	Email    string
	Password string
	// PasswordHash, instead of Password, is a hash HashPassword made: the
	// simulation hashes its cast's one public password once for all.
	PasswordHash string
	DisplayName  string // private; shown only to the user and auditors
	Org          int64  // 0 for a personal donor
	Role         string
}

// CheckPasswordRules returns EINVALID unless pw is an acceptable password.
func CheckPasswordRules(pw string) error {
	if n := utf8.RuneCountInString(pw); n < 10 || n > 200 {
		return ledger.Errorf(ledger.EINVALID, "the password must be 10 to 200 characters").In("password")
	}
	return nil
}

func normaliseEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 {
		return "", ledger.Errorf(ledger.EINVALID, "enter a valid e-mail address").In("email")
	}
	return strings.ToLower(email), nil
}

// CreateUser creates an account (no ledger entry: accounts are personal
// data). Returns ECONFLICT if the e-mail is taken.
func (s *Store) CreateUser(ctx context.Context, u NewUser) (int64, error) {
	switch {
	case u.Org == 0 && u.Role == ledger.RoleDonor:
	case u.Org == ledger.PlatformOrgID && (u.Role == ledger.RoleAuditor || u.Role == ledger.RoleAdmin):
	case u.Org > ledger.PlatformOrgID && (u.Role == ledger.RoleAdmin || u.Role == ledger.RoleStaff):
	default:
		return 0, ledger.Errorf(ledger.EINVALID, "bad role for this organisation")
	}
	email, hash, err := checkNewUser(u)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.write(ctx, func(tx *Tx) error {
		id, err = tx.createUser(email, hash, u)
		return err
	})
	return id, err
}

// checkNewUser validates a new account and hashes its password.
func checkNewUser(u NewUser) (email, hash string, err error) {
	if email, err = normaliseEmail(u.Email); err != nil {
		return "", "", err
	}
	if !ledger.SensibleText(u.DisplayName, 0, 80) {
		return "", "", ledger.Errorf(ledger.EINVALID, "the name must be at most 80 characters")
	}
	if u.PasswordHash != "" {
		if u.Password != "" || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
			return "", "", ledger.Errorf(ledger.EINVALID, "give a password or its argon2id hash, not both")
		}
		return email, u.PasswordHash, nil
	}
	if err := CheckPasswordRules(u.Password); err != nil {
		return "", "", err
	}
	hash, err = HashPassword(u.Password)
	return email, hash, err
}

func (tx *Tx) createUser(email, hash string, u NewUser) (int64, error) {
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM users WHERE email = ?`, email).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, ledger.Errorf(ledger.ECONFLICT, "an account with this e-mail already exists")
	}
	var org any
	if u.Org > 0 {
		org = u.Org
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO users (email, pw_hash, display_name, org_id, role, created) VALUES (?, ?, ?, ?, ?, ?)`,
		email, hash, u.DisplayName, org, u.Role, ledger.FormatTime(tx.now))
	if err != nil {
		return 0, fmt.Errorf("creating user: %w", err)
	}
	return res.LastInsertId()
}

// Authenticate returns the member for an e-mail and password. Returns
// EUNAUTHORIZED, with the same message and timing, for an unknown e-mail
// or a wrong password.
func (s *Store) Authenticate(ctx context.Context, email, password string) (ledger.Member, error) {
	bad := ledger.Errorf(ledger.EUNAUTHORIZED, "wrong e-mail or password")
	email, err := normaliseEmail(email)
	if err != nil {
		CheckPassword(dummyHash, password)
		return ledger.Member{}, bad
	}
	var id int64
	var hash string
	err = s.db.QueryRowContext(ctx, `SELECT id, pw_hash FROM users WHERE email = ? AND removed = 0`, email).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		CheckPassword(dummyHash, password)
		return ledger.Member{}, bad
	} else if err != nil {
		return ledger.Member{}, err
	}
	if !CheckPassword(hash, password) {
		return ledger.Member{}, bad
	}
	return s.Member(ctx, id)
}

// MemberByEmail returns the member with this e-mail without asking for a
// password: for tools that hold the database already (the simulation signs
// in its cast with it), never for a request. Returns EUNAUTHORIZED for an
// unknown or removed account.
func (s *Store) MemberByEmail(ctx context.Context, email string) (ledger.Member, error) {
	email, err := normaliseEmail(email)
	if err != nil {
		return ledger.Member{}, err
	}
	var id int64
	err = s.db.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ? AND removed = 0`, email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.Member{}, ledger.Errorf(ledger.EUNAUTHORIZED, "no account %s", email)
	} else if err != nil {
		return ledger.Member{}, err
	}
	return s.Member(ctx, id)
}

// Member returns who user id is now: organisation, its kind and status, and
// role. Returns EUNAUTHORIZED for an unknown or removed user, so a session
// of a removed member stops working at once.
func (s *Store) Member(ctx context.Context, userID int64) (ledger.Member, error) {
	return memberOf(ctx, s.db, userID)
}

func memberOf(ctx context.Context, q queryer, userID int64) (ledger.Member, error) {
	m := ledger.Member{User: userID}
	var org sql.NullInt64
	var kind, status sql.NullString
	err := q.QueryRowContext(ctx, `SELECT u.org_id, u.role, o.kind, o.status FROM users u LEFT JOIN orgs o ON o.id = u.org_id
		WHERE u.id = ? AND u.removed = 0`, userID).Scan(&org, &m.Role, &kind, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.Member{}, errSessionExpired()
	} else if err != nil {
		return ledger.Member{}, fmt.Errorf("reading member: %w", err)
	}
	m.Org, m.OrgKind, m.OrgStatus = org.Int64, kind.String, status.String
	return m, nil
}

// ChangePassword sets a new password after checking the old one.
func (s *Store) ChangePassword(ctx context.Context, m ledger.Member, old, new string) error {
	if err := m.Require(true); err != nil {
		return err
	}
	var hash string
	if err := s.db.QueryRowContext(ctx, `SELECT pw_hash FROM users WHERE id = ?`, m.User).Scan(&hash); err != nil {
		return fmt.Errorf("reading user: %w", err)
	}
	if !CheckPassword(hash, old) {
		return ledger.Errorf(ledger.EINVALID, "the current password is wrong")
	}
	if err := CheckPasswordRules(new); err != nil {
		return err
	}
	nh, err := HashPassword(new)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(tx.ctx, `UPDATE users SET pw_hash = ?, sessions_after = ? WHERE id = ?`, nh, tx.now.UnixNano(), m.User)
		return err
	})
}

// SessionMember returns the member behind a session issued at issued.
// Returns EUNAUTHORIZED if the user is gone or their sessions were ended
// after it was issued (logout, password change, removal).
func (s *Store) SessionMember(ctx context.Context, userID int64, issued time.Time) (ledger.Member, error) {
	var after int64
	err := s.db.QueryRowContext(ctx, `SELECT sessions_after FROM users WHERE id = ? AND removed = 0`, userID).Scan(&after)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && issued.UnixNano() < after) {
		return ledger.Member{}, errSessionExpired()
	} else if err != nil {
		return ledger.Member{}, fmt.Errorf("reading session: %w", err)
	}
	return s.Member(ctx, userID)
}

func errSessionExpired() error {
	return ledger.Errorf(ledger.EUNAUTHORIZED, "your session has expired; please sign in again")
}

// EndSessions voids every session m holds (logout everywhere).
func (s *Store) EndSessions(ctx context.Context, m ledger.Member) error {
	if err := m.Require(true); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error { return tx.endSessions(m.User) })
}

func (tx *Tx) endSessions(user int64) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE users SET sessions_after = ? WHERE id = ?`, tx.now.UnixNano(), user)
	return err
}

// Account is what a user sees of their own account.
type Account struct {
	Email       string
	DisplayName string
	Member      ledger.Member
	Org         *ledger.Org // nil for a personal account
}

// Account returns m's own account. Returns EUNAUTHORIZED if m is not signed in.
func (s *Store) Account(ctx context.Context, m ledger.Member) (*Account, error) {
	if err := m.Require(true); err != nil {
		return nil, err
	}
	a := &Account{Member: m}
	if err := s.db.QueryRowContext(ctx, `SELECT email, display_name FROM users WHERE id = ?`, m.User).Scan(&a.Email, &a.DisplayName); err != nil {
		return nil, fmt.Errorf("reading account: %w", err)
	}
	if m.Org != 0 {
		o, err := s.Org(ctx, m.Org)
		if err != nil {
			return nil, err
		}
		a.Org = o
	}
	return a, nil
}
