package assist

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"concierge/knowledge/assist/textscan"
)

// Retriever finds the passages for one question, best first, the way the
// app searches (hybrid, a few passages per article; Passage.Score and Weak
// filled, e.g. with PassagesFromHits). SuggestFor calls it once per
// candidate question.
type Retriever interface {
	Retrieve(ctx context.Context, query string) ([]Passage, error)
}

// RetrieverFunc adapts a function to Retriever.
type RetrieverFunc func(ctx context.Context, query string) ([]Passage, error)

// Retrieve calls f.
func (f RetrieverFunc) Retrieve(ctx context.Context, query string) ([]Passage, error) {
	return f(ctx, query)
}

// QuestionResult is one of the customer's questions and what the knowledge
// base has for it.
type QuestionResult struct {
	Text      string  `json:"text"`
	Answered  bool    `json:"answered"`  // its best passage reaches RelevanceThreshold
	Relevance float64 `json:"relevance"` // of its best passage
	// PassageIDs are its relevant passages (best first); ArticleID the
	// article of the best one.
	PassageIDs []string `json:"passageIds"`
	ArticleID  string   `json:"articleId"`
}

// RelatedArticle is an article offered as "possibly related".
type RelatedArticle struct {
	ArticleID      string  `json:"articleId"`
	ArticleVersion int     `json:"articleVersion"`
	Title          string  `json:"title"`
	Department     string  `json:"department"`
	Relevance      float64 `json:"relevance"`
}

// question is one question being answered.
type question struct {
	text      string
	retrieved []Passage // usable passages, retrieval order
	relevant  []Passage // clean passages reaching the threshold, most relevant first
	best      float64
	bestP     Passage
	marks     map[string]bool // passage id → carries injection signals
}

func (q question) answered() bool { return len(q.relevant) > 0 }

// maxPassagesPerQuestion bounds the relevant passages kept per question.
const maxPassagesPerQuestion = 4

// newQuestion scores retrieved passages for text.
func newQuestion(text string, retrieved []Passage, opts Options) question {
	q := question{text: text, marks: map[string]bool{}}
	lim := opts
	lim.MaxPassages = max(opts.MaxPassages, 2*DefaultMaxPassages)
	q.retrieved = selectPassages(retrieved, lim)
	type scored struct {
		p Passage
		r float64
	}
	var ss []scored
	for _, p := range q.retrieved {
		r := Relevance(text, p)
		if p.Weak {
			r = 0 // the retriever itself does not vouch for it
		}
		if q.marks[p.ID] = marked(p); q.marks[p.ID] {
			continue
		}
		if r > q.best || q.bestP.ID == "" {
			q.best, q.bestP = r, p
		}
		if r >= RelevanceThreshold {
			ss = append(ss, scored{p, r})
		}
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].r > ss[j].r })
	for i, s := range ss {
		if i == maxPassagesPerQuestion {
			break
		}
		q.relevant = append(q.relevant, s.p)
	}
	return q
}

// marked reports whether a passage carries injection signals.
func marked(p Passage) bool {
	return len(textscan.Scan(p.ArticleTitle+"\n"+strings.Join(p.Headings, "\n")+"\n"+p.Text)) > 0
}

// gather splits the request into questions, retrieves for each and merges
// questions whose best article is the same.
func gather(ctx context.Context, req Request, r Retriever, opts Options) ([]question, error) {
	var qs []question
	for _, text := range SplitQuestions(req) {
		ps, err := r.Retrieve(ctx, text)
		if err != nil {
			return nil, fmt.Errorf("find passages for %q: %w", clipRunes(text, 60), err)
		}
		q := newQuestion(text, ps, opts)
		merged := false
		for i := range qs {
			if q.answered() && qs[i].answered() && qs[i].relevant[0].ArticleID == q.relevant[0].ArticleID {
				qs[i] = newQuestion(qs[i].text+" "+text, append(append([]Passage(nil), qs[i].retrieved...), q.retrieved...), opts)
				merged = true
				break
			}
		}
		if !merged {
			qs = append(qs, q)
		}
	}
	return foldContext(qs, opts), nil
}

// foldContext joins statements the knowledge base does not answer and that
// ask nothing ("Call me on 0770…", "It happened on Monday.") into the
// question before them (or the first answered one): they are context, not
// questions. Unanswered questions ("…?") stay, to be asked about.
func foldContext(qs []question, opts Options) []question {
	first := -1
	for i, q := range qs {
		if q.answered() {
			first = i
			break
		}
	}
	if first < 0 {
		return qs
	}
	var out []question
	for i, q := range qs {
		if q.answered() || strings.HasSuffix(strings.TrimSpace(q.text), "?") {
			out = append(out, q)
			continue
		}
		target := len(out) - 1
		if target < 0 || !out[target].answered() {
			if i > first {
				continue
			}
			qs[first].text = q.text + " " + qs[first].text
			continue
		}
		out[target].text += " " + q.text
	}
	_ = opts
	return out
}

// SuggestFor is Suggest with retrieval per question: it splits the
// customer's messages into questions (SplitQuestions), asks r for each,
// decides per question whether the knowledge base answers it (Relevance),
// and drafts options covering every question. When none is answered the
// result is NotInKB with the closest articles as PossiblyRelated, and no
// model is called.
func (e *Engine) SuggestFor(ctx context.Context, req Request, r Retriever, opts Options, onToken func(string)) (Suggestion, error) {
	qs, err := gather(ctx, req, r, opts)
	if err != nil {
		return Suggestion{}, err
	}
	return e.suggestQuestions(ctx, req, qs, opts, onToken)
}

// Suggest produces options for req from passages retrieved once for the
// whole request (ranked best first); see SuggestFor, which retrieves per
// question and is preferred. Every question found in the request is scored
// against the same passages.
//
// With ProviderNone it returns extractive options and sends nothing.
// Otherwise it sends one prompt (plus at most one repair) to the model,
// passes the raw streamed text to onToken as it arrives (with customer data
// placeholders already restored; onToken may be nil; after a repair starts,
// the text starts again), and returns the validated, grounded options.
// Cancel ctx to stop; each model call is also bounded by Config.Timeout.
// Errors wrap ErrUnauthorized, ErrRateLimited, ErrServer, ErrRejected,
// ErrUnreachable, ErrTimeout, ErrCanceled, ErrBadOutput or ErrEmptyOutput.
func (e *Engine) Suggest(ctx context.Context, req Request, passages []Passage, opts Options, onToken func(string)) (Suggestion, error) {
	return e.suggestQuestions(ctx, req, questionsFor(req, passages, opts), opts, onToken)
}

// questionsFor scores the same passages for every question of req.
func questionsFor(req Request, passages []Passage, opts Options) []question {
	var qs []question
	for _, text := range SplitQuestions(req) {
		q := newQuestion(text, passages, opts)
		merged := false
		for i := range qs {
			if q.answered() && qs[i].answered() && qs[i].relevant[0].ArticleID == q.relevant[0].ArticleID {
				qs[i] = newQuestion(qs[i].text+" "+text, passages, opts)
				merged = true
				break
			}
		}
		if !merged {
			qs = append(qs, q)
		}
	}
	return foldContext(qs, opts)
}

func (e *Engine) suggestQuestions(ctx context.Context, req Request, qs []question, opts Options, onToken func(string)) (Suggestion, error) {
	usable := promptPassages(qs, opts)
	sug := Suggestion{Provider: e.cfg.Provider, Model: e.cfg.Model, PassageIDs: passageIDs(usable), Passages: passageRefs(usable)}
	if e.cfg.Provider == ProviderNone {
		sug.Model = ""
	}
	sug.Questions = questionResults(qs)
	sug.PossiblyRelated = possiblyRelated(qs)
	answered := false
	for _, q := range qs {
		answered = answered || q.answered()
	}
	if !answered {
		return notInKB(sug, req, clarifyingQuestion(req)), nil
	}
	if e.cfg.Provider == ProviderNone {
		return compose(sug, req, qs, usable), nil
	}
	return e.suggestLLM(ctx, sug, req, qs, usable, onToken)
}

// promptPassages is every passage the draft may use: the relevant passages
// of each question, then the other retrieved ones (suspicious passages
// included: they are shown to the model as data, flagged), at most
// Options.MaxPassages.
func promptPassages(qs []question, opts Options) []Passage {
	limit := opts.MaxPassages
	if limit <= 0 {
		limit = DefaultMaxPassages
	}
	seen := map[string]bool{}
	var out []Passage
	add := func(p Passage) {
		if !seen[p.ID] && len(out) < limit {
			seen[p.ID] = true
			out = append(out, p)
		}
	}
	for i := 0; i < maxPassagesPerQuestion; i++ {
		for _, q := range qs {
			if i < len(q.relevant) {
				add(q.relevant[i])
			}
		}
	}
	for _, q := range qs {
		if q.answered() {
			for _, p := range q.retrieved {
				if q.marks[p.ID] && Relevance(q.text, p) >= RelevanceThreshold {
					add(p)
				}
			}
		}
	}
	return out
}

func questionResults(qs []question) []QuestionResult {
	out := make([]QuestionResult, 0, len(qs))
	for _, q := range qs {
		r := QuestionResult{Text: q.text, Answered: q.answered(), Relevance: q.best, PassageIDs: passageIDs(q.relevant)}
		if q.answered() {
			r.ArticleID = q.relevant[0].ArticleID
		}
		out = append(out, r)
	}
	return out
}

// possiblyRelated lists the closest clean articles of the questions the
// knowledge base does not answer (every question when none is answered),
// at most three: by relevance, then (for equal relevance, e.g. none) in
// the retriever's order, leaving out what the retriever itself called weak
// unless it shares a word with the question.
func possiblyRelated(qs []question) []RelatedArticle {
	type cand struct {
		p Passage
		r float64
	}
	var cs []cand
	for _, q := range qs {
		if q.answered() {
			continue
		}
		for _, p := range q.retrieved {
			if !q.marks[p.ID] {
				cs = append(cs, cand{p, Relevance(q.text, p)})
			}
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].r > cs[j].r })
	seen := map[string]bool{}
	out := []RelatedArticle{}
	for _, c := range cs {
		if seen[c.p.ArticleID] || c.r <= 0 && c.p.Weak {
			continue
		}
		seen[c.p.ArticleID] = true
		out = append(out, RelatedArticle{ArticleID: c.p.ArticleID, ArticleVersion: c.p.ArticleVersion, Title: c.p.ArticleTitle, Department: c.p.Department, Relevance: c.r})
		if len(out) == 3 {
			break
		}
	}
	return out
}
