package ledger

import "time"

// Dates within reason. A date typed wrong (9999-12-31, 0001-01-01) would
// stay in the ledger for good, so the rules refuse it, in the store and in
// the replay alike, measured from the entry's own time.

// EarliestDate is the earliest date any entry may carry.
const EarliestDate = "2000-01-01"

// Bounds of dates ahead of the entry's time.
const (
	maxExpiryYears = 30
)

// CheckPastDate returns EINVALID unless date (YYYY-MM-DD) is a date on
// which something already happened as of now: from EarliestDate to one day
// after now (a day's grace for time zones). Uses, receipts, value dates and
// invoice dates are such dates.
func CheckPastDate(date string, now time.Time) error {
	d, err := time.Parse(DateFormat, date)
	if err != nil || date < EarliestDate || d.After(now.UTC().AddDate(0, 0, 1)) {
		return Errorf(EINVALID, "the date %s must be between %s and today", date, EarliestDate).In("date")
	}
	return nil
}

// CheckExpiry returns EINVALID unless an expiry date is from EarliestDate
// to 30 years after now.
func CheckExpiry(date string, now time.Time) error {
	d, err := time.Parse(DateFormat, date)
	if err != nil || date < EarliestDate || d.After(now.UTC().AddDate(maxExpiryYears, 0, 0)) {
		return Errorf(EINVALID, "the expiry date %s must be between %s and 30 years from now", date, EarliestDate)
	}
	return nil
}

// entryTime parses an entry's time; the envelope was checked already, so a
// bad time reads as the zero time, which every date check refuses.
func entryTime(s string) time.Time {
	t, _ := ParseTime(s)
	return t
}
