package followup

import (
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

// t0 is the fake clock's start: Monday 2 March 2026, 09:00 UTC.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func request(status knowledge.RequestStatus, msgs ...knowledge.RequestMessage) Input {
	return Input{
		Request: knowledge.SupportRequest{ID: "req-1", Subject: "Lost card", Status: status, CreatedAt: t0, UpdatedAt: t0,
			Messages: msgs},
		State:       knowledge.RequestState{RequestID: "req-1", Assignee: "robin"},
		StatusSince: t0,
		Articles:    map[string]ArticleNow{},
	}
}

func customer(at time.Time) knowledge.RequestMessage {
	return knowledge.RequestMessage{Author: knowledge.AuthorCustomer, At: at, Text: "hello?"}
}

func agent(at time.Time) knowledge.RequestMessage {
	return knowledge.RequestMessage{Author: knowledge.AuthorAgent, AgentName: "robin", At: at, Text: "on it"}
}

// rules returns the rules that fire for in at now.
func rules(in Input, now time.Time, th Thresholds) map[Rule]Alert {
	out := map[Rule]Alert{}
	for _, a := range Evaluate([]Input{in}, now, th) {
		out[a.Rule] = a
	}
	return out
}

func TestRuleNoUpdate(t *testing.T) {
	in := request(knowledge.RequestInProgress)
	th := Thresholds{NoUpdateHours: 24}
	if _, ok := rules(in, t0.Add(23*time.Hour), th)[RuleNoUpdate]; ok {
		t.Error("fired before the threshold")
	}
	a, ok := rules(in, t0.Add(25*time.Hour), th)[RuleNoUpdate]
	if !ok || a.RequestID != "req-1" || a.Owner != "robin" || !a.Since.Equal(t0) || !strings.Contains(a.Reason, "24 hours") {
		t.Fatalf("no-update after 25 h: %+v (fired %v)", a, ok)
	}
	// A state change counts as an update.
	in.State.UpdatedAt = t0.Add(20 * time.Hour)
	if _, ok := rules(in, t0.Add(25*time.Hour), th)[RuleNoUpdate]; ok {
		t.Error("fired although the state was updated 5 hours ago")
	}
	// Waiting on the customer is not a stall of ours; done requests raise nothing.
	for _, st := range []knowledge.RequestStatus{knowledge.RequestWaitingOnCustomer, knowledge.RequestResolved, knowledge.RequestClosed} {
		in := request(st)
		if got := rules(in, t0.Add(100*time.Hour), th); len(got) != 0 {
			t.Errorf("status %s: %v", st, got)
		}
	}
}

func TestRuleUnanswered(t *testing.T) {
	th := Thresholds{UnansweredMessages: 3, NoUpdateHours: 1000}
	in := request(knowledge.RequestInProgress, customer(t0), agent(t0.Add(time.Hour)), customer(t0.Add(2*time.Hour)), customer(t0.Add(3*time.Hour)))
	if _, ok := rules(in, t0.Add(4*time.Hour), th)[RuleUnanswered]; ok {
		t.Error("fired after two unanswered messages with a threshold of three")
	}
	in.Request.Messages = append(in.Request.Messages, customer(t0.Add(4*time.Hour)))
	a, ok := rules(in, t0.Add(5*time.Hour), th)[RuleUnanswered]
	if !ok || !a.Since.Equal(t0.Add(2*time.Hour)) || !strings.Contains(a.Reason, "3 times") {
		t.Fatalf("three unanswered: %+v (fired %v)", a, ok)
	}
	in.Request.Messages = append(in.Request.Messages, agent(t0.Add(6*time.Hour)))
	if _, ok := rules(in, t0.Add(7*time.Hour), th)[RuleUnanswered]; ok {
		t.Error("fired after the agent replied")
	}
}

func TestRulePromisePassed(t *testing.T) {
	th := Thresholds{NoUpdateHours: 1000}
	promised := t0.Add(48 * time.Hour)
	in := request(knowledge.RequestWaitingOnInternal, customer(t0), agent(t0.Add(time.Hour)))
	in.State.PromisedAt = promised
	if _, ok := rules(in, promised.Add(-time.Minute), th)[RulePromisePassed]; ok {
		t.Error("fired before the promised time")
	}
	a, ok := rules(in, promised.Add(3*time.Hour), th)[RulePromisePassed]
	if !ok || !a.Since.Equal(promised) || !strings.Contains(a.Reason, "passed 3 hours ago") {
		t.Fatalf("promise passed: %+v (fired %v)", a, ok)
	}
	// Keeping the promise (a reply after the promised time) clears it.
	in.Request.Messages = append(in.Request.Messages, agent(promised.Add(time.Hour)))
	if _, ok := rules(in, promised.Add(3*time.Hour), th)[RulePromisePassed]; ok {
		t.Error("fired although the agent replied after the promised time")
	}
}

func TestRuleWaitingInternal(t *testing.T) {
	th := Thresholds{WaitingInternalHours: 8, NoUpdateHours: 1000}
	in := request(knowledge.RequestWaitingOnInternal)
	in.StatusSince = t0.Add(2 * time.Hour)
	if _, ok := rules(in, t0.Add(9*time.Hour), th)[RuleWaitingInternal]; ok {
		t.Error("fired after 7 hours with a limit of 8")
	}
	a, ok := rules(in, t0.Add(11*time.Hour), th)[RuleWaitingInternal]
	if !ok || !a.Since.Equal(t0.Add(2*time.Hour)) || !strings.Contains(a.Reason, "9 hours") {
		t.Fatalf("waiting 9 hours: %+v (fired %v)", a, ok)
	}
	in.Request.Status = knowledge.RequestInProgress
	if _, ok := rules(in, t0.Add(11*time.Hour), th)[RuleWaitingInternal]; ok {
		t.Error("fired for a request no longer waiting on internal")
	}
}

func TestRuleArticleChanged(t *testing.T) {
	th := Thresholds{NoUpdateHours: 1000}
	cited := t0.Add(time.Hour)
	in := request(knowledge.RequestInProgress)
	in.State.Citations = []knowledge.Citation{{ArticleID: "cards-lost", ArticleVersion: 2, At: cited}}
	in.Articles["cards-lost"] = ArticleNow{Exists: true, Title: "Lost cards", Version: 2, UpdatedAt: t0}
	now := t0.Add(10 * time.Hour)
	if _, ok := rules(in, now, th)[RuleArticleChanged]; ok {
		t.Error("fired for an unchanged article")
	}
	in.Articles["cards-lost"] = ArticleNow{Exists: true, Title: "Lost cards", Version: 3, UpdatedAt: cited.Add(2 * time.Hour)}
	a, ok := rules(in, now, th)[RuleArticleChanged]
	if !ok || a.Ref != "cards-lost" || !strings.Contains(a.Reason, "version 2 then, 3 now") {
		t.Fatalf("changed after citing: %+v (fired %v)", a, ok)
	}
	in.Articles["cards-lost"] = ArticleNow{Exists: true, Title: "Lost cards", Version: 2, UpdatedAt: t0, FlaggedAt: cited.Add(time.Hour)}
	if a, ok := rules(in, now, th)[RuleArticleChanged]; !ok || !strings.Contains(a.Reason, "flagged") {
		t.Errorf("flagged after citing: %+v (fired %v)", a, ok)
	}
	in.Articles["cards-lost"] = ArticleNow{Exists: true, Version: 2, UpdatedAt: t0, FlaggedAt: cited.Add(-time.Minute)}
	if _, ok := rules(in, now, th)[RuleArticleChanged]; ok {
		t.Error("fired for a flag older than the citation")
	}
	in.Articles["cards-lost"] = ArticleNow{Exists: true, Title: "Lost cards", Version: 2, Archived: true}
	if a, ok := rules(in, now, th)[RuleArticleChanged]; !ok || !strings.Contains(a.Reason, "archived") {
		t.Errorf("archived: %+v (fired %v)", a, ok)
	}
	delete(in.Articles, "cards-lost")
	if a, ok := rules(in, now, th)[RuleArticleChanged]; !ok || !strings.Contains(a.Reason, "deleted") {
		t.Errorf("deleted: %+v (fired %v)", a, ok)
	}
}

func TestRuleStepOverrun(t *testing.T) {
	th := Thresholds{NoUpdateHours: 1000}
	in := request(knowledge.RequestInProgress)
	in.State.Plan = &knowledge.Plan{Title: "Replace a lost card", StartedAt: t0, Steps: []knowledge.PlanStep{
		{Title: "Verify identity", Minutes: 15, Due: t0.Add(15 * time.Minute), DoneAt: t0.Add(10 * time.Minute)},
		{Title: "Block the card", Minutes: 5, Due: t0.Add(20 * time.Minute)},
		{Title: "Order a new card", Minutes: 24 * 60, Due: t0.Add(24*time.Hour + 20*time.Minute)},
	}}
	if _, ok := rules(in, t0.Add(19*time.Minute), th)[RuleStepOverrun]; ok {
		t.Error("fired before any open step was due")
	}
	got := Evaluate([]Input{in}, t0.Add(2*time.Hour), th)
	if len(got) != 1 || got[0].Rule != RuleStepOverrun || got[0].Ref != "2" || !strings.Contains(got[0].Reason, "Block the card") {
		t.Fatalf("overrun at +2h: %+v", got)
	}
	in.State.Plan.Steps[1].DoneAt = t0.Add(3 * time.Hour)
	if _, ok := rules(in, t0.Add(4*time.Hour), th)[RuleStepOverrun]; ok {
		t.Error("fired for a completed step")
	}
}

func TestEvaluateOrdersAndDefaults(t *testing.T) {
	a := request(knowledge.RequestInProgress, customer(t0), customer(t0.Add(time.Minute)))
	b := request(knowledge.RequestInProgress)
	b.Request.ID = "req-0"
	got := Evaluate([]Input{a, b}, t0.Add(49*time.Hour), Thresholds{})
	if len(got) != 3 || got[0].RequestID != "req-0" || got[1].Rule != RuleNoUpdate || got[2].Rule != RuleUnanswered {
		t.Fatalf("defaults (48 h, 2 messages) and order: %+v", got)
	}
	if d := (Thresholds{}).WithDefaults(); d.CheckMinutes != DefaultCheckMinutes || d.WaitingInternalHours != DefaultWaitingInternalHours {
		t.Errorf("defaults: %+v", d)
	}
	if got := Evaluate(nil, t0, Thresholds{}); got == nil || len(got) != 0 {
		t.Errorf("no requests: %v, want an empty list", got)
	}
}
