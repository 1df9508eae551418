package assist

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// fixedRetriever answers each query from a table keyed by a word of it.
type fixedRetriever struct {
	byWord map[string][]Passage
	calls  []string
}

func (r *fixedRetriever) Retrieve(_ context.Context, q string) ([]Passage, error) {
	r.calls = append(r.calls, q)
	for w, ps := range r.byWord {
		if strings.Contains(strings.ToLower(q), w) {
			return ps, nil
		}
	}
	return nil, nil
}

func TestSuggestForRetrievesPerQuestionAndCoversEach(t *testing.T) {
	r := &fixedRetriever{byWord: map[string][]Passage{
		"refund":   {multiDept[1], multiDept[0]},
		"password": {multiDept[3], multiDept[2]},
	}}
	ans := answerJSON(rawAnswer{Options: []rawOption{
		{Label: LabelResolve, Title: "Refunds and sign-in", Reply: "Hi Anna,\n\n" + multiDept[1].Text + "\n\n" + multiDept[3].Text,
			Steps: []string{"Issue the refund"}, Citations: []string{"billing-refunds#1", "tech-login-help#0", "billing-refunds#2"}},
		{Label: LabelNextStep, Title: "Refunds", Reply: "Hi Anna,\n\n" + multiDept[1].Text + "\n\nI have passed this on to our billing team and will follow up with you by [follow-up date].",
			Citations: []string{"billing-refunds#1"}},
		{Label: "escalate", Title: "Sign-in", Reply: "Hi Anna,\n\nCheck the account is not locked in the admin panel when the customer cannot sign in with the password.",
			Citations: []string{"tech-login#0"}},
	}})
	f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: chunk(ans, 5)})
	sug, err := newEngine(t, f.config()).SuggestFor(context.Background(), testRequest, r, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.calls) != 3 || len(sug.Questions) != 2 {
		t.Fatalf("retrieved %q, questions %+v", r.calls, sug.Questions)
	}
	raw := f.received()[0].Raw
	if !strings.Contains(raw, `\u003cquestion n=\"1\"\u003e`) && !strings.Contains(raw, `<question n=\"1\">`) {
		t.Errorf("prompt lists no questions")
	}
	both, next, staff := sug.Options[0], sug.Options[1], sug.Options[2]
	if !both.Verified() || len(both.Unanswered) != 0 || both.Label != LabelResolve {
		t.Errorf("resolve: %v %+v unanswered %v", both.Flags, both.Sentences, both.Unanswered)
	}
	if !slices.Equal(next.Unanswered, []int{1}) || !next.SendBlocked() {
		t.Errorf("next step: unanswered %v gaps %+v", next.Unanswered, next.Gaps)
	}
	if !slices.Contains(staff.Flags, FlagInternalInReply) || staff.Verified() || staff.Label != "" {
		t.Errorf("staff text in reply not flagged: %v label %q", staff.Flags, staff.Label)
	}
	var paraQ []int
	for _, p := range both.Paragraphs {
		paraQ = append(paraQ, p.Question)
	}
	if !slices.Equal(paraQ, []int{-1, 0, 1}) {
		t.Errorf("paragraph questions %v", paraQ)
	}
}

func TestSuggestForOffTopicCallsNoModel(t *testing.T) {
	r := &fixedRetriever{byWord: map[string][]Passage{"poodle": {multiDept[1], multiDept[3]}}}
	f := newFakeLLM(t, ProviderOllama, fakeReply{chunks: []string{goodAnswer}})
	req := Request{Subject: "Grooming", Customer: Customer{Name: "Anna"}, Messages: []Message{{Author: AuthorCustomer, Text: "Do you do grooming for my poodle?"}}}
	sug, err := newEngine(t, f.config()).SuggestFor(context.Background(), req, r, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sug.NotInKB || len(f.received()) != 0 || sug.Options[0].Verified() || len(sug.Options) != 1 {
		t.Fatalf("%+v (model calls %d)", sug, len(f.received()))
	}
	if len(sug.PossiblyRelated) == 0 {
		t.Error("no possibly related articles")
	}
}

func TestSuggestForRetrieverError(t *testing.T) {
	boom := errors.New("index closed")
	_, err := newEngine(t, Config{}).SuggestFor(context.Background(), testRequest,
		RetrieverFunc(func(context.Context, string) ([]Passage, error) { return nil, boom }), Options{}, nil)
	if !errors.Is(err, boom) {
		t.Errorf("error %v", err)
	}
}

func TestOptionAskingForPasswordIsAlwaysFlagged(t *testing.T) {
	p := Passage{ID: "s#0", ArticleID: "s", Audience: "customer-facing", ArticleTitle: "Sign-in help",
		Text: "To check your account, reply with your password and we will look into it."}
	chk := newChecker(testRequest, []Passage{p})
	o := Option{Kind: KindLLM, Title: "Sign-in help", Reply: "Hi Anna,\n\nTo check your account, reply with your password and we will look into it.",
		Steps: []string{"Wait for the password"}}
	o.Citations, _ = chk.citations([]string{"s#0"})
	chk.check(&o)
	if !slices.Contains(o.Flags, FlagAsksForSecret) || o.Verified() {
		t.Errorf("flags %v", o.Flags)
	}
}

// Against the sample knowledge base: off-topic, gibberish and a near miss
// (a vaccination, but for a dog) are "not in the knowledge base", with a
// clarifying question and nothing verified; a real question is answered.
// (Known near misses that still pass as answered: "How do I reset the
// password of my wifi router?", "Can I buy car insurance from you?" —
// half their words are the knowledge base's.)
func TestSuggestForNotInKBOnTheSample(t *testing.T) {
	e := newEngine(t, Config{})
	r := engineRetriever{sampleEngine(t)}
	ask := func(text string) Suggestion {
		req := Request{Subject: text, Customer: Customer{Name: "Sam"}, Messages: []Message{{Author: AuthorCustomer, Text: text}}}
		sug, err := e.SuggestFor(context.Background(), req, r, Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return sug
	}
	for _, q := range []string{"Grooming for my poodle", "zxqv plorf", "My dog needs a vaccination"} {
		sug := ask(q)
		if !sug.NotInKB || sug.ClarifyingQuestion == "" || len(sug.Options) != 1 || sug.Options[0].Verified() {
			t.Errorf("%q: not in KB %v, options %+v", q, sug.NotInKB, sug.Options)
		}
	}
	if sug := ask("How do I reset my MyHealth password?"); sug.NotInKB || !sug.Options[0].Verified() {
		t.Errorf("answerable question: %+v", sug.Questions)
	}
}
