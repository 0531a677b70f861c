package ledger

import (
	"regexp"
	"slices"
)

// Pledges: a donor offers supplies (lines) or money, against a need or in
// general. The donor appears only as a pseudonymous handle (one per person,
// or per donor company), plus a display name if they chose to be named; the
// entries' actor is empty (PledgeActor), so neither a user id nor a
// company's id can unmask an anonymous pledge. The receipt's secret is in
// the entry as its SHA-256, so the donor can later prove a pledge is theirs.
const (
	TypePledgeMade      = "pledge.made"
	TypePledgeCancelled = "pledge.cancelled"
	TypePledgeHandedOn  = "pledge.handed_on"
)

func init() {
	Register(TypePledgeMade, &PledgeMade{})
	Register(TypePledgeCancelled, &PledgeCancelled{})
	Register(TypePledgeHandedOn, &PledgeHandedOn{})
}

// Pledge kinds.
const (
	PledgeGoods = "goods"
	PledgeMoney = "money"
)

// Pledge statuses. Custody sets received on the first receipt and closed
// once every line is received in full (see PledgeState.receive).
const (
	PledgeStatusPledged   = "pledged"
	PledgeStatusReceived  = "received"
	PledgeStatusClosed    = "closed"
	PledgeStatusCancelled = "cancelled"
)

// Handover methods: how the donor will hand the pledge over. A fixed list,
// so no free text (an address, a phone number) can reach the ledger.
const (
	HandoverDropOff  = "drop-off"      // the donor brings it to the warehouse
	HandoverCourier  = "courier"       // the donor sends it by courier
	HandoverPickup   = "pickup"        // a carrier collects it (details privately)
	HandoverTransfer = "bank-transfer" // money
)

// HandoverMethods lists the methods for each kind.
var HandoverMethods = map[string][]string{
	PledgeGoods: {HandoverDropOff, HandoverCourier, HandoverPickup},
	PledgeMoney: {HandoverTransfer},
}

// Limits on pledges.
const (
	MaxPledgeLines = 50
	// MaxAmountMinor caps a money pledge (10 billion in major units).
	MaxAmountMinor int64 = 1_000_000_000_000
)

// Currencies accepted for money pledges, with their minor-unit exponent.
var Currencies = map[string]int{"CNY": 2, "HKD": 2, "USD": 2, "EUR": 2, "GBP": 2, "JPY": 0}

// MayPledge reports whether m may pledge: a personal donor account, or a
// member of a verified donor company.
func (m Member) MayPledge() bool {
	return (m.SignedIn() && m.Org == 0 && m.Role == RoleDonor) || m.ActsFor(OrgDonor)
}

// PledgeActor is the actor of pledge entries: nobody, as the donor is the
// body's pseudonymous handle.
var PledgeActor = Actor{}

var donorHandle = regexp.MustCompile(`^d-[0-9a-f]{12}$`)

// IsDonorHandle reports whether s is a pseudonymous donor handle.
func IsDonorHandle(s string) bool { return donorHandle.MatchString(s) }

// PledgeLine is one line of goods pledged. NeedLine is the line number of
// the pledge's need it answers, 0 for none.
type PledgeLine struct {
	Item     string `json:"item"`
	Quantity int64  `json:"quantity"`
	Unit     string `json:"unit"`
	NeedLine int    `json:"need_line,omitempty"`
}

// PledgeMade is the body of pledge.made.
type PledgeMade struct {
	Pledge string `json:"pledge"` // the tracking code
	Donor  string `json:"donor"`  // pseudonymous handle, never an e-mail or a name
	Name   string `json:"name,omitempty"`
	Need   int64  `json:"need,omitempty"`
	// DeliverTo is the organisation that receives it: the need's recipient
	// or a verified warehouse.
	DeliverTo int64        `json:"deliver_to"`
	Kind      string       `json:"kind"`
	Lines     []PledgeLine `json:"lines,omitempty"`
	// Money: ISO 4217 code and amount in minor units (cents, fen).
	Currency     string `json:"currency,omitempty"`
	AmountMinor  int64  `json:"amount_minor,omitempty"`
	Handover     string `json:"handover"`
	Due          string `json:"due"` // YYYY-MM-DD: when it will be handed over
	SecretSHA256 string `json:"secret_sha256"`
	// BeyondNeed: the donor confirmed pledging more than a need line still needs.
	BeyondNeed bool `json:"beyond_need,omitempty"`
}

// Validate checks the pledge on its own: code, handle, kind, lines or
// amount within sensible limits, handover and due date.
func (b *PledgeMade) Validate() error {
	if c, err := NormalizeCode(b.Pledge); err != nil || c != b.Pledge {
		return Errorf(EINVALID, "bad pledge code")
	}
	switch {
	case !IsDonorHandle(b.Donor):
		return Errorf(EINVALID, "bad donor handle")
	case !sensibleText(b.Name, 0, 80):
		return Errorf(EINVALID, "the display name must be at most 80 characters").In("display_name")
	case b.Need < 0:
		return Errorf(EINVALID, "bad need id")
	case b.DeliverTo <= PlatformOrgID:
		return Errorf(EINVALID, "choose where the pledge will be delivered: the need's recipient or a verified warehouse").In("deliver_to")
	case !slices.Contains(HandoverMethods[b.Kind], b.Handover):
		return Errorf(EINVALID, "choose how it will be handed over").In("handover")
	case !validDate(b.Due):
		return Errorf(EINVALID, "the handover date must be a date (YYYY-MM-DD)").In("due")
	case !isSHA256Hex(b.SecretSHA256):
		return Errorf(EINVALID, "bad secret hash")
	}
	switch b.Kind {
	case PledgeGoods:
		if b.Currency != "" || b.AmountMinor != 0 {
			return Errorf(EINVALID, "a pledge of goods has no amount of money")
		}
		return validatePledgeLines(b.Lines, b.Need)
	case PledgeMoney:
		if len(b.Lines) > 0 {
			return Errorf(EINVALID, "a pledge of money has no lines of goods")
		}
		return CheckAmount(b.Currency, b.AmountMinor)
	}
	return Errorf(EINVALID, "choose goods or money").In("kind")
}

// CheckAmount returns EINVALID unless amount (minor units) of currency is
// positive, within MaxAmountMinor, and the currency accepted.
func CheckAmount(currency string, amount int64) error {
	if _, ok := Currencies[currency]; !ok {
		return Errorf(EINVALID, "choose a currency").In("currency")
	}
	if amount < 1 || amount > MaxAmountMinor {
		return Errorf(EINVALID, "the amount must be positive and at most %d in minor units", MaxAmountMinor).In("amount")
	}
	return nil
}

func validatePledgeLines(lines []PledgeLine, need int64) error {
	if len(lines) == 0 || len(lines) > MaxPledgeLines {
		return Errorf(EINVALID, "a pledge of goods has 1 to %d lines", MaxPledgeLines)
	}
	for i, l := range lines {
		switch {
		case !itemID.MatchString(l.Item):
			return Errorf(EINVALID, "line %d: choose an item from the catalogue", i+1).In(LineField(i+1, "item"))
		case l.Quantity < 1 || l.Quantity > MaxNeedQuantity:
			return Errorf(EINVALID, "line %d: the quantity must be between 1 and %d", i+1, MaxNeedQuantity).In(LineField(i+1, "quantity"))
		case !sensibleText(l.Unit, 1, 20):
			return Errorf(EINVALID, "unit must be 1 to 20 characters")
		case l.NeedLine < 0 || (l.NeedLine > 0 && need == 0):
			return Errorf(EINVALID, "line %d: a need line needs a need", i+1).In(LineField(i+1, "quantity"))
		case slices.ContainsFunc(lines[:i], func(o PledgeLine) bool { return o.Item == l.Item }):
			return Errorf(EINVALID, "line %d: each item is pledged on one line", i+1).In(LineField(i+1, "item"))
		}
	}
	return nil
}

// PledgeCancelled is the body of pledge.cancelled. Only the donor who made
// the pledge cancels it, and only before anything was received.
type PledgeCancelled struct {
	Pledge string `json:"pledge"`
	Donor  string `json:"donor"` // the pledge's donor handle: only its donor cancels
	Reason string `json:"reason,omitempty"`
}

// Validate checks the code, handle and reason.
func (b *PledgeCancelled) Validate() error {
	if c, err := NormalizeCode(b.Pledge); err != nil || c != b.Pledge {
		return Errorf(EINVALID, "bad pledge code")
	}
	if !IsDonorHandle(b.Donor) {
		return Errorf(EINVALID, "bad donor handle")
	}
	if !sensibleText(b.Reason, 0, 300) {
		return Errorf(EINVALID, "the reason is too long")
	}
	return nil
}

// CanCancelPledge returns ECONFLICT unless a pledge in status may be
// cancelled: only while nothing of it was received.
func CanCancelPledge(status string) error {
	switch status {
	case PledgeStatusPledged:
		return nil
	case PledgeStatusCancelled:
		return Errorf(ECONFLICT, "this pledge is already cancelled")
	}
	return Errorf(ECONFLICT, "this pledge cannot be cancelled: part of it was already received")
}

// PledgeHandedOn is the body of pledge.handed_on: the organisation a pledge
// is to be delivered to hands it on to another verified warehouse or
// recipient, which then receives it. The actor is the handing organisation.
type PledgeHandedOn struct {
	Pledge string `json:"pledge"`
	To     int64  `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// Validate checks the code, organisation and reason.
func (b *PledgeHandedOn) Validate() error {
	switch {
	case !isCode(b.Pledge):
		return Errorf(EINVALID, "bad pledge code")
	case b.To <= PlatformOrgID:
		return Errorf(EINVALID, "hand the pledge on to another verified warehouse or recipient").In("to")
	case !sensibleText(b.Reason, 0, 300):
		return Errorf(EINVALID, "the reason is too long").In("reason")
	}
	return nil
}
