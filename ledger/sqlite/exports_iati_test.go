package sqlite

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"

	"github.com/aidtrail/aidtrail/ledger/opendata"
)

// ReplayedIATI returns the iati-activities document a full replay of the
// log up to the latest checkpoint derives, generated at now: the
// reference the export from the read models must equal.
func (s *Store) ReplayedIATI(ctx context.Context, base string, now time.Time) (*opendata.IATIActivities, error) {
	f, err := s.replayForExports(ctx)
	if err != nil {
		return nil, err
	}
	m := opendata.IATIOfState(base, s.Origin(), f.state)
	txs := map[int64][]opendata.IATITransaction{}
	for _, r := range f.funds {
		got, err := m.Transactions(opendata.MoneyEntry{Ref: opendata.EntryRef{Index: r.link.Index, LeafHash: r.link.Hash}, Time: r.time, Org: r.org, Body: r.body})
		if err != nil {
			return nil, err
		}
		for org, ts := range got {
			txs[org] = append(txs[org], ts...)
		}
	}
	doc := &opendata.IATIActivities{Version: opendata.IATIVersion, Generated: now.UTC().Format(time.RFC3339)}
	for _, org := range slices.Sorted(maps.Keys(txs)) {
		ts := txs[org]
		start := slices.MinFunc(ts, func(a, b opendata.IATITransaction) int { return cmp.Compare(a.Date.ISODate, b.Date.ISODate) }).Date.ISODate
		doc.Activity.List = append(doc.Activity.List, m.Activity(org, start, opendata.Elements[opendata.IATITransaction]{List: ts}))
	}
	return doc, nil
}
