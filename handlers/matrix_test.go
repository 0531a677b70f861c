package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/aidtrail/aidtrail/handlers"
	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// The authorisation matrix: every state-changing route is tried by every
// role; only the allowed ones succeed, the others get 401/403 and change
// nothing (ledger size and the row's state queries stay the same).
//
// Other areas add their routes with addMatrixRows in their own test files.

// Roles of the matrix.
const (
	roleAnonymous     = "anonymous"
	roleDonor         = "donor"          // a personal account
	roleAuditor       = "auditor"        // platform auditor
	rolePlatformAdmin = "platform-admin" // platform admin (also an auditor)
	rolePendingAdmin  = "pending-admin"  // admin of an organisation not yet verified
	roleOtherAdmin    = "other-admin"    // admin of a second verified recipient
)

// orgRole names the admin or staff of the matrix organisation of a kind,
// e.g. orgRole("admin", ledger.OrgRecipient) = "admin:recipient".
func orgRole(role, kind string) string { return role + ":" + kind }

// matrixRoles lists every role, in the order they are tried.
var matrixRoles = func() []string {
	r := []string{roleAnonymous, roleDonor}
	for _, k := range ledger.OrgKinds {
		r = append(r, orgRole(ledger.RoleAdmin, k), orgRole(ledger.RoleStaff, k))
	}
	return append(r, roleOtherAdmin, rolePendingAdmin, roleAuditor, rolePlatformAdmin)
}()

// world is one server with a member for every role.
type world struct {
	*testServer
	Members map[string]ledger.Member
	cookies map[string][]*http.Cookie // a signed-in session per role
}

// worldTemplate is built once per matrix run: creating accounts costs an
// argon2 hash each, so every row starts from a copy of one database (same
// ids, same session keys, sessions already signed in).
type worldTemplate struct {
	store *sqlite.Store
	keys  *handlers.SessionKeys
	world *world
}

func newWorldTemplate(t *testing.T) *worldTemplate {
	t.Helper()
	keys, err := handlers.NewSessionKeys()
	if err != nil {
		t.Fatal(err)
	}
	ts := newServer(t, func(c *handlers.Config) { c.SessionKeys = keys })
	s := ts.Store
	w := &world{testServer: ts, Members: map[string]ledger.Member{roleAnonymous: {}}, cookies: map[string][]*http.Cookie{}}
	w.Members[roleDonor] = sqlitetest.Donor(t, s)
	for _, k := range ledger.OrgKinds {
		admin := sqlitetest.Org(t, s, k, "Matrix "+k)
		w.Members[orgRole(ledger.RoleAdmin, k)] = admin
		w.Members[orgRole(ledger.RoleStaff, k)] = sqlitetest.User(t, s, sqlite.NewUser{Email: sqlitetest.Email("staff"), Org: admin.Org, Role: ledger.RoleStaff})
	}
	w.Members[roleOtherAdmin] = sqlitetest.Org(t, s, ledger.OrgRecipient, "Matrix other recipient")
	w.Members[rolePendingAdmin] = sqlitetest.PendingOrg(t, s, ledger.OrgRecipient, "Matrix pending")
	w.Members[roleAuditor] = sqlitetest.Auditor(t, s)
	w.Members[rolePlatformAdmin] = sqlitetest.User(t, s, sqlite.NewUser{Email: sqlitetest.Email("padmin"), Org: ledger.PlatformOrgID, Role: ledger.RoleAdmin})
	u, _ := url.Parse(ts.URL)
	for role, m := range w.Members {
		w.cookies[role] = ts.as(m).hc.Jar.Cookies(u)
	}
	return &worldTemplate{store: s, keys: keys, world: w}
}

// newWorld starts a server over a fresh copy of the template's database.
func (wt *worldTemplate) newWorld(t *testing.T) *world {
	t.Helper()
	ts := newServerOn(t, sqlitetest.Copy(t, wt.store), func(c *handlers.Config) { c.SessionKeys = wt.keys })
	return &world{testServer: ts, Members: wt.world.Members, cookies: wt.world.cookies}
}

// asRole returns a client signed in as role (anonymous has no cookie).
func (w *world) asRole(role string) *client {
	c := w.client()
	u, _ := url.Parse(w.URL)
	c.hc.Jar.SetCookies(u, w.cookies[role])
	return c
}

// matrixRow is one state-changing route.
type matrixRow struct {
	Name string
	// Prepare makes what the request acts on (fresh for each role, so an
	// allowed role's success does not spoil the next) and returns the path
	// and form to post.
	Prepare func(t *testing.T, w *world, role string) (path string, form url.Values)
	// Allowed lists the roles that may do it.
	Allowed []string
	// State lists SQL queries, each returning one value, whose results an
	// unauthorised request must not change (the ledger size is always checked).
	State []string
	// Changes says an allowed request must change the state.
	Changes bool
}

var matrixRows []matrixRow

// addMatrixRows adds rows to the matrix (call it from a var declaration in
// your area's test file).
func addMatrixRows(rows ...matrixRow) bool {
	matrixRows = append(matrixRows, rows...)
	return true
}

// rolesExcept returns every role but those given.
func rolesExcept(except ...string) []string {
	var out []string
	for _, r := range matrixRoles {
		if !slices.Contains(except, r) {
			out = append(out, r)
		}
	}
	return out
}

// stateOf returns the ledger size and the row's state query results.
func (w *world) stateOf(t *testing.T, queries []string) []string {
	t.Helper()
	out := []string{fmt.Sprint(w.Store.Latest().Size)}
	for _, q := range queries {
		var v any
		if err := w.Store.DB().QueryRowContext(context.Background(), q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, fmt.Sprint(v))
	}
	return out
}

func TestAuthorisationMatrix(t *testing.T) {
	wt := newWorldTemplate(t)
	for _, row := range matrixRows {
		t.Run(row.Name, func(t *testing.T) {
			w := wt.newWorld(t)
			for _, role := range matrixRoles {
				c := w.asRole(role)
				path, form := row.Prepare(t, w, role)
				before := w.stateOf(t, row.State)
				res := c.postForm(path, form)
				after := w.stateOf(t, row.State)
				if slices.Contains(row.Allowed, role) {
					if res.Status >= 400 {
						t.Errorf("%s: POST %s: status %d, want success: %s", role, path, res.Status, errorOf(res.Body))
					} else if row.Changes && slices.Equal(before, after) {
						t.Errorf("%s: POST %s succeeded but changed nothing", role, path)
					}
					continue
				}
				want := http.StatusForbidden
				if role == roleAnonymous {
					want = http.StatusUnauthorized
				}
				if res.Status != want {
					t.Errorf("%s: POST %s: status %d, want %d: %s", role, path, res.Status, want, errorOf(res.Body))
				}
				if !slices.Equal(before, after) {
					t.Errorf("%s: refused POST %s changed the state %v -> %v", role, path, before, after)
				}
			}
		})
	}
}

var signedInRoles = rolesExcept(roleAnonymous)

var _ = addMatrixRows(
	matrixRow{
		Name: "logout",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/logout", nil
		},
		Allowed: signedInRoles,
		State:   []string{`SELECT group_concat(sessions_after) FROM users`},
		Changes: true,
	},
	matrixRow{
		Name: "change password",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/account/password", url.Values{"old": {sqlitetest.Password}, "new": {"a new password 2020"}}
		},
		Allowed: signedInRoles,
		State:   []string{`SELECT group_concat(pw_hash) FROM users`},
		Changes: true,
	},
	matrixRow{
		Name: "sign up",
		Prepare: func(t *testing.T, w *world, role string) (string, url.Values) {
			return "/signup", url.Values{"email": {sqlitetest.Email("new")}, "password": {sqlitetest.Password}}
		},
		Allowed: matrixRoles,
		State:   []string{`SELECT count(*) FROM users`},
		Changes: true,
	},
)
