package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// Money writes. Money lots are custody lots (see ledger/money.go), so these
// methods run the custody Step like every other custody write; a
// disbursement is an ordinary Dispatch of money lots to another verified
// organisation, confirmed by it with ConfirmReceipt.

// MoneyReceiptInput is what the receiving organisation confirms.
type MoneyReceiptInput struct {
	Pledge      string
	AmountMinor int64  // what actually arrived, in minor units of the pledge's currency
	Amount      string // or as typed ("1,234.50"), if AmountMinor is 0
	Date        string // the value date, YYYY-MM-DD
	Reference   string // the bank reference: kept privately, its SHA-256 goes into the ledger
	// OverDelivery is the receiver's note when more arrived than pledged.
	OverDelivery string
}

// ReceiveMoney confirms that the money of a money pledge arrived at m's
// organisation (a verified warehouse or recipient), as a new money lot, in
// one money.received entry, and marks the pledge received. It returns the
// lot's code. Returns ENOTFOUND for an unknown pledge, EINVALID for a pledge
// of goods or another currency, ECONFLICT if it was cancelled or its money
// was already received.
func (s *Store) ReceiveMoney(ctx context.Context, m ledger.Member, in MoneyReceiptInput, nonce string) (string, error) {
	var lot string
	err := s.custodyWrite(ctx, m, m.Custodian(), nonceRequired(nonce), nil, func(tx *Tx, c *ledger.Custody, _ []string) error {
		p, err := pledgeByCode(tx.ctx, tx, in.Pledge)
		if err != nil {
			return err
		}
		ref := strings.TrimSpace(in.Reference)
		if !ledger.SensibleText(ref, 4, 80) {
			return ledger.Errorf(ledger.EINVALID, "enter the bank reference")
		}
		if in.AmountMinor == 0 && in.Amount != "" {
			if in.AmountMinor, err = ledger.ParseAmount(p.Currency, in.Amount); err != nil {
				return err
			}
		}
		sum := sha256.Sum256([]byte(ref))
		ps := p.State()
		c.Pledges[p.Code] = ps
		if lot, err = tx.freshCode(); err != nil {
			return err
		}
		body := &ledger.MoneyReceived{Pledge: p.Code, Lot: lot, Currency: p.Currency, AmountMinor: in.AmountMinor, Date: in.Date,
			ReferenceSHA256: hex.EncodeToString(sum[:]), OverDelivery: strings.TrimSpace(in.OverDelivery)}
		a, err := tx.step(c, m.Actor(), ledger.TypeMoneyReceived, body)
		if err != nil {
			return err
		}
		if err := tx.savePledge(p.ID, ps); err != nil {
			return err
		}
		if err := tx.saveCustody(c); err != nil { // the lot row first: money_receipts refers to it
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO money_receipts (entry, pledge, lot, org, currency, amount_minor, value_date, ref_sha256)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.Index, p.Code, lot, m.Org, body.Currency, body.AmountMinor, body.Date, body.ReferenceSHA256); err != nil {
			return fmt.Errorf("saving money receipt: %w", err)
		}
		_, err = tx.ExecContext(tx.ctx, `INSERT INTO bank_refs (entry, reference) VALUES (?, ?)`, a.Index, ref)
		return err
	})
	return lot, err
}

// SpendInput is a purchase of supplies (Category ledger.SpendSupplies:
// Supplier, Invoice and Bought required) or an overhead (Purpose required),
// paid from money lots held by the organisation.
type SpendInput struct {
	Category      string
	Lines         []ledger.SentLot // money lots and amounts in minor units
	Typed         []string         // or, per line, the amount as typed in the lot's currency
	Supplier      string
	Invoice       *File
	InvoicePublic bool
	Purpose       string
	Date          string // YYYY-MM-DD
	Bought        []LotInput
}

// Spend records a purchase or an overhead by m's organisation (money.spent):
// the amounts leave its money lots, the lots bought start their custody
// there, the invoice is stored (publicly or privately, as chosen) and its
// SHA-256 goes into the entry. It returns the entry's index and the codes
// of the lots bought. Returns ECONFLICT if a money lot holds less than is
// spent from it, EFORBIDDEN if it is not the organisation's.
func (s *Store) Spend(ctx context.Context, m ledger.Member, in SpendInput, nonce string) (int64, []string, error) {
	var codes []string
	for _, l := range in.Lines {
		codes = append(codes, l.Lot)
	}
	var idx int64
	var bought []string
	err := s.custodyWrite(ctx, m, m.Custodian(), nonceRequired(nonce), codes, func(tx *Tx, c *ledger.Custody, codes []string) error {
		body := &ledger.MoneySpent{Category: in.Category, Supplier: strings.TrimSpace(in.Supplier), Purpose: strings.TrimSpace(in.Purpose), Date: in.Date}
		for i, l := range in.Lines {
			q, err := typedAmount(c, codes[i], l.Quantity, in.Typed, i)
			if err != nil {
				return err
			}
			body.Lines = append(body.Lines, ledger.SentLot{Lot: codes[i], Quantity: q})
			if l, ok := c.Lots[codes[i]]; ok && body.Currency == "" {
				body.Currency = l.Unit
			}
		}
		if in.Invoice != nil && len(in.Invoice.Data) > 0 {
			h, err := tx.storeFile(*in.Invoice, m.Org, in.InvoicePublic)
			if err != nil {
				return err
			}
			body.InvoiceSHA256 = h
		}
		in.Bought = slices.Clone(in.Bought)
		for i := range in.Bought {
			in.Bought[i].Condition = ledger.ConditionGood // bought new
		}
		var err error
		if bought, body.Bought, err = tx.newLots(c, in.Bought); err != nil {
			return err
		}
		a, err := tx.step(c, m.Actor(), ledger.TypeMoneySpent, body)
		if err != nil {
			return err
		}
		idx = a.Index
		if err := tx.saveCustody(c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO spendings (entry, org, category, currency, total_minor, supplier, invoice_sha256, purpose, spent_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.Index, m.Org, body.Category, body.Currency, body.Total(), body.Supplier, body.InvoiceSHA256,
			body.Purpose, body.Date); err != nil {
			return fmt.Errorf("saving spending: %w", err)
		}
		for _, l := range body.Lines {
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO spending_lines (entry, lot, amount_minor) VALUES (?, ?, ?)`, a.Index, l.Lot, l.Quantity); err != nil {
				return fmt.Errorf("saving spending line: %w", err)
			}
		}
		return nil
	})
	return idx, bought, err
}

// typedAmount returns typed[i] read in the currency of money lot code, if
// it was typed, else q.
func typedAmount(c *ledger.Custody, code string, q int64, typed []string, i int) (int64, error) {
	if i >= len(typed) || typed[i] == "" {
		return q, nil
	}
	l, ok := c.Lots[code]
	if !ok {
		return 0, ledger.Errorf(ledger.ENOTFOUND, "no lot %s", ledger.FormatCode(code))
	}
	if !l.IsMoney() {
		return 0, ledger.Errorf(ledger.EINVALID, "%s is not a money lot", ledger.FormatCode(code))
	}
	return ledger.ParseAmount(l.Unit, typed[i])
}

// DisburseInput is money passed on to another verified organisation: an
// amount, as typed in the lot's currency, of one money lot.
type DisburseInput struct {
	Lot    string
	Amount string
	To     int64
}

// Disburse sends an amount of a money lot held by m's organisation to
// another verified warehouse or recipient, as a handoff without carrier;
// the receiver confirms with ConfirmReceipt. It returns the handoff's id.
// Returns ECONFLICT if the lot holds less.
func (s *Store) Disburse(ctx context.Context, m ledger.Member, in DisburseInput, nonce string) (int64, error) {
	var id int64
	err := s.custodyWrite(ctx, m, m.Custodian(), nonceRequired(nonce), []string{in.Lot}, func(tx *Tx, c *ledger.Custody, codes []string) error {
		q, err := typedAmount(c, codes[0], 0, []string{in.Amount}, 0)
		if err != nil {
			return err
		}
		id, err = tx.dispatch(c, m, DispatchInput{To: in.To, Lines: []ledger.SentLot{{Lot: codes[0], Quantity: q}}}, codes)
		return err
	})
	return id, err
}

// ConfirmTransfer is the receiver's confirmation of a disbursement: the
// amount that arrived, as typed in the lot's currency, and a reason for
// any difference.
func (s *Store) ConfirmTransfer(ctx context.Context, m ledger.Member, id int64, lot, amount, reason, note string) error {
	return s.handoffWrite(ctx, m, m.Custodian(), id, func(tx *Tx, c *ledger.Custody) error {
		code, err := ledger.NormalizeCode(lot)
		if err != nil {
			return err
		}
		q, err := typedAmount(c, code, 0, []string{amount}, 0)
		if err != nil {
			return err
		}
		return tx.confirmReceipt(c, m, id, []ReceiptLine{{Lot: code, Received: q, Condition: ledger.ConditionGood, Reason: reason, Note: note}})
	})
}
