package ledger

import "time"

// Needs: a verified recipient organisation asks for supplies. A need is
// submitted (need.submitted), reviewed by auditors (review.decided, four-eyes
// above the store's threshold), published on final approval, later updated
// (need.updated: supersedes the lines; both entries stay in the ledger) or
// closed with a reason (need.closed).
const (
	TypeNeedSubmitted = "need.submitted"
	TypeNeedUpdated   = "need.updated"
	TypeNeedClosed    = "need.closed"
)

func init() {
	Register(TypeNeedSubmitted, &NeedSubmitted{})
	Register(TypeNeedUpdated, &NeedUpdated{})
	Register(TypeNeedClosed, &NeedClosed{})
}

// Need statuses. Drafts are private rows, never in the ledger.
const (
	NeedStatusDraft     = "draft"
	NeedStatusSubmitted = "submitted"
	NeedStatusPublished = "published"
	NeedStatusRejected  = "rejected"
	NeedStatusClosed    = "closed"
)

// Urgencies, most urgent first.
const (
	UrgencyCritical = "critical"
	UrgencyHigh     = "high"
	UrgencyNormal   = "normal"
)

// Urgencies lists the urgencies, most urgent first.
var Urgencies = []string{UrgencyCritical, UrgencyHigh, UrgencyNormal}

// UrgencyRank orders urgencies: 0 is the most urgent; unknown sorts last.
func UrgencyRank(u string) int {
	for i, x := range Urgencies {
		if x == u {
			return i
		}
	}
	return len(Urgencies)
}

// Limits that catch typos and absurd figures (a line of a trillion masks).
const (
	MaxNeedQuantity = 100_000_000 // per line, in the item's unit
	MaxNeedLines    = 50
	DateFormat      = "2006-01-02"
	maxDeadlineYr   = 2
)

// NeedLine is one line of a need. Line numbers are stable: an update
// restates lines by number, and pledges point at (need, line).
type NeedLine struct {
	Line     int    `json:"line"`
	Item     string `json:"item"`
	Spec     string `json:"spec,omitempty"` // specification or standard asked for
	Quantity int64  `json:"quantity"`
	Unit     string `json:"unit"` // the item's unit, copied so the entry reads on its own
	Urgency  string `json:"urgency"`
	Deadline string `json:"deadline"` // YYYY-MM-DD
	// Place is the delivery city and district: public, so never the street
	// address of a person.
	Place string `json:"place"`
	Notes string `json:"notes,omitempty"`
}

// field names the need form's input k of this line.
func (l *NeedLine) field(k string) string { return LineField(l.Line, k) }

// Validate checks one line on its own.
func (l *NeedLine) Validate() error {
	switch {
	case l.Line < 1 || l.Line > MaxNeedLines:
		return Errorf(EINVALID, "bad line number %d", l.Line)
	case !itemID.MatchString(l.Item):
		return Errorf(EINVALID, "line %d: choose an item from the catalogue", l.Line).In(l.field("item"))
	case l.Quantity < 1 || l.Quantity > MaxNeedQuantity:
		return Errorf(EINVALID, "line %d: the quantity must be between 1 and %d", l.Line, MaxNeedQuantity).In(l.field("quantity"))
	case !sensibleText(l.Unit, 1, 20):
		return Errorf(EINVALID, "unit must be 1 to 20 characters")
	case UrgencyRank(l.Urgency) == len(Urgencies):
		return Errorf(EINVALID, "line %d: choose an urgency", l.Line).In(l.field("urgency"))
	case !validDate(l.Deadline):
		return Errorf(EINVALID, "line %d: the deadline must be a date (YYYY-MM-DD)", l.Line).In(l.field("deadline"))
	case !sensibleText(l.Place, 2, 80):
		return Errorf(EINVALID, "line %d: the delivery place (city and district) must be 2 to 80 characters", l.Line).In(l.field("place"))
	case !sensibleText(l.Spec, 0, 120):
		return Errorf(EINVALID, "line %d: the specification is too long", l.Line).In(l.field("spec"))
	case !sensibleText(l.Notes, 0, 300):
		return Errorf(EINVALID, "line %d: the notes are too long", l.Line).In(l.field("notes"))
	}
	return nil
}

func validDate(s string) bool {
	_, err := time.Parse(DateFormat, s)
	return err == nil
}

// CheckDeadline returns EINVALID unless the date is today or later and
// within two years of now: a past or far-off deadline is a typo.
func CheckDeadline(date string, now time.Time) error {
	d, err := time.Parse(DateFormat, date)
	today := now.UTC().Truncate(24 * time.Hour)
	if err != nil || d.Before(today) || d.After(today.AddDate(maxDeadlineYr, 0, 0)) {
		return Errorf(EINVALID, "the date %s must be between today and two years from now", date)
	}
	return nil
}

// validateNeedLines checks a list of lines: 1..MaxNeedLines, each valid,
// numbers unique.
func validateNeedLines(lines []NeedLine) error {
	if len(lines) == 0 || len(lines) > MaxNeedLines {
		return Errorf(EINVALID, "a need has 1 to %d lines", MaxNeedLines)
	}
	seen := map[int]bool{}
	for i := range lines {
		if err := lines[i].Validate(); err != nil {
			return err
		}
		if seen[lines[i].Line] {
			return Errorf(EINVALID, "line %d is listed twice", lines[i].Line)
		}
		seen[lines[i].Line] = true
	}
	return nil
}

// TotalQuantity is the sum of the lines' quantities (for the four-eyes threshold).
func TotalQuantity(lines []NeedLine) int64 {
	var n int64
	for _, l := range lines {
		n += l.Quantity
	}
	return n
}

// NeedSubmitted is the body of need.submitted: the need's lines as sent
// for review. The recipient organisation is the entry's actor.
type NeedSubmitted struct {
	Need  int64  `json:"need"`
	Title string `json:"title"`
	// Approvals is how many auditors must approve: 1, or 2 (four-eyes)
	// when the total quantity reaches the platform's review threshold.
	Approvals int        `json:"approvals"`
	Lines     []NeedLine `json:"lines"`
}

// Validate checks the need's id, title and lines.
func (b *NeedSubmitted) Validate() error {
	switch {
	case b.Need < 1:
		return Errorf(EINVALID, "bad need id")
	case !sensibleText(b.Title, 2, 120):
		return Errorf(EINVALID, "the title must be 2 to 120 characters").In("title")
	case b.Approvals != 1 && b.Approvals != 2:
		return Errorf(EINVALID, "bad number of approvals")
	}
	return validateNeedLines(b.Lines)
}

// NeedUpdated is the body of need.updated: the need's lines from now on.
// The lines of earlier entries are superseded but stay in the ledger.
type NeedUpdated struct {
	Need   int64      `json:"need"`
	Title  string     `json:"title"`
	Lines  []NeedLine `json:"lines"`
	Reason string     `json:"reason,omitempty"`
}

// Validate checks the need's id, title and lines.
func (b *NeedUpdated) Validate() error {
	switch {
	case b.Need < 1:
		return Errorf(EINVALID, "bad need id")
	case !sensibleText(b.Title, 2, 120):
		return Errorf(EINVALID, "the title must be 2 to 120 characters").In("title")
	case !sensibleText(b.Reason, 0, 300):
		return Errorf(EINVALID, "the reason is too long")
	}
	return validateNeedLines(b.Lines)
}

// NeedClosed is the body of need.closed.
type NeedClosed struct {
	Need   int64  `json:"need"`
	Reason string `json:"reason"`
}

// Validate checks the need's id and the reason.
func (b *NeedClosed) Validate() error {
	switch {
	case b.Need < 1:
		return Errorf(EINVALID, "bad need id")
	case !sensibleText(b.Reason, 2, 300):
		return Errorf(EINVALID, "give a reason for closing (2 to 300 characters)")
	}
	return nil
}

// CheckNeedUpdate says whether a published need's lines may be replaced by
// updated without a new review. An update publishes at once, because it
// cannot ask for more than the auditors approved: every updated line must
// be an approved line (same number and item) with at most the approved
// quantity; urgency, deadline, place, spec and notes may change, and lines
// may be dropped. Asking for more, or for other items, is a new need, which
// is reviewed again.
func CheckNeedUpdate(approved, updated []NeedLine) error {
	byLine := map[int]NeedLine{}
	for _, l := range approved {
		byLine[l.Line] = l
	}
	for _, l := range updated {
		a, ok := byLine[l.Line]
		switch {
		case !ok:
			return Errorf(EINVALID, "line %d was not in the approved need: submit a new need to ask for more", l.Line)
		case a.Item != l.Item:
			return Errorf(EINVALID, "line %d: the item cannot change; submit a new need instead", l.Line)
		case l.Quantity > a.Quantity:
			return Errorf(EINVALID, "line %d: the quantity cannot rise above the approved %d; submit a new need to ask for more", l.Line, a.Quantity)
		}
	}
	return nil
}

// CheckPledgeToNeed returns ECONFLICT unless a need in status may receive
// pledges: only published (approved and not closed) needs do.
func CheckPledgeToNeed(status string) error {
	if status != NeedStatusPublished {
		return Errorf(ECONFLICT, "this need is not open for pledges")
	}
	return nil
}
