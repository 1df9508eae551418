package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/procedure"
)

// AttachProcedure builds a request's plan from the procedure an article
// declares (see knowledge/procedure for the convention), starting now, and
// records it on the timeline. A plan already attached is replaced; its
// completed steps stay on the timeline.
func (c *Core) AttachProcedure(ctx context.Context, requestID, articleID string) (RequestOverview, error) {
	a, err := c.store.Get(ctx, articleID)
	if err != nil {
		return RequestOverview{}, err
	}
	p, err := procedure.Parse(a.Body)
	if errors.Is(err, procedure.ErrNoProcedure) {
		return RequestOverview{}, knowledge.Errorf(knowledge.ErrInvalid, "%q has no procedure to follow: an editor can add a \"## Procedure\" heading with a task list such as \"- [ ] Verify identity (15m)\"", a.Title)
	}
	if err != nil {
		return RequestOverview{}, err
	}
	plan := procedure.Plan(a, p, c.now())
	return c.changeState(ctx, requestID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		st.Plan = &plan
		return []knowledge.TimelineEvent{{Kind: knowledge.EventProcedure, Text: plan.Title, ArticleID: a.ID,
			ArticleVersion: a.Version, Department: a.Department, Due: lastDue(plan)}}, nil
	})
}

// lastDue is when the whole plan should be done.
func lastDue(p knowledge.Plan) time.Time {
	if len(p.Steps) == 0 {
		return time.Time{}
	}
	return p.Steps[len(p.Steps)-1].Due
}

// CompleteStep checks off step (1-based) of the request's plan and records
// it on the timeline.
func (c *Core) CompleteStep(ctx context.Context, requestID string, step int) (RequestOverview, error) {
	me, now := c.profile().Name, c.now()
	return c.changeState(ctx, requestID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		if st.Plan == nil {
			return nil, knowledge.Errorf(knowledge.ErrInvalid, "the request has no procedure attached")
		}
		if step < 1 || step > len(st.Plan.Steps) {
			return nil, knowledge.Errorf(knowledge.ErrInvalid, "the procedure has steps 1 to %d; there is no step %d", len(st.Plan.Steps), step)
		}
		s := &st.Plan.Steps[step-1]
		if s.Done() {
			return nil, nil
		}
		s.DoneAt, s.DoneBy = now, me
		return []knowledge.TimelineEvent{{Kind: knowledge.EventStepDone, Text: s.Title, Ref: fmt.Sprint(step), Due: s.Due}}, nil
	})
}
