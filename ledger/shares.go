package ledger

import (
	"math/bits"
)

// Shares of a purchase. When a purchase draws on several donors' money,
// each donor's share is stated exactly: the amount of their money spent is
// the sum of the purchase's lines whose money lot originates from their
// pledge (integer minor units, exact by construction), and each lot bought
// is apportioned to the donors by those amounts with the largest-remainder
// (Hamilton) method, so every part is a whole unit and the parts add up to
// the lot's quantity exactly. No floating point anywhere.

// Apportion splits q into len(weights) whole parts proportional to weights:
// each part first gets floor(q*w/W) (computed exactly in 128 bits), and the
// units left over go one each to the parts with the largest remainders,
// ties to the earlier part. Weights must be positive and q non-negative;
// the parts add up to q.
func Apportion(q int64, weights []int64) []int64 {
	parts := make([]int64, len(weights))
	rems := make([]uint64, len(weights))
	var total uint64
	for _, w := range weights {
		total += uint64(w)
	}
	if total == 0 || q <= 0 {
		return parts
	}
	left := q
	for i, w := range weights {
		hi, lo := bits.Mul64(uint64(q), uint64(w))
		quo, rem := bits.Div64(hi, lo, total) // quo <= q: no overflow
		parts[i], rems[i] = int64(quo), rem
		left -= int64(quo)
	}
	for ; left > 0; left-- {
		best := -1
		for i := range rems {
			if best < 0 || rems[i] > rems[best] {
				best = i
			}
		}
		parts[best]++
		rems[best] = 0 // each part gets at most one extra unit (left < len(weights))
	}
	return parts
}

// Share is one donor's part of a purchase: Amount of the money of Pledge
// (minor units), and Quantities, per lot bought (in the order of Bought),
// the part of that lot bought with it.
type Share struct {
	Pledge     string
	Amount     int64
	Quantities []int64
}

// PurchaseShares returns each donor's share of b, in the order in which
// the donors' money lots first appear in b's lines. pledgeOf returns a
// money lot's origin pledge.
func PurchaseShares(b *MoneySpent, pledgeOf func(lot string) string) []Share {
	var out []Share
	at := map[string]int{}
	for _, l := range b.Lines {
		p := pledgeOf(l.Lot)
		i, ok := at[p]
		if !ok {
			i = len(out)
			at[p] = i
			out = append(out, Share{Pledge: p})
		}
		out[i].Amount += l.Quantity
	}
	weights := make([]int64, len(out))
	for i, s := range out {
		weights[i] = s.Amount
		out[i].Quantities = make([]int64, len(b.Bought))
	}
	for j, nl := range b.Bought {
		for i, q := range Apportion(nl.Quantity, weights) {
			out[i].Quantities[j] = q
		}
	}
	return out
}
