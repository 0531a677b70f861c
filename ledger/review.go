package ledger

import "fmt"

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

// Review is where a submission (a need, an organisation) stands in review.
// Each area builds it from its own state (NeedState.review,
// OrgState.review); NextStage is the four-eyes rule for all of them.
type Review struct {
	SubmitterOrg  int64 // the organisation that submitted it
	SubmitterUser int64 // the user who submitted it
	Approvals     int   // approvals it needs: 1, or 2 (a second auditor re-reviews)
	Stage1User    int64 // the auditor who approved at stage 1, 0 if none yet
	Decided       bool  // approved for good, or rejected
}

// NextStage says which stage of a submission actor may decide now: only a
// platform user reviews, nobody reviews their own organisation's
// submission, and the re-review must be by another auditor. (Whether the
// platform user is an auditor is their role, checked by the store.)
func (r Review) NextStage(actor Actor) (stage int, err error) {
	switch {
	case actor.Org != PlatformOrgID || actor.User == 0:
		return 0, Errorf(EFORBIDDEN, "your account is not allowed to do this")
	case r.Decided:
		return 0, Errorf(ECONFLICT, "this submission has already been decided")
	case actor.Org == r.SubmitterOrg || actor.User == r.SubmitterUser:
		return 0, Errorf(EFORBIDDEN, "you cannot review your own organisation's submission")
	case r.Stage1User == 0:
		return 1, nil
	case r.Approvals < 2:
		return 0, Errorf(ECONFLICT, "this submission has already been decided")
	case r.Stage1User == actor.User:
		return 0, Errorf(EFORBIDDEN, "the re-review must be done by a different auditor")
	}
	return 2, nil
}

// Reviewed is the effect of a review decision on its submission.
type Reviewed struct {
	Stage int
	// Outcome is Approve once approved for good, Reject once rejected, ""
	// while it waits for the re-review.
	Outcome string
}

// step checks decision b by actor on the submission under review r and
// returns its effect: the entry must decide the next stage.
func (r Review) step(actor Actor, b *ReviewDecided) (*Reviewed, error) {
	stage, err := r.NextStage(actor)
	if err != nil {
		return nil, err
	}
	if b.Stage != stage {
		return nil, fmt.Errorf("%s: review stage %d out of order (the next is %d)", b.Subject, b.Stage, stage)
	}
	out := &Reviewed{Stage: stage}
	switch {
	case b.Decision == Reject:
		out.Outcome = Reject
	case stage == max(r.Approvals, 1):
		out.Outcome = Approve
	}
	return out, nil
}

// reviewRules are the replay rules of reviews, by the reviewed subject's
// kind: the area's own Step decides.
var reviewRules = map[string]Rule{SubjectNeed: replayNeed, SubjectOrg: replayOrg}

// applyReviewDecided hands a decision to the area of its subject.
func applyReviewDecided(s *State, index int64, e *Entry, body Body) error {
	kind, _ := SplitSubject(body.(*ReviewDecided).Subject)
	if r := reviewRules[kind]; r != nil {
		return r(s, index, e, body)
	}
	return nil
}
