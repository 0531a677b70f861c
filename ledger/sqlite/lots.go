package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// LotInput is one lot as the first custodian records it. The unit is the
// item's.
type LotInput struct {
	Item      string
	Spec      string
	Quantity  int64
	Batch     string
	GTIN      string // 14 digits or ""
	Expiry    string // YYYY-MM-DD or ""
	Condition string
}

// ReceivePledge records a delivery of a pledge of goods at m's
// organisation as lots, in one lot.received entry. Only the organisation
// the pledge is to be delivered to receives it; deliveries accumulate per
// line up to what was pledged, beyond it only with over (the receiver's
// note stating the over-delivery); the pledge closes once every line is
// received (ledger.PledgeState). The form's nonce makes each delivery
// apply once. It returns the new lots' codes. Returns ENOTFOUND for an
// unknown pledge, EFORBIDDEN for another organisation's pledge, ECONFLICT
// if it was cancelled or closed or more arrived than is left to receive,
// EINVALID for an item it did not pledge.
func (s *Store) ReceivePledge(ctx context.Context, m ledger.Member, pledge string, lots []LotInput, over, nonce string) ([]string, error) {
	var codes []string
	err := s.custodyWrite(ctx, m, m.Custodian(), nonceRequired(nonce), nil, func(tx *Tx, c *ledger.Custody, _ []string) error {
		code, err := ledger.NormalizeCode(pledge)
		if err != nil {
			return err
		}
		p, err := pledgeByCode(tx.ctx, tx, code)
		if err != nil {
			return err
		}
		ps := p.State()
		c.Pledges[code] = ps
		body := &ledger.LotReceived{Pledge: code, OverDelivery: strings.TrimSpace(over)}
		if codes, body.Lots, err = tx.newLots(c, lots); err != nil {
			return err
		}
		if _, err := tx.step(c, m.Actor(), ledger.TypeLotReceived, body); err != nil {
			return err
		}
		return tx.savePledge(p.ID, ps)
	})
	return codes, err
}

// newLots draws a fresh code for each lot and returns the codes and the
// lots as entries record them, in their items' units.
func (tx *Tx) newLots(c *ledger.Custody, lots []LotInput) ([]string, []ledger.NewLot, error) {
	var codes []string
	var out []ledger.NewLot
	for _, l := range lots {
		k, err := tx.freshCode()
		if err != nil {
			return nil, nil, err
		}
		codes = append(codes, k)
		out = append(out, ledger.NewLot{Code: k, Item: l.Item, Spec: l.Spec, Quantity: l.Quantity, Unit: c.Items[l.Item].Unit,
			Batch: l.Batch, GTIN: l.GTIN, Expiry: l.Expiry, Condition: l.Condition})
	}
	return codes, out, nil
}

// custodyWrite runs fn on the lots codes (loaded into c) for m, if ok, in
// one write; a non-empty nonce makes the form apply once.
func (s *Store) custodyWrite(ctx context.Context, m ledger.Member, ok bool, nonce string, codes []string, fn func(tx *Tx, c *ledger.Custody, codes []string) error) error {
	if err := m.Require(ok); err != nil {
		return err
	}
	codes = slices.Clone(codes)
	for i, code := range codes {
		n, err := ledger.NormalizeCode(code)
		if err != nil {
			return err
		}
		codes[i] = n
	}
	return s.write(ctx, func(tx *Tx) error {
		if nonce != "" {
			if err := tx.useNonce(nonce); err != nil {
				return err
			}
		}
		c, err := tx.newCustody()
		if err != nil {
			return err
		}
		if err := tx.loadLots(c, codes...); err != nil {
			return err
		}
		if err := fn(tx, c, codes); err != nil {
			return err
		}
		return tx.saveCustody(c)
	})
}

// SplitLot splits child lots of the given quantities off lot code, held by
// m's organisation. It returns the children's codes. Returns ECONFLICT if
// they add up to more than is held.
func (s *Store) SplitLot(ctx context.Context, m ledger.Member, code string, quantities []int64, nonce string) ([]string, error) {
	var kids []string
	err := s.custodyWrite(ctx, m, m.Custodian(), nonceRequired(nonce), []string{code}, func(tx *Tx, c *ledger.Custody, codes []string) error {
		kids = nil
		body := &ledger.LotSplit{Lot: codes[0]}
		for _, q := range quantities {
			k, err := tx.freshCode()
			if err != nil {
				return err
			}
			kids = append(kids, k)
			body.Children = append(body.Children, ledger.ChildLot{Code: k, Quantity: q})
		}
		_, err := tx.step(c, m.Actor(), ledger.TypeLotSplit, body)
		return err
	})
	return kids, err
}

// PackLots packs whole lots held by m's organisation into a new pack lot
// and returns its code.
func (s *Store) PackLots(ctx context.Context, m ledger.Member, codes []string, description, nonce string) (string, error) {
	var pack string
	err := s.custodyWrite(ctx, m, m.Custodian(), nonceRequired(nonce), codes, func(tx *Tx, c *ledger.Custody, codes []string) error {
		var err error
		if pack, err = tx.freshCode(); err != nil {
			return err
		}
		_, err = tx.step(c, m.Actor(), ledger.TypeLotPacked, &ledger.LotPacked{Pack: pack, Description: description, Lots: codes})
		return err
	})
	return pack, err
}

// UnpackLot opens a pack held by m's organisation.
func (s *Store) UnpackLot(ctx context.Context, m ledger.Member, code string) error {
	return s.custodyWrite(ctx, m, m.Custodian(), "", []string{code}, func(tx *Tx, c *ledger.Custody, codes []string) error {
		_, err := tx.step(c, m.Actor(), ledger.TypeLotUnpacked, &ledger.LotUnpacked{Pack: codes[0]})
		return err
	})
}

// FinalInput is a use (Use, Date) or a write-off (Cause, Reason) of a
// quantity of a lot.
type FinalInput struct {
	Lot      string
	Quantity int64
	Use      string
	Date     string // YYYY-MM-DD
	Cause    string
	Reason   string
}

func (f FinalInput) body(typ string) ledger.Body {
	if typ == ledger.TypeLotUsed {
		return &ledger.LotUsed{Lot: f.Lot, Quantity: f.Quantity, Use: f.Use, Date: f.Date}
	}
	return &ledger.LotWrittenOff{Lot: f.Lot, Quantity: f.Quantity, Cause: f.Cause, Reason: f.Reason}
}

// UseLot records a distribution or consumption by m's organisation, a
// verified recipient holding the lot. It returns the entry's index.
func (s *Store) UseLot(ctx context.Context, m ledger.Member, in FinalInput, nonce string) (int64, error) {
	return s.final(ctx, m, m.ActsFor(ledger.OrgRecipient), ledger.TypeLotUsed, in, nonce)
}

// WriteOffLot records a loss, damage, expiry or destruction by the custodian.
func (s *Store) WriteOffLot(ctx context.Context, m ledger.Member, in FinalInput, nonce string) (int64, error) {
	return s.final(ctx, m, m.Custodian(), ledger.TypeLotWrittenOff, in, nonce)
}

func (s *Store) final(ctx context.Context, m ledger.Member, ok bool, typ string, in FinalInput, nonce string) (int64, error) {
	var idx int64
	err := s.custodyWrite(ctx, m, ok, nonceRequired(nonce), []string{in.Lot}, func(tx *Tx, c *ledger.Custody, codes []string) error {
		in.Lot = codes[0]
		a, err := tx.step(c, m.Actor(), typ, in.body(typ))
		idx = a.Index
		return err
	})
	return idx, err
}

// CorrectEntry declares the use or write-off at index entry wrong
// (entry.corrected) and, if redo is not nil, records what really happened
// as the corrective entry of the same type, right after it; the quantity of
// the wrong entry returns to the lot first. Only the organisation that made
// the entry, still holding the lot, can correct it, once.
func (s *Store) CorrectEntry(ctx context.Context, m ledger.Member, entry int64, reason string, redo *FinalInput) error {
	if err := m.Require(m.Custodian()); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		c, err := tx.newCustody()
		if err != nil {
			return err
		}
		f := &ledger.Final{Entry: entry}
		err = tx.QueryRowContext(tx.ctx, `SELECT type, lot, org, quantity, corrected_by FROM lot_finals WHERE entry = ?`, entry).
			Scan(&f.Type, &f.Lot, &f.Org, &f.Quantity, &f.CorrectedBy)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("reading use: %w", err)
		}
		if err == nil {
			c.Finals[entry] = f
			if err := tx.loadLots(c, f.Lot); err != nil {
				return err
			}
		}
		// The declaration names the corrective entry's body, so a signature
		// over the declaration covers it.
		body := &ledger.EntryCorrected{Entry: entry, Reason: reason}
		var redoBody ledger.Body
		if redo != nil {
			body.Corrective = []int64{tx.size + 1}
		}
		if redo != nil && f.Lot != "" {
			if err := tx.fillRedo(entry, f.Lot, redo); err != nil {
				return err
			}
			redoBody = redo.body(f.Type)
			cover, err := ledger.Cover(f.Type, redoBody)
			if err != nil {
				return err
			}
			body.CorrectiveBodies = []ledger.Covered{cover}
		}
		if _, err := tx.step(c, m.Actor(), ledger.TypeEntryCorrected, body); err != nil {
			return err
		}
		if redoBody != nil {
			if _, err := tx.step(c, m.Actor(), f.Type, redoBody); err != nil {
				return err
			}
		}
		return tx.saveCustody(c)
	})
}

// fillRedo completes a corrective use or write-off with what the wrong
// entry said, for the fields the correction leaves empty.
func (tx *Tx) fillRedo(entry int64, lot string, redo *FinalInput) error {
	var data []byte
	if err := tx.QueryRowContext(tx.ctx, `SELECT data FROM entries WHERE idx = ?`, entry).Scan(&data); err != nil {
		return fmt.Errorf("reading entry %d: %w", entry, err)
	}
	e, err := ledger.Decode(data)
	if err != nil {
		return err
	}
	b, err := e.DecodeBody()
	if err != nil {
		return err
	}
	redo.Lot = lot
	switch b := b.(type) {
	case *ledger.LotUsed:
		redo.Use, redo.Date = cmp.Or(redo.Use, b.Use), cmp.Or(redo.Date, b.Date)
	case *ledger.LotWrittenOff:
		redo.Cause, redo.Reason = cmp.Or(redo.Cause, b.Cause), cmp.Or(redo.Reason, b.Reason)
	}
	return nil
}

// nonceRequired turns a missing nonce into a deliberately invalid one, so
// forms that create things always carry one.
func nonceRequired(nonce string) string {
	if nonce == "" {
		return "-"
	}
	return nonce
}
