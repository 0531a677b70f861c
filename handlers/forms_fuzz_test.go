package handlers

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

// FuzzNeedAndPledgeForms: the need and pledge form parsers never panic on
// any body, and what they accept is well-formed: need lines within range
// and in order, money within the limits, at most MaxNeedLines need lines.
func FuzzNeedAndPledgeForms(f *testing.F) {
	for _, s := range []string{
		"title=ICU&line_1_item=mask-surgical&line_1_quantity=10&line_1_no=1",
		"kind=goods&need=3&need_line_2=5&need_line_1=7",
		"kind=money&currency=CNY&amount=1%2C000.50",
		"kind=goods&item_1=tent&quantity_1=-1&need_line_99=1",
		"need_line_x=3&kind=goods&line_51_item=a&line_51_quantity=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}
		if in, err := parsePledgeForm(req()); err == nil {
			for i, l := range in.Lines {
				if l.NeedLine < 0 || l.NeedLine > ledger.MaxNeedLines || (i > 0 && l.NeedLine < in.Lines[i-1].NeedLine) {
					t.Fatalf("pledge lines %+v", in.Lines)
				}
			}
			if in.Kind == ledger.PledgeMoney && (in.AmountMinor < 1 || in.AmountMinor > ledger.MaxAmountMinor) {
				t.Fatalf("money %d", in.AmountMinor)
			}
		}
		if in, err := parseNeedForm(req()); err == nil && len(in.Lines) > ledger.MaxNeedLines {
			t.Fatalf("%d need lines", len(in.Lines))
		}
	})
}
