package ledger

import (
	"encoding/hex"
	"slices"
)

// Entry types of organisations.
const (
	TypeOrgRegistered = "org.registered"
)

func init() { Register(TypeOrgRegistered, &OrgRegistered{}) }

// OrgRegistered is the body of org.registered: the public facts of an
// organisation. Its contact details stay private (not in the ledger); the
// evidence file is represented by its SHA-256 only.
type OrgRegistered struct {
	Org            int64  `json:"org"`
	Kind           string `json:"kind"`
	Name           string `json:"name"`
	RegistrationNo string `json:"registration_no"`
	EvidenceSHA256 string `json:"evidence_sha256,omitempty"`
}

// Validate checks the organisation's kind, name and evidence hash.
func (b *OrgRegistered) Validate() error {
	switch {
	case b.Org <= PlatformOrgID:
		return Errorf(EINVALID, "bad organisation id")
	case !slices.Contains(OrgKinds, b.Kind):
		return Errorf(EINVALID, "choose the kind of organisation").In("kind")
	case !sensibleText(b.Name, 2, 120):
		return Errorf(EINVALID, "the organisation's name must be 2 to 120 characters").In("name")
	case !sensibleText(b.RegistrationNo, 2, 60):
		return Errorf(EINVALID, "the registration number must be 2 to 60 characters").In("registration_no")
	case b.EvidenceSHA256 != "" && !isSHA256Hex(b.EvidenceSHA256):
		return Errorf(EINVALID, "bad evidence hash")
	}
	return nil
}

func isSHA256Hex(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == 32 && hex.EncodeToString(b) == s
}

// SensibleText reports whether s is trimmed, valid UTF-8 of min to max
// characters without control characters; forms use it for free text.
func SensibleText(s string, minLen, maxLen int) bool { return sensibleText(s, minLen, maxLen) }
