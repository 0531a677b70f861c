package ledger

import (
	"fmt"
	"slices"
)

// Custody rules. Custody is the state of lots and handoffs; Step checks one
// entry against it and says which subjects the entry must list, and Apply
// then changes the state. The store runs the same Step on the rows an entry
// touches (loaded into a small Custody) and writes back what Apply changed;
// the replay runs it on the whole log. So the store's figures and the ones
// re-derived from the ledger cannot drift apart.
//
// The model:
//   - A lot has one holder (an organisation) and a held quantity there.
//     Dispatched quantities leave "held" for "in transit" but the holder
//     stays the sender until the receiver confirms: custody moves only on
//     the receiver's confirmation, and a rejection simply returns the
//     quantity to "held".
//   - A dispatch of a whole lot (all of it held, none in transit) moves the
//     lot itself, its code unchanged, to the receiver. A dispatch of part of
//     a lot becomes a new lot at the receiver (a child, with a new code).
//   - A shortfall (sent minus received) is recorded on the handoff line as a
//     discrepancy with its reason, and is held by nobody: it leaves the
//     stock of both sides. A surplus needs a note explaining it.
//   - A pack (box, pallet) is a lot without an item holding whole lots; it
//     moves as one (quantity 1) and its contents follow its holder.
type Custody struct {
	Items    map[string]Item         // the catalogue (the store loads the items it needs)
	Lots     map[string]*Lot         // by code
	Handoffs map[int64]*Handoff      // by id
	Pledges  map[string]*PledgeState // pledges received (the store loads the one it needs)
	Finals   map[int64]*Final        // uses and write-offs, by entry index
	Counts   map[int64]*Count        // stock counts, by entry index (the store loads a lot's pending ones)
	pending  map[int64]string        // corrective entries still to come: index -> lot code
	// pledgeCode reports whether a code is a pledge's (the replay sets it;
	// the store draws only codes no lot or pledge has).
	pledgeCode func(string) bool
}

// Lot is a lot as custody knows it.
type Lot struct {
	Code      string
	Item      string // "" for a pack
	Spec      string // for a pack: its description
	Unit      string
	Batch     string
	GTIN      string // the manufacturer's, from its GS1 barcode
	Expiry    string
	Condition string
	Pledge    string   // the pledge it originates from ("" for a pack)
	Parent    string   // the lot it was split or received from
	Pack      string   // the pack it is in, if any
	Contents  []string // a pack's lots
	Holder    int64    // 0 once nobody holds it (lost in transit)
	Quantity  int64    // quantity when the lot was made
	Held      int64    // quantity at the holder, free to act on
	InTransit int64    // quantity in open handoffs
	Since     string   // when the holder got it (entry time)
	Created   int64    // the entry that created it
}

// IsPack reports whether l is a pack of other lots.
func (l *Lot) IsPack() bool { return l.Item == "" }

// Handoff is a shipment as custody knows it.
type Handoff struct {
	ID         int64
	From       int64
	To         int64
	Via        int64
	Status     string
	Lines      []HandoffLine
	Dispatched string // entry time
}

// Open reports whether the handoff still waits for the receiver.
func (h *Handoff) Open() bool {
	return h.Status == StatusDispatched || h.Status == StatusPickedUp || h.Status == StatusDelivered
}

// AwaitsCarrier reports whether the shipment's carrier (if it has one) has
// still to pick it up or to deliver it.
func (h *Handoff) AwaitsCarrier() bool {
	return h.Status == StatusDispatched || h.Status == StatusPickedUp
}

// Arrived reports whether the receiver may count the shipment now: the
// carrier confirmed delivery, or it was handed over directly (no carrier).
func (h *Handoff) Arrived() bool {
	return h.Status == StatusDelivered || (h.Via == 0 && h.Status == StatusDispatched)
}

// HandoffLine is one lot of a handoff: what was sent and, once received,
// what arrived. Shortfall is Quantity - Received once received.
type HandoffLine struct {
	Lot       string
	Quantity  int64
	Whole     bool // the whole lot was sent: it keeps its code at the receiver
	Received  int64
	Condition string
	Reason    string
	Note      string
	NewLot    string
}

// Discrepancy reports whether a received line differs from what was sent:
// another quantity, or not in good condition. Discrepancies are public.
func (l HandoffLine) Discrepancy() bool {
	return l.Received != l.Quantity || l.Condition != ConditionGood
}

// Final is a use or write-off, kept so that it can be corrected.
type Final struct {
	Entry       int64
	Type        string
	Lot         string
	Org         int64
	Quantity    int64
	CorrectedBy int64 // the entry.corrected naming it, 0 if none
}

// NewCustody returns an empty custody state.
func NewCustody() *Custody {
	c := &Custody{}
	c.init()
	return c
}

func (c *Custody) init() {
	if c.Lots == nil {
		c.Lots, c.Handoffs, c.Pledges, c.Finals, c.pending =
			map[string]*Lot{}, map[int64]*Handoff{}, map[string]*PledgeState{}, map[int64]*Final{}, map[int64]string{}
	}
	if c.Counts == nil {
		c.Counts = map[int64]*Count{}
	}
}

// Step is one checked entry: the subjects it must list, what it does to
// the figures (its effects), and its apply.
type Step struct {
	Subjects []string
	// Received is what a receipt of a pledge receives (nil for others).
	Received *Received
	// Discrepancies are the handoff lines received short, over or not in
	// good condition (handoff.received).
	Discrepancies []HandoffLine
	// Review is what a review decision decides (review.decided).
	Review *Reviewed
	apply  func()
}

// Apply changes the state as the entry says. Call it once, after the entry
// is appended.
func (s *Step) Apply() { s.apply() }

// CustodyTypes are the entry types Step handles.
var CustodyTypes = []string{
	TypeLotReceived, TypeLotSplit, TypeLotPacked, TypeLotUnpacked, TypeLotUsed, TypeLotWrittenOff,
	TypeHandoffDispatched, TypeHandoffPickedUp, TypeHandoffDelivered, TypeHandoffReceived, TypeHandoffRejected,
	TypeEntryCorrected, TypeLotCounted, TypeLotCountReviewed,
}

// Step checks an entry of a custody type, to be appended at index at time
// by actor, against c. It changes nothing; the returned step's Apply does.
func (c *Custody) Step(index int64, time string, actor Actor, typ string, body Body) (*Step, error) {
	c.init()
	if err := c.checkPending(index, body); err != nil {
		return nil, err
	}
	if actor.Org <= PlatformOrgID {
		return nil, Errorf(EFORBIDDEN, "only organisations handle lots")
	}
	if err := c.moneyGuard(body); err != nil {
		return nil, err
	}
	switch b := body.(type) {
	case *LotReceived:
		return c.stepLotReceived(index, time, actor, b)
	case *LotSplit:
		return c.stepSplit(index, time, actor, b)
	case *LotPacked:
		return c.stepPacked(index, time, actor, b)
	case *LotUnpacked:
		return c.stepUnpacked(actor, b)
	case *LotUsed:
		return c.stepFinal(index, actor, typ, b.Lot, b.Quantity, b.Date, time)
	case *LotWrittenOff:
		return c.stepFinal(index, actor, typ, b.Lot, b.Quantity, "", time)
	case *HandoffDispatched:
		return c.stepDispatched(time, actor, b)
	case *HandoffStep:
		return c.stepCarrier(actor, typ, b)
	case *HandoffReceived:
		return c.stepReceived(index, time, actor, b)
	case *HandoffRejected:
		return c.stepRejected(actor, b)
	case *EntryCorrected:
		return c.stepCorrected(index, actor, b)
	case *LotCounted:
		return c.stepCounted(index, actor, b)
	case *LotCountReviewed:
		return c.stepCountReviewed(actor, b)
	}
	return c.stepMoney(index, time, actor, typ, body)
}

func (c *Custody) lot(code string) (*Lot, error) {
	l, ok := c.Lots[code]
	if !ok {
		return nil, Errorf(ENOTFOUND, "no lot %s", FormatCode(code))
	}
	return l, nil
}

// heldLot returns a lot that actor holds and may act on alone: not inside a pack.
func (c *Custody) heldLot(actor Actor, code string) (*Lot, error) {
	l, err := c.lot(code)
	if err != nil {
		return nil, err
	}
	if l.Holder != actor.Org {
		return nil, Errorf(EFORBIDDEN, "lot %s is not held by your organisation", FormatCode(code))
	}
	if l.Pack != "" {
		return nil, Errorf(ECONFLICT, "lot %s is packed in %s; unpack it first", FormatCode(code), FormatCode(l.Pack))
	}
	if c.pendingCount(code) != nil {
		return nil, Errorf(ECONFLICT, "lot %s has a count waiting for approval", FormatCode(code))
	}
	return l, nil
}

// itemLot returns a lot of an item (not a pack) that actor holds.
func (c *Custody) itemLot(actor Actor, code string) (*Lot, error) {
	l, err := c.heldLot(actor, code)
	if err == nil && l.IsPack() {
		return nil, Errorf(EINVALID, "%s is a pack; unpack it first", FormatCode(code))
	}
	return l, err
}

// take checks conservation: never more than the quantity held.
func take(l *Lot, q int64) error {
	if q > l.Held {
		return Errorf(ECONFLICT, "lot %s holds only %d %s here, not %d", FormatCode(l.Code), l.Held, l.Unit, q)
	}
	return nil
}

func (c *Custody) fresh(code string) error {
	_, pledge := c.Pledges[code]
	if _, ok := c.Lots[code]; ok || pledge || (c.pledgeCode != nil && c.pledgeCode(code)) {
		return Errorf(ECONFLICT, "the code %s is taken", FormatCode(code))
	}
	return nil
}

// contents returns every lot inside the pack code, nested packs included.
func (c *Custody) contents(code string) []string {
	var out []string
	if l, ok := c.Lots[code]; ok {
		for _, k := range l.Contents {
			out = append(out, k)
			out = append(out, c.contents(k)...)
		}
	}
	return out
}

func lotSubject(code string) string { return Subject(SubjectLot, code) }

func (c *Custody) stepLotReceived(index int64, time string, actor Actor, b *LotReceived) (*Step, error) {
	p, ok := c.Pledges[b.Pledge]
	if !ok {
		return nil, Errorf(ENOTFOUND, "no pledge %s", FormatCode(b.Pledge))
	}
	if p.Body.Kind != PledgeGoods {
		return nil, Errorf(EINVALID, "only pledges of goods are received as lots")
	}
	if err := p.ReceivableBy(actor.Org); err != nil {
		return nil, err
	}
	subjects := []string{Subject(SubjectPledge, b.Pledge)}
	got := map[int]int64{}
	for _, nl := range b.Lots {
		i := slices.IndexFunc(p.Body.Lines, func(l PledgeLine) bool { return l.Item == nl.Item })
		if err := c.checkNewLot(nl, time, fmt.Sprintf("expiry-%d", i)); err != nil { // the lot receipt's line i
			return nil, err
		}
		if i < 0 {
			return nil, Errorf(EINVALID, "%s was not pledged", nl.Item)
		}
		got[i] += nl.Quantity
		subjects = append(subjects, lotSubject(nl.Code))
	}
	r, err := p.receipt(got, b.OverDelivery)
	if err != nil {
		return nil, err
	}
	return &Step{Subjects: subjects, Received: &r, apply: func() {
		p.receive(r)
		for _, nl := range b.Lots {
			c.Lots[nl.Code] = &Lot{Code: nl.Code, Item: nl.Item, Spec: nl.Spec, Unit: nl.Unit, Batch: nl.Batch, GTIN: nl.GTIN, Expiry: nl.Expiry,
				Condition: nl.Condition, Pledge: b.Pledge, Holder: actor.Org, Quantity: nl.Quantity, Held: nl.Quantity, Since: time, Created: index}
		}
	}}, nil
}

func (c *Custody) stepSplit(index int64, time string, actor Actor, b *LotSplit) (*Step, error) {
	l, err := c.itemLot(actor, b.Lot)
	if err != nil {
		return nil, err
	}
	var sum int64
	subjects := []string{lotSubject(b.Lot)}
	for _, ch := range b.Children {
		if err := c.fresh(ch.Code); err != nil {
			return nil, err
		}
		sum += ch.Quantity
		subjects = append(subjects, lotSubject(ch.Code))
	}
	if err := take(l, sum); err != nil {
		return nil, err
	}
	return &Step{Subjects: subjects, apply: func() {
		l.Held -= sum
		for _, ch := range b.Children {
			n := *l
			n.Code, n.Parent, n.Quantity, n.Held, n.InTransit, n.Since, n.Created = ch.Code, l.Code, ch.Quantity, ch.Quantity, 0, time, index
			c.Lots[ch.Code] = &n
		}
	}}, nil
}

func (c *Custody) stepPacked(index int64, time string, actor Actor, b *LotPacked) (*Step, error) {
	if err := c.fresh(b.Pack); err != nil {
		return nil, err
	}
	subjects := []string{lotSubject(b.Pack)}
	for _, code := range b.Lots {
		l, err := c.heldLot(actor, code)
		if err != nil {
			return nil, err
		}
		if l.Held == 0 || l.InTransit > 0 {
			return nil, Errorf(ECONFLICT, "only whole lots at hand can be packed; %s is not", FormatCode(code))
		}
		subjects = append(subjects, lotSubject(code))
	}
	return &Step{Subjects: subjects, apply: func() {
		c.Lots[b.Pack] = &Lot{Code: b.Pack, Spec: b.Description, Condition: ConditionGood, Contents: slices.Clone(b.Lots),
			Holder: actor.Org, Quantity: 1, Held: 1, Since: time, Created: index}
		for _, code := range b.Lots {
			c.Lots[code].Pack = b.Pack
		}
	}}, nil
}

func (c *Custody) stepUnpacked(actor Actor, b *LotUnpacked) (*Step, error) {
	p, err := c.heldLot(actor, b.Pack)
	if err != nil {
		return nil, err
	}
	if !p.IsPack() || p.Held != 1 || p.InTransit > 0 {
		return nil, Errorf(ECONFLICT, "%s is not a pack at hand", FormatCode(b.Pack))
	}
	subjects := []string{lotSubject(b.Pack)}
	for _, code := range p.Contents {
		subjects = append(subjects, lotSubject(code))
	}
	return &Step{Subjects: subjects, apply: func() {
		for _, code := range p.Contents {
			c.Lots[code].Pack = ""
		}
		p.Contents, p.Held = nil, 0
	}}, nil
}

func (c *Custody) stepFinal(index int64, actor Actor, typ, code string, q int64, date, time string) (*Step, error) {
	if typ == TypeLotUsed {
		if err := CheckPastDate(date, entryTime(time)); err != nil {
			return nil, err
		}
	}
	l, err := c.itemLot(actor, code)
	if err != nil {
		return nil, err
	}
	if err := take(l, q); err != nil {
		return nil, err
	}
	return &Step{Subjects: []string{lotSubject(code)}, apply: func() {
		l.Held -= q
		c.Finals[index] = &Final{Entry: index, Type: typ, Lot: code, Org: actor.Org, Quantity: q}
		delete(c.pending, index)
	}}, nil
}

// handoffSubjects lists the handoff and every lot it carries, with packs' contents.
func (c *Custody) handoffSubjects(id int64, lots []string) []string {
	subjects := []string{Subject(SubjectShip, id)}
	for _, code := range lots {
		subjects = append(subjects, lotSubject(code))
		for _, k := range c.contents(code) {
			subjects = append(subjects, lotSubject(k))
		}
	}
	return subjects
}

func (h *Handoff) lots() []string {
	var out []string
	for _, l := range h.Lines {
		out = append(out, l.Lot)
	}
	return out
}

func (c *Custody) stepDispatched(time string, actor Actor, b *HandoffDispatched) (*Step, error) {
	if _, dup := c.Handoffs[b.Handoff]; dup {
		return nil, Errorf(ECONFLICT, "handoff %d already exists", b.Handoff)
	}
	lines := make([]HandoffLine, len(b.Lines))
	var lots []string
	for i, sl := range b.Lines {
		l, err := c.heldLot(actor, sl.Lot)
		if err != nil {
			return nil, err
		}
		if err := take(l, sl.Quantity); err != nil {
			return nil, err
		}
		if l.IsPack() && sl.Quantity != 1 {
			return nil, Errorf(EINVALID, "a pack is dispatched whole")
		}
		lines[i] = HandoffLine{Lot: sl.Lot, Quantity: sl.Quantity, Whole: sl.Quantity == l.Held && l.InTransit == 0}
		lots = append(lots, sl.Lot)
	}
	if b.To == actor.Org || b.Via == actor.Org {
		return nil, Errorf(EINVALID, "choose a receiving organisation and, if any, a different carrier")
	}
	return &Step{Subjects: c.handoffSubjects(b.Handoff, lots), apply: func() {
		for _, ln := range lines {
			l := c.Lots[ln.Lot]
			l.Held -= ln.Quantity
			l.InTransit += ln.Quantity
		}
		c.Handoffs[b.Handoff] = &Handoff{ID: b.Handoff, From: actor.Org, To: b.To, Via: b.Via, Status: StatusDispatched, Lines: lines, Dispatched: time}
	}}, nil
}

func (c *Custody) handoff(id int64) (*Handoff, error) {
	h, ok := c.Handoffs[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, "no handoff %d", id)
	}
	return h, nil
}

func (c *Custody) stepCarrier(actor Actor, typ string, b *HandoffStep) (*Step, error) {
	h, err := c.handoff(b.Handoff)
	if err != nil {
		return nil, err
	}
	if h.Via == 0 || actor.Org != h.Via {
		return nil, Errorf(EFORBIDDEN, "only the carrier of this shipment can confirm pickup and delivery")
	}
	from, to := StatusDispatched, StatusPickedUp
	if typ == TypeHandoffDelivered {
		from, to = StatusPickedUp, StatusDelivered
	}
	if h.Status != from {
		return nil, Errorf(ECONFLICT, "this shipment is %s, so this step is not possible (already confirmed?)", h.Status)
	}
	return &Step{Subjects: c.handoffSubjects(h.ID, h.lots()), apply: func() { h.Status = to }}, nil
}

func (c *Custody) openForReceiver(actor Actor, id int64) (*Handoff, error) {
	h, err := c.handoff(id)
	if err != nil {
		return nil, err
	}
	if actor.Org != h.To {
		return nil, Errorf(EFORBIDDEN, "only the receiving organisation can confirm or reject this shipment")
	}
	if !h.Open() {
		return nil, Errorf(ECONFLICT, "this shipment was already %s", h.Status)
	}
	return h, nil
}

func (c *Custody) stepReceived(index int64, time string, actor Actor, b *HandoffReceived) (*Step, error) {
	h, err := c.openForReceiver(actor, b.Handoff)
	if err != nil {
		return nil, err
	}
	if !h.Arrived() {
		return nil, Errorf(ECONFLICT, "the carrier has not delivered this shipment yet; confirm receipt once it has arrived")
	}
	if len(b.Lines) != len(h.Lines) {
		return nil, Errorf(EINVALID, "confirm every lot of the shipment")
	}
	subjects := c.handoffSubjects(h.ID, h.lots())
	got := make([]HandoffLine, len(h.Lines))
	for _, rl := range b.Lines {
		i := slices.IndexFunc(h.Lines, func(hl HandoffLine) bool { return hl.Lot == rl.Lot })
		if i < 0 {
			return nil, Errorf(EINVALID, "lot %s is not in this shipment", FormatCode(rl.Lot))
		}
		hl := h.Lines[i]
		if c.Lots[hl.Lot].IsPack() && rl.Received > 1 {
			return nil, Errorf(EINVALID, "a pack is received whole (1) or not at all (0)").In(fmt.Sprintf("received-%d", i))
		}
		hl.Received, hl.Condition, hl.Reason, hl.Note, hl.NewLot = rl.Received, rl.Condition, rl.Reason, rl.Note, rl.NewLot
		if hl.Discrepancy() && rl.Reason == "" {
			return nil, Errorf(EINVALID, "give a reason for the difference in lot %s", FormatCode(rl.Lot)).In(fmt.Sprintf("reason-%d", i))
		}
		if rl.Received > hl.Quantity && rl.Note == "" {
			return nil, Errorf(EINVALID, "more of lot %s arrived than was sent: explain it in a note", FormatCode(rl.Lot)).In(fmt.Sprintf("note-%d", i))
		}
		if needNew := !hl.Whole && rl.Received > 0; needNew != (rl.NewLot != "") {
			return nil, Errorf(EINVALID, "bad lot code")
		}
		if rl.NewLot != "" {
			if err := c.fresh(rl.NewLot); err != nil {
				return nil, err
			}
			subjects = append(subjects, lotSubject(rl.NewLot))
		}
		got[i] = hl
	}
	var short []HandoffLine
	for _, hl := range got {
		if hl.Discrepancy() {
			short = append(short, hl)
		}
	}
	return &Step{Subjects: subjects, Discrepancies: short, apply: func() {
		for _, hl := range got {
			l := c.Lots[hl.Lot]
			l.InTransit -= hl.Quantity
			if !hl.Whole {
				if hl.Received > 0 {
					n := *l
					n.Code, n.Parent, n.Condition, n.Holder, n.Quantity, n.Held, n.InTransit, n.Since, n.Created =
						hl.NewLot, l.Code, hl.Condition, h.To, hl.Received, hl.Received, 0, time, index
					c.Lots[hl.NewLot] = &n
				}
				continue
			}
			holder := h.To
			if hl.Received == 0 {
				holder = 0 // lost on the way: held by nobody
			}
			l.Held, l.Condition = hl.Received, hl.Condition
			for _, code := range append([]string{l.Code}, c.contents(l.Code)...) {
				m := c.Lots[code]
				m.Holder, m.Since = holder, time
				if holder == 0 {
					m.Held = 0
				}
			}
		}
		h.Lines, h.Status = got, StatusReceived
	}}, nil
}

func (c *Custody) stepRejected(actor Actor, b *HandoffRejected) (*Step, error) {
	h, err := c.openForReceiver(actor, b.Handoff)
	if err != nil {
		return nil, err
	}
	return &Step{Subjects: c.handoffSubjects(h.ID, h.lots()), apply: func() {
		for _, hl := range h.Lines {
			l := c.Lots[hl.Lot]
			l.InTransit -= hl.Quantity
			l.Held += hl.Quantity
		}
		h.Status = StatusRejected
	}}, nil
}

func (c *Custody) stepCorrected(index int64, actor Actor, b *EntryCorrected) (*Step, error) {
	f, ok := c.Finals[b.Entry]
	if !ok {
		return nil, Errorf(EINVALID, "entry %d is not a use or write-off; only those can be corrected", b.Entry)
	}
	if f.CorrectedBy != 0 {
		return nil, Errorf(ECONFLICT, "entry %d has already been corrected", b.Entry)
	}
	if f.Org != actor.Org {
		return nil, Errorf(EFORBIDDEN, "only the organisation that made entry %d can correct it", b.Entry)
	}
	l, err := c.itemLot(actor, f.Lot)
	if err != nil {
		return nil, err
	}
	for i, k := range b.Corrective {
		if k != index+1+int64(i) {
			return nil, Errorf(EINVALID, "the corrective entries must follow the declaration")
		}
	}
	return &Step{Subjects: []string{lotSubject(f.Lot)}, apply: func() {
		l.Held += f.Quantity
		f.CorrectedBy = index
		for _, k := range b.Corrective {
			c.pending[k] = f.Lot
		}
	}}, nil
}

// checkPending: the entries a correction named as corrective must be uses
// or write-offs of its lot. A pending index already passed is reported
// once (and forgotten, so the replay does not repeat it).
func (c *Custody) checkPending(index int64, body Body) error {
	for k, code := range c.pending {
		if k < index {
			delete(c.pending, k)
			return fmt.Errorf("entry %d was named as a correction of lot %s but is not a use or write-off of it", k, code)
		}
	}
	code, ok := c.pending[index]
	if !ok {
		return nil
	}
	var lot string
	switch b := body.(type) {
	case *LotUsed:
		lot = b.Lot
	case *LotWrittenOff:
		lot = b.Lot
	}
	if lot != code {
		return fmt.Errorf("entry %d was named as a correction of lot %s but is not a use or write-off of it", index, code)
	}
	return nil
}

// Actions a member can take on a lot, as the phone shows them.
const (
	ActLabel    = "label"
	ActSplit    = "split"
	ActDispatch = "dispatch"
	ActUse      = "use"
	ActWriteOff = "write_off"
	ActUnpack   = "unpack"
	ActCount    = "count"
)

// LotActions lists what m may do with l now: nothing unless m is a member
// of a verified warehouse or recipient that holds l loose (not packed);
// uses only at recipients; only what the held quantity allows.
func LotActions(m Member, l *Lot) []string {
	if !m.ActsFor(OrgWarehouse, OrgRecipient) || l.Holder != m.Org || l.Pack != "" || l.IsMoney() {
		return nil // money is handled on the money desk (/funds/desk)
	}
	out := []string{ActLabel}
	if l.IsPack() {
		if l.Held == 1 && l.InTransit == 0 {
			out = append(out, ActDispatch, ActUnpack)
		}
		return out
	}
	if l.Held > 1 {
		out = append(out, ActSplit)
	}
	if l.Held > 0 {
		out = append(out, ActDispatch)
		if m.OrgKind == OrgRecipient {
			out = append(out, ActUse)
		}
		out = append(out, ActWriteOff)
	}
	return append(out, ActCount)
}
