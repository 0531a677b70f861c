package ledger

import (
	"context"
	"time"
)

type timeKey struct{}

// WithTime returns a context whose writes are dated t instead of now. Only
// the demo scenario uses it, to lay out weeks of history in one start.
func WithTime(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, timeKey{}, t)
}

// TimeFrom returns the time set by WithTime, or now.
func TimeFrom(ctx context.Context, now time.Time) time.Time {
	if t, ok := ctx.Value(timeKey{}).(time.Time); ok {
		return t
	}
	return now
}
