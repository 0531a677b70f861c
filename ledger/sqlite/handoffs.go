package sqlite

import (
	"context"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// DispatchInput is a shipment as the sender enters it.
type DispatchInput struct {
	To    int64 // a verified warehouse or recipient
	Via   int64 // a verified logistics firm, or 0
	Lines []ledger.SentLot
}

// Dispatch sends lots held by m's organisation to another organisation,
// optionally via a carrier (handoff.dispatched). The quantities leave the
// sender's stock for "in transit"; custody moves only when the receiver
// confirms. It returns the handoff's id. Returns ECONFLICT if a lot holds
// less than is sent (also when a concurrent dispatch took it first).
func (s *Store) Dispatch(ctx context.Context, m ledger.Member, in DispatchInput, nonce string) (int64, error) {
	var codes []string
	for _, l := range in.Lines {
		codes = append(codes, l.Lot)
	}
	var id int64
	err := s.custodyWrite(ctx, m, m.Custodian(), nonceRequired(nonce), codes, func(tx *Tx, c *ledger.Custody, codes []string) error {
		var err error
		id, err = tx.dispatch(c, m, in, codes)
		return err
	})
	return id, err
}

// dispatch appends handoff.dispatched for in, whose lots (normalised
// codes) are loaded into c, and returns the new handoff's id.
func (tx *Tx) dispatch(c *ledger.Custody, m ledger.Member, in DispatchInput, codes []string) (int64, error) {
	if ok, err := tx.orgActsAs(in.To, ledger.OrgWarehouse, ledger.OrgRecipient); err != nil || !ok {
		return 0, orErr(err, ledger.Errorf(ledger.EINVALID, "the receiver must be a verified warehouse or recipient"))
	}
	if in.Via != 0 {
		if ok, err := tx.orgActsAs(in.Via, ledger.OrgLogistics); err != nil || !ok {
			return 0, orErr(err, ledger.Errorf(ledger.EINVALID, "the carrier must be a verified logistics firm"))
		}
	}
	var id int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(id), 0) + 1 FROM handoffs`).Scan(&id); err != nil {
		return 0, err
	}
	body := &ledger.HandoffDispatched{Handoff: id, To: in.To, Via: in.Via}
	for i, l := range in.Lines {
		body.Lines = append(body.Lines, ledger.SentLot{Lot: codes[i], Quantity: l.Quantity})
	}
	_, err := tx.step(c, m.Actor(), ledger.TypeHandoffDispatched, body)
	return id, err
}

func orErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// handoffWrite runs fn on handoff id (loaded into c with its lots) for m, if ok.
func (s *Store) handoffWrite(ctx context.Context, m ledger.Member, ok bool, id int64, fn func(tx *Tx, c *ledger.Custody) error) error {
	if err := m.Require(ok); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		c, err := tx.newCustody()
		if err != nil {
			return err
		}
		if err := tx.loadHandoff(c, id); err != nil {
			return err
		}
		if err := fn(tx, c); err != nil {
			return err
		}
		return tx.saveCustody(c)
	})
}

// ConfirmPickup records that m's organisation, the shipment's carrier,
// picked it up. Returns ECONFLICT if that was already confirmed.
func (s *Store) ConfirmPickup(ctx context.Context, m ledger.Member, id int64) error {
	return s.carrierStep(ctx, m, id, ledger.TypeHandoffPickedUp)
}

// ConfirmDelivery records that the carrier delivered the shipment.
func (s *Store) ConfirmDelivery(ctx context.Context, m ledger.Member, id int64) error {
	return s.carrierStep(ctx, m, id, ledger.TypeHandoffDelivered)
}

func (s *Store) carrierStep(ctx context.Context, m ledger.Member, id int64, typ string) error {
	return s.handoffWrite(ctx, m, m.ActsFor(ledger.OrgLogistics), id, func(tx *Tx, c *ledger.Custody) error {
		_, err := tx.step(c, m.Actor(), typ, &ledger.HandoffStep{Handoff: id})
		return err
	})
}

// ReceiptLine is the receiver's count of one lot of a shipment.
type ReceiptLine struct {
	Lot       string
	Received  int64
	Condition string
	Reason    string // required for any difference in quantity or condition
	Note      string
}

// ConfirmReceipt records what m's organisation, the receiver, counted
// (handoff.received): custody of what arrived moves to it; a part of a lot
// becomes a new lot with a new code; a shortfall stays on record as a
// discrepancy. Returns ECONFLICT if the shipment was already received or
// rejected, so a confirmation submitted twice is applied once.
func (s *Store) ConfirmReceipt(ctx context.Context, m ledger.Member, id int64, lines []ReceiptLine) error {
	return s.handoffWrite(ctx, m, m.Custodian(), id, func(tx *Tx, c *ledger.Custody) error {
		return tx.confirmReceipt(c, m, id, lines)
	})
}

// confirmReceipt appends handoff.received for handoff id, loaded into c.
func (tx *Tx) confirmReceipt(c *ledger.Custody, m ledger.Member, id int64, lines []ReceiptLine) error {
	body := &ledger.HandoffReceived{Handoff: id}
	h := c.Handoffs[id]
	for _, l := range lines {
		code, err := ledger.NormalizeCode(l.Lot)
		if err != nil {
			return err
		}
		rl := ledger.ReceivedLot{Lot: code, Received: l.Received, Condition: l.Condition, Reason: l.Reason, Note: l.Note}
		if h != nil && l.Received > 0 {
			for _, hl := range h.Lines {
				if hl.Lot == code && !hl.Whole {
					if rl.NewLot, err = tx.freshCode(); err != nil {
						return err
					}
				}
			}
		}
		body.Lines = append(body.Lines, rl)
	}
	_, err := tx.step(c, m.Actor(), ledger.TypeHandoffReceived, body)
	return err
}

// RejectHandoff refuses a whole shipment (handoff.rejected) with a reason;
// its quantities return to the sender's stock.
func (s *Store) RejectHandoff(ctx context.Context, m ledger.Member, id int64, reason, note string) error {
	return s.handoffWrite(ctx, m, m.Custodian(), id, func(tx *Tx, c *ledger.Custody) error {
		_, err := tx.step(c, m.Actor(), ledger.TypeHandoffRejected, &ledger.HandoffRejected{Handoff: id, Reason: reason, Note: note})
		return err
	})
}

func handoffLines(q queryer, ctx context.Context, id int64) ([]ledger.HandoffLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT lot, quantity, whole, received, condition, reason, note, new_lot FROM handoff_lines
		WHERE handoff_id = ? ORDER BY line_no`, id)
	if err != nil {
		return nil, fmt.Errorf("reading handoff lines: %w", err)
	}
	defer rows.Close()
	var out []ledger.HandoffLine
	for rows.Next() {
		var l ledger.HandoffLine
		if err := rows.Scan(&l.Lot, &l.Quantity, &l.Whole, &l.Received, &l.Condition, &l.Reason, &l.Note, &l.NewLot); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
