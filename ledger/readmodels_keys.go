package ledger

// MemberKeys is what the account page shows of keys.
type MemberKeys struct {
	Own     []*PartyKey // m's keys, revoked ones included
	Pending []*PartyKey // for an admin: others' keys waiting for approval
	Org     *OrgKeys
}

// OrgKeys is an organisation's keys and policy as its public page shows them.
type OrgKeys struct {
	Active            []*PartyKey
	RequireSignatures bool
	PolicyEntry       int64 // -1 if never set
}

// PartyKey is a key as the account page and the organisation page show it.
type PartyKey struct {
	Key
	CredentialID string // base64url, for the browser's allowCredentials
}

// Fingerprint is how people compare the key.
func (k *PartyKey) Fingerprint() string { return k.KeyEnrolled.Fingerprint() }
