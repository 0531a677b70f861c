package sqlite

// /data/epcis.jsonld: the custody entries as GS1 EPCIS 2.0 events, mapped
// by ledger/opendata from the entries and the replayed custody (never from
// private tables), a page of entries at a time.

import (
	"context"
	"encoding/hex"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
	"golang.org/x/mod/sumdb/tlog"
)

// EPCISPage is how many entries one page of the EPCIS export covers (a
// variable for tests of paging).
var EPCISPage int64 = 1 << 14

// ExportEPCIS calls fn with the EPCIS events of the entries [from, end),
// in log order; end is at most the latest checkpoint's size. base is the
// server's public URL.
func (s *Store) ExportEPCIS(ctx context.Context, base string, from, end int64, fn func(*opendata.Event) error) error {
	end = min(end, s.Latest().Size)
	const bundle = 1 << TileHeight
	for first := from; first < end; first += bundle {
		es, err := s.entriesWithLeaves(ctx, first, min(first+bundle, end))
		if err != nil {
			return err
		}
		var evs []opendata.Event
		// Map under the figures' lock, write after it: a slow reader
		// must not hold up the public pages.
		err = s.withFigures(ctx, func(f *figures) error {
			m := s.epcisMapper(ctx, base, f)
			for _, e := range es {
				if e.Entry == nil {
					continue // not an entry (the verifier reports it)
				}
				// An entry the replay refused may name what does not
				// exist; it makes no event (as in aidtrail-verify).
				got, _ := m.Events(e.Index, hex.EncodeToString(e.Leaf[:]), e.Entry)
				evs = append(evs, got...)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i := range evs {
			if err := fn(&evs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// epcisMapper maps entries with the replayed custody of f, reading the
// entries a correction names from the log.
func (s *Store) epcisMapper(ctx context.Context, base string, f *figures) *opendata.EPCIS {
	return &opendata.EPCIS{Base: base, Custody: ledger.CustodyOf(f.state), Entry: func(index int64) (*ledger.Entry, string, error) {
		es, err := s.entriesWithLeaves(ctx, index, index+1)
		if err != nil {
			return nil, "", err
		}
		if len(es) != 1 || es[0].Entry == nil {
			return nil, "", fmt.Errorf("entry %d is missing", index)
		}
		return es[0].Entry, hex.EncodeToString(es[0].Leaf[:]), nil
	}}
}

// entriesWithLeaves reads and decodes the entries [first, end) with their
// leaf hashes.
func (s *Store) entriesWithLeaves(ctx context.Context, first, end int64) ([]*ledger.StoredEntry, error) {
	es, err := queryEntries(ctx, s.db, true, `SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx`, first, end)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(es))
	for i, e := range es {
		if e.Index != first+int64(i) {
			return nil, fmt.Errorf("entry %d is missing", first+int64(i))
		}
		ids[i] = tlog.StoredHashIndex(0, e.Index)
	}
	hs, err := readHashesIn(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	for i := range es {
		es[i].Leaf = hs[i]
	}
	return es, nil
}
