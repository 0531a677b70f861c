package ledger

import (
	"fmt"
	"slices"
)

// Four-eyes review: submissions (organisations, needs) are published only
// after an auditor approves them, and above a threshold only after a
// second, different auditor re-reviews. Every decision is an entry.

// TypeReviewDecided records one auditor's decision on a submission.
const TypeReviewDecided = "review.decided"

func init() { Register(TypeReviewDecided, &ReviewDecided{}) }

// Review decisions.
const (
	Approve = "approve"
	Reject  = "reject"
)

// ReviewDecided is the body of review.decided. The auditor is the entry's
// actor (user id only).
type ReviewDecided struct {
	Subject  string `json:"subject"`  // e.g. "org:4", "need:12"
	Stage    int    `json:"stage"`    // 1 = review, 2 = re-review
	Decision string `json:"decision"` // approve | reject
	Reason   string `json:"reason,omitempty"`
}

// Validate checks the stage, decision and reason.
func (b *ReviewDecided) Validate() error {
	switch {
	case b.Stage != 1 && b.Stage != 2:
		return Errorf(EINVALID, "bad review stage")
	case b.Decision != Approve && b.Decision != Reject:
		return Errorf(EINVALID, "choose approve or reject")
	case b.Decision == Reject && !sensibleText(b.Reason, 2, 500):
		return Errorf(EINVALID, "give a reason for the rejection (2 to 500 characters)").In("reason")
	case !sensibleText(b.Reason, 0, 500):
		return Errorf(EINVALID, "the reason is too long").In("reason")
	}
	kind, id := SplitSubject(b.Subject)
	if (kind != SubjectOrg && kind != SubjectNeed) || id == "" {
		return Errorf(EINVALID, "bad review subject")
	}
	return nil
}

// ReviewState is where a submission stands in review.
type ReviewState struct {
	SubmitterOrg  int64 // the organisation that submitted it
	SubmitterUser int64 // the user who submitted it
	Stage1User    int64 // the auditor who approved at stage 1, 0 if none yet
	NeedsSecond   bool  // above the threshold: a second auditor must re-review
	Decided       bool  // approved for good, or rejected
}

// CheckReview says whether auditor m may decide the next stage of a
// submission, and which stage that is. Nobody reviews their own
// organisation's submission, and the re-review must be by another auditor.
func CheckReview(m Member, st ReviewState) (stage int, err error) {
	if err := m.Require(m.IsAuditor()); err != nil {
		return 0, err
	}
	if st.Decided {
		return 0, Errorf(ECONFLICT, "this submission has already been decided")
	}
	if m.Org == st.SubmitterOrg || m.User == st.SubmitterUser {
		return 0, Errorf(EFORBIDDEN, "you cannot review your own organisation's submission")
	}
	if st.Stage1User == 0 {
		return 1, nil
	}
	if !st.NeedsSecond {
		return 0, Errorf(ECONFLICT, "this submission has already been decided")
	}
	if st.Stage1User == m.User {
		return 0, Errorf(EFORBIDDEN, "the re-review must be done by a different auditor")
	}
	return 2, nil
}

// ReviewRule applies a review.decided entry to the state of the area that
// owns the reviewed subject's kind (organisations, needs).
type ReviewRule func(s *State, index int64, e *Entry, b *ReviewDecided) error

// reviewRules are the replay rules of reviews, by the reviewed subject's kind.
var reviewRules = map[string]ReviewRule{SubjectNeed: applyNeedReview, SubjectOrg: applyOrgReview}

// applyReviewDecided: a decision is made by a platform member on a subject
// the entry names; the subject's area checks the rest.
func applyReviewDecided(s *State, index int64, e *Entry, body Body) error {
	b := body.(*ReviewDecided)
	if !slices.Contains(e.Subjects, b.Subject) {
		return fmt.Errorf("review of %s by an entry whose subjects do not include it", b.Subject)
	}
	if e.Actor.Org != PlatformOrgID || e.Actor.User == 0 {
		return fmt.Errorf("review of %s by someone who is not a platform auditor", b.Subject)
	}
	kind, _ := SplitSubject(b.Subject)
	if r := reviewRules[kind]; r != nil {
		return r(s, index, e, b)
	}
	return nil
}
