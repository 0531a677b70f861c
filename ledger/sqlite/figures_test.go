package sqlite_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// BenchmarkOverview: the transparency page's figures over a log of 5,000
// pledges received as lots (10,000 entries), read from the read models.
func BenchmarkOverview(b *testing.B) {
	ctx := context.Background()
	s := sqlitetest.Open(b)
	wh := sqlitetest.Org(b, s, ledger.OrgWarehouse, "Central Warehouse")
	donor := sqlitetest.Donor(b, s)
	due := time.Now().UTC().AddDate(0, 0, 3).Format(ledger.DateFormat)
	var wg sync.WaitGroup
	for w := 0; w < 50; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				r, err := s.MakePledge(ctx, donor, sqlite.PledgeInput{Kind: ledger.PledgeGoods, Handover: ledger.HandoverDropOff, Due: due, DeliverTo: wh.Org,
					Lines: []sqlite.PledgeLineInput{{Item: "mask-surgical", Quantity: 100}}})
				if err == nil {
					_, err = s.ReceivePledge(ctx, wh, r.Code, []sqlite.LotInput{{Item: "mask-surgical", Quantity: 100, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
				}
				if err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		o, err := s.Overview(ctx, 10)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 && o.Items[0].Received != 5000*100 {
			b.Fatalf("received %d", o.Items[0].Received)
		}
	}
}
