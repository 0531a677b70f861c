package ledger

// Organisation kinds.
const (
	OrgPlatform  = "platform"
	OrgDonor     = "donor"     // a donor company
	OrgLogistics = "logistics" // a carrier
	OrgWarehouse = "warehouse" // a warehouse or distribution centre
	OrgRecipient = "recipient" // a hospital or community
)

// OrgKinds are the kinds anyone may register (the platform exists once).
var OrgKinds = []string{OrgDonor, OrgLogistics, OrgWarehouse, OrgRecipient}

// Organisation verification statuses.
const (
	OrgPending  = "pending"
	OrgVerified = "verified"
	OrgRejected = "rejected"
)

// Roles. Members of an organisation are its admin or staff; members of the
// platform organisation are auditors or platform admins; a personal donor
// has no organisation.
const (
	RoleAdmin   = "admin"
	RoleStaff   = "staff"
	RoleAuditor = "auditor"
	RoleDonor   = "donor"
)

// PlatformOrgID is the platform's own organisation (created by migration).
const PlatformOrgID = 1

// Member is who is acting, as the server knows after authentication.
type Member struct {
	User      int64
	Org       int64 // 0 for a personal donor
	OrgKind   string
	OrgStatus string
	Role      string
}

// Actor is how the member appears in the ledger: pseudonymous ids only.
func (m Member) Actor() Actor { return Actor{Org: m.Org, User: m.User} }

// SignedIn reports whether m is an authenticated user.
func (m Member) SignedIn() bool { return m.User > 0 }

// IsAuditor reports whether m may review submissions.
func (m Member) IsAuditor() bool {
	return m.Org == PlatformOrgID && (m.Role == RoleAuditor || m.Role == RoleAdmin)
}

// IsPlatformAdmin reports whether m administers the platform.
func (m Member) IsPlatformAdmin() bool { return m.Org == PlatformOrgID && m.Role == RoleAdmin }

// ActsFor reports whether m is a member of a verified organisation of one
// of the given kinds: only verified organisations handle goods and money.
func (m Member) ActsFor(kinds ...string) bool {
	if !m.SignedIn() || m.Org == 0 || m.OrgStatus != OrgVerified {
		return false
	}
	for _, k := range kinds {
		if m.OrgKind == k {
			return true
		}
	}
	return false
}

// Custodian reports whether m may hold and act on lots (goods and money):
// a member of a verified warehouse or recipient.
func (m Member) Custodian() bool { return m.ActsFor(OrgWarehouse, OrgRecipient) }

// IsOrgAdmin reports whether m administers its (non-platform) organisation.
func (m Member) IsOrgAdmin() bool { return m.Org > 0 && m.Org != PlatformOrgID && m.Role == RoleAdmin }

// Require returns EUNAUTHORIZED if m is not signed in, else EFORBIDDEN
// unless ok.
func (m Member) Require(ok bool) error {
	if !m.SignedIn() {
		return Errorf(EUNAUTHORIZED, "please sign in first")
	}
	if !ok {
		return Errorf(EFORBIDDEN, "your account is not allowed to do this")
	}
	return nil
}

// MaySeePrivate reports whether m may see an organisation's private data
// (contact, evidence files): auditors, and the organisation's own members.
func (m Member) MaySeePrivate(org int64) bool {
	return m.IsAuditor() || (m.SignedIn() && org != 0 && m.Org == org)
}
