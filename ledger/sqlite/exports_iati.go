package sqlite

// /data/iati.xml: the money entries as IATI 2.03 activities, mapped by
// ledger/opendata from the replay (never from private tables).

import (
	"context"
	"time"

	"github.com/aidtrail/aidtrail/ledger/opendata"
)

// ExportIATI returns the iati-activities document of the money entries
// within the latest checkpoint, generated at now. base is the server's
// public URL.
func (s *Store) ExportIATI(ctx context.Context, base string, now time.Time) (*opendata.IATIActivities, error) {
	doc := &opendata.IATIActivities{Version: opendata.IATIVersion, Generated: now.UTC().Format(time.RFC3339)}
	err := s.withFigures(ctx, func(f *figures) error {
		entries := make([]opendata.MoneyEntry, len(f.funds))
		for i, m := range f.funds {
			entries[i] = opendata.MoneyEntry{Ref: opendata.EntryRef{Index: m.link.Index, LeafHash: m.link.Hash}, Time: m.time, Org: m.org, Body: m.body}
		}
		var err error
		doc.Activity, err = (&opendata.IATI{Base: base, Origin: s.Origin(), State: f.state}).Activities(entries)
		return err
	})
	return doc, err
}
