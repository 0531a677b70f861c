package ledger

import (
	"slices"
	"time"
)

// Entry types of lots: a quantity of one item with a code, from its first
// receipt to its final use. Handoffs between organisations are in handoffs.go;
// the rules that tie them together are in custody.go.
const (
	TypeLotReceived   = "lot.received"
	TypeLotSplit      = "lot.split"
	TypeLotPacked     = "lot.packed"
	TypeLotUnpacked   = "lot.unpacked"
	TypeLotUsed       = "lot.used"
	TypeLotWrittenOff = "lot.written_off"
)

func init() {
	Register(TypeLotReceived, &LotReceived{})
	Register(TypeLotSplit, &LotSplit{})
	Register(TypeLotPacked, &LotPacked{})
	Register(TypeLotUnpacked, &LotUnpacked{})
	Register(TypeLotUsed, &LotUsed{})
	Register(TypeLotWrittenOff, &LotWrittenOff{})
}

// MaxQuantity bounds every quantity, so sums of a few thousand lines never
// overflow an int64.
const MaxQuantity = 1_000_000_000_000

// Lot conditions, as recorded at receipt.
const (
	ConditionGood        = "good"
	ConditionDamaged     = "damaged"
	ConditionSubstandard = "substandard" // fails its standard or lacks its certificate
)

// Conditions are the conditions a lot can be recorded in.
var Conditions = []string{ConditionGood, ConditionDamaged, ConditionSubstandard}

// Write-off causes.
const (
	CauseLoss        = "loss"
	CauseDamage      = "damage"
	CauseExpiry      = "expiry"
	CauseDestruction = "destruction"
)

// WriteOffCauses are the causes a write-off can give.
var WriteOffCauses = []string{CauseLoss, CauseDamage, CauseExpiry, CauseDestruction}

// NewLot is one lot recorded at the first receipt of a pledged delivery.
// Quantity is in the item's unit, which Unit repeats so that an entry reads
// on its own.
type NewLot struct {
	Code      string `json:"code"`
	Item      string `json:"item"`
	Spec      string `json:"spec,omitempty"`
	Quantity  int64  `json:"quantity"`
	Unit      string `json:"unit"`
	Batch     string `json:"batch,omitempty"`
	GTIN      string `json:"gtin,omitempty"`   // from the manufacturer's GS1 barcode
	Expiry    string `json:"expiry,omitempty"` // YYYY-MM-DD
	Condition string `json:"condition"`
}

// LotReceived is the body of lot.received: the first custodian received a
// pledged delivery and recorded it as lots. Its subjects are the pledge and
// the new lots.
type LotReceived struct {
	Pledge string   `json:"pledge"`
	Lots   []NewLot `json:"lots"`
	// OverDelivery is the receiver's note when more arrived than pledged;
	// without it nothing beyond the pledge is received.
	OverDelivery string `json:"over_delivery,omitempty"`
}

// Validate checks the pledge code and every lot on its own.
func (b *LotReceived) Validate() error {
	if !isCode(b.Pledge) {
		return Errorf(EINVALID, "bad pledge code")
	}
	if len(b.Lots) == 0 || len(b.Lots) > 100 {
		return Errorf(EINVALID, "record 1 to 100 lots")
	}
	if !sensibleText(b.OverDelivery, 0, 300) {
		return Errorf(EINVALID, "the note on the over-delivery must be at most 300 characters")
	}
	var codes []string
	for _, l := range b.Lots {
		if err := l.validate(); err != nil {
			return err
		}
		codes = append(codes, l.Code)
	}
	return distinctCodes(append(codes, b.Pledge))
}

func (l *NewLot) validate() error {
	switch {
	case !isCode(l.Code):
		return Errorf(EINVALID, "bad lot code")
	case !itemID.MatchString(l.Item):
		return Errorf(EINVALID, "choose an item")
	case !checkQuantity(l.Quantity):
		return errQuantity()
	case !sensibleText(l.Unit, 1, 20):
		return Errorf(EINVALID, "unit must be 1 to 20 characters")
	case !sensibleText(l.Spec, 0, 100) || !sensibleText(l.Batch, 0, 60):
		return Errorf(EINVALID, "the spec must be at most 100 and the batch at most 60 characters")
	case l.GTIN != "" && !ValidGTIN(l.GTIN):
		return Errorf(EINVALID, "the GTIN must be 14 digits ending in its check digit")
	case l.Expiry != "" && !isDate(l.Expiry):
		return Errorf(EINVALID, "the expiry date must be YYYY-MM-DD")
	case !slices.Contains(Conditions, l.Condition):
		return Errorf(EINVALID, "choose the condition")
	}
	return nil
}

// ChildLot is a new lot split off a parent.
type ChildLot struct {
	Code     string `json:"code"`
	Quantity int64  `json:"quantity"`
}

// LotSplit is the body of lot.split: children split off a lot; they keep its
// item, spec, batch, expiry and origin. Subjects: the lot and its children.
type LotSplit struct {
	Lot      string     `json:"lot"`
	Children []ChildLot `json:"children"`
}

// Validate checks the codes and quantities.
func (b *LotSplit) Validate() error {
	if !isCode(b.Lot) {
		return Errorf(EINVALID, "bad lot code")
	}
	if len(b.Children) == 0 || len(b.Children) > 100 {
		return Errorf(EINVALID, "split into 1 to 100 lots")
	}
	codes := []string{b.Lot}
	for _, c := range b.Children {
		if !isCode(c.Code) {
			return Errorf(EINVALID, "bad lot code")
		}
		if !checkQuantity(c.Quantity) {
			return errQuantity()
		}
		codes = append(codes, c.Code)
	}
	return distinctCodes(codes)
}

// LotPacked is the body of lot.packed: whole lots put into a new parent lot
// (a box, a pallet), which then moves as one. Subjects: the pack and the lots.
type LotPacked struct {
	Pack        string   `json:"pack"`
	Description string   `json:"description"`
	Lots        []string `json:"lots"`
}

// Validate checks the codes and the description.
func (b *LotPacked) Validate() error {
	if !isCode(b.Pack) {
		return Errorf(EINVALID, "bad lot code")
	}
	if !sensibleText(b.Description, 1, 100) {
		return Errorf(EINVALID, "describe the pack (1 to 100 characters)")
	}
	if len(b.Lots) == 0 || len(b.Lots) > 200 {
		return Errorf(EINVALID, "pack 1 to 200 lots")
	}
	for _, c := range b.Lots {
		if !isCode(c) {
			return Errorf(EINVALID, "bad lot code")
		}
	}
	return distinctCodes(append([]string{b.Pack}, b.Lots...))
}

// LotUnpacked is the body of lot.unpacked: a pack is opened and its lots are
// loose again at its holder. Subjects: the pack and its lots.
type LotUnpacked struct {
	Pack string `json:"pack"`
}

// Validate checks the code.
func (b *LotUnpacked) Validate() error {
	if !isCode(b.Pack) {
		return Errorf(EINVALID, "bad lot code")
	}
	return nil
}

// LotUsed is the body of lot.used: a recipient distributed or consumed part
// of a lot. Subject: the lot.
type LotUsed struct {
	Lot      string `json:"lot"`
	Quantity int64  `json:"quantity"`
	Use      string `json:"use"`  // department or use, e.g. "ICU ward 3"
	Date     string `json:"date"` // YYYY-MM-DD
}

// Validate checks the quantity, use and date.
func (b *LotUsed) Validate() error {
	switch {
	case !isCode(b.Lot):
		return Errorf(EINVALID, "bad lot code")
	case !checkQuantity(b.Quantity):
		return errQuantity()
	case !sensibleText(b.Use, 2, 100):
		return Errorf(EINVALID, "name the department or use (2 to 100 characters)")
	case !isDate(b.Date):
		return Errorf(EINVALID, "the date must be YYYY-MM-DD")
	}
	return nil
}

// LotWrittenOff is the body of lot.written_off: the custodian records a loss,
// damage, expiry or destruction. Subject: the lot.
type LotWrittenOff struct {
	Lot      string `json:"lot"`
	Quantity int64  `json:"quantity"`
	Cause    string `json:"cause"`
	Reason   string `json:"reason"`
}

// Validate checks the quantity, cause and reason.
func (b *LotWrittenOff) Validate() error {
	switch {
	case !isCode(b.Lot):
		return Errorf(EINVALID, "bad lot code")
	case !checkQuantity(b.Quantity):
		return errQuantity()
	case !slices.Contains(WriteOffCauses, b.Cause):
		return Errorf(EINVALID, "choose the cause")
	case !sensibleText(b.Reason, 2, 500):
		return Errorf(EINVALID, "give a reason (2 to 500 characters)").In("reason")
	}
	return nil
}

func isCode(s string) bool {
	c, err := NormalizeCode(s)
	return err == nil && c == s
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func checkQuantity(q int64) bool { return q > 0 && q <= MaxQuantity }

func errQuantity() error {
	return Errorf(EINVALID, "a quantity must be a whole number from 1 to %d", int64(MaxQuantity))
}

func distinctCodes(codes []string) error {
	for i, c := range codes {
		if slices.Contains(codes[:i], c) {
			return Errorf(EINVALID, "the code %s is used twice", c)
		}
	}
	return nil
}
