package ledger

// Org is an organisation as the store keeps it. Contact and the evidence
// file are private.
type Org struct {
	ID             int64
	Kind           string
	Name           string
	RegistrationNo string
	Contact        string // private
	EvidenceSHA256 string
	Status         string
	StatusReason   string
	RegisteredBy   int64
	Entry          int64
}
