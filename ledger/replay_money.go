package ledger

import (
	"sort"
)

// The replay of money entries and the balances re-derived from the ledger
// alone.

// MoneyReceipt is a money.received as the replay saw it.
type MoneyReceipt struct {
	Index int64
	Org   int64
	MoneyReceived
}

// Spending is a money.spent as the replay saw it.
type Spending struct {
	Index int64
	Org   int64
	MoneySpent
}

type fundsState struct {
	receipts  []*MoneyReceipt
	spendings []*Spending
}

// ReplayedReceipts returns the money receipts so far, in log order.
func ReplayedReceipts(s *State) []*MoneyReceipt { return Part[fundsState](s).receipts }

// ReplayedSpendings returns the spendings so far, in log order.
func ReplayedSpendings(s *State) []*Spending { return Part[fundsState](s).spendings }

// replayMoneyReceived: custody checks the pledge (Step) and creates the
// lot; the receipt is kept for the balances.
func replayMoneyReceived(s *State, index int64, e *Entry, body Body) error {
	if err := replayCustody(s, index, e, body); err != nil {
		return err
	}
	f := Part[fundsState](s)
	f.receipts = append(f.receipts, &MoneyReceipt{Index: index, Org: e.Actor.Org, MoneyReceived: *body.(*MoneyReceived)})
	return nil
}

func replayMoneySpent(s *State, index int64, e *Entry, body Body) error {
	if err := replayCustody(s, index, e, body); err != nil {
		return err
	}
	f := Part[fundsState](s)
	f.spendings = append(f.spendings, &Spending{Index: index, Org: e.Actor.Org, MoneySpent: *body.(*MoneySpent)})
	return nil
}

// Balance is one organisation's money in one currency, in minor units.
// Held = Donated + TransferredIn - Disbursed - spent - WrittenOff always;
// InTransit is the part of Disbursed not yet confirmed by its receiver.
type Balance struct {
	Org           int64
	Currency      string
	Donated       int64            // confirmed received from donors (money.received)
	TransferredIn int64            // confirmed received from other organisations
	Disbursed     int64            // sent to other organisations (not rejected)
	Spent         map[string]int64 // by category (money.spent)
	WrittenOff    int64            // lost, net of corrections
	Held          int64
	InTransit     int64
}

// Received is all money the organisation confirmed receiving.
func (b *Balance) Received() int64 { return b.Donated + b.TransferredIn }

// SpentTotal is the money spent in all categories.
func (b *Balance) SpentTotal() int64 {
	var t int64
	for _, v := range b.Spent {
		t += v
	}
	return t
}

// Balances are balances by organisation and currency.
type Balances map[BalanceKey]*Balance

// BalanceKey identifies a balance.
type BalanceKey struct {
	Org      int64
	Currency string
}

// At returns the balance of org in currency, created empty if need be.
func (bs Balances) At(org int64, currency string) *Balance {
	k := BalanceKey{org, currency}
	b := bs[k]
	if b == nil {
		b = &Balance{Org: org, Currency: currency, Spent: map[string]int64{}}
		bs[k] = b
	}
	return b
}

// Sorted returns the balances by organisation, then currency.
func (bs Balances) Sorted() []*Balance {
	out := make([]*Balance, 0, len(bs))
	for _, b := range bs {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Org != out[j].Org {
			return out[i].Org < out[j].Org
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}

// Totals returns the sums of the balances by currency (Org 0), by currency.
func (bs Balances) Totals() []*Balance {
	tot := Balances{}
	for _, b := range bs {
		t := tot.At(0, b.Currency)
		t.Donated += b.Donated
		t.TransferredIn += b.TransferredIn
		t.Disbursed += b.Disbursed
		t.WrittenOff += b.WrittenOff
		t.Held += b.Held
		t.InTransit += b.InTransit
		for c, n := range b.Spent {
			t.Spent[c] += n
		}
	}
	return tot.Sorted()
}

// ReplayedBalances re-derives every organisation's balances from the
// replayed state: receipts, spendings, money handoffs, write-offs and the
// money lots themselves.
func ReplayedBalances(s *State) Balances {
	c, f := CustodyOf(s), Part[fundsState](s)
	bs := Balances{}
	for _, r := range f.receipts {
		bs.At(r.Org, r.Currency).Donated += r.AmountMinor
	}
	for _, sp := range f.spendings {
		bs.At(sp.Org, sp.Currency).Spent[sp.Category] += sp.Total()
	}
	for _, h := range c.Handoffs {
		if h.Status == StatusRejected {
			continue
		}
		for _, ln := range h.Lines {
			l := c.Lots[ln.Lot]
			if l == nil || !l.IsMoney() {
				continue
			}
			bs.At(h.From, l.Unit).Disbursed += ln.Quantity
			if h.Status == StatusReceived {
				bs.At(h.To, l.Unit).TransferredIn += ln.Received
			}
		}
	}
	for _, fi := range c.Finals {
		if l := c.Lots[fi.Lot]; l != nil && l.IsMoney() && fi.Type == TypeLotWrittenOff && fi.CorrectedBy == 0 {
			bs.At(fi.Org, l.Unit).WrittenOff += fi.Quantity
		}
	}
	for _, l := range c.Lots {
		if l.IsMoney() && l.Holder != 0 {
			b := bs.At(l.Holder, l.Unit)
			b.Held += l.Held
			b.InTransit += l.InTransit
		}
	}
	return bs
}
