// Package assist is Concierge's suggestion engine. Given a support request
// and a Retriever, it splits the customer's messages into the questions they
// raise (questions.go), retrieves for each, decides per question whether the
// knowledge base answers it (relevance.go, a calibrated threshold), and
// drafts genuinely different options — resolve now, next step with a
// follow-up date, ask for the missing detail — each a reply with one
// paragraph per question plus the agent's steps, with citations per
// paragraph (compose.go; with a model, engine.go and prompt.go). When
// nothing is answered the result is "not in the knowledge base": a
// clarifying question and the closest articles as possibly related.
//
// The human always decides: this package never sends anything anywhere except
// to the configured LLM endpoint, and with the default provider ("none") it
// sends nothing at all and builds extractive options from the passages.
//
// Every option is checked before it is returned (check.go): citations must
// name passages that were in the prompt; the reply rests only on
// customer-facing passages, the title and steps on any cited passage, and
// each sentence must be supported and add nothing (grounding.go); article
// text with instruction-like or hidden content is marked (textscan) and
// never grounds anything; links, numbers and amounts no trusted text holds
// are flagged, as is any request for a password, code or card number
// (injection.go); template placeholders are filled from the request or
// left as gaps that block sending (placeholders.go); what Concierge knows
// about the customer shapes the greeting and recalls earlier requests
// (memory.go).
package assist

import (
	"time"

	"concierge/knowledge/search"
)

// Message authors.
const (
	AuthorCustomer = "customer"
	AuthorAgent    = "agent"
)

// Option kinds.
const (
	KindLLM        = "llm"        // written by the language model
	KindExtractive = "extractive" // quoted from passages, no model involved
	KindNotInKB    = "not-in-kb"  // the knowledge base has no answer: only a clarifying question
)

// Option flags. An option with flags is still shown; the flags tell the agent
// what to check before using it.
const (
	// FlagDroppedUnknownCitation: the model cited a passage id that was not in
	// the prompt; the citation was removed.
	FlagDroppedUnknownCitation = "dropped-unknown-citation"
	// FlagNoCitations: the option cites no (valid) passage at all.
	FlagNoCitations = "no-citations"
	// FlagUnverifiedSentences: at least one reply sentence is not supported by
	// the passages the option cites.
	FlagUnverifiedSentences = "unverified-sentences"
	// FlagSuspiciousPassage: the option cites a passage whose text looks like
	// an attempt to instruct the model (prompt injection).
	FlagSuspiciousPassage = "cites-suspicious-passage"
	// FlagPossibleInjection: the option repeats instructions found in a
	// suspicious passage.
	FlagPossibleInjection = "possible-injection"
	// FlagUntrustedDetail: the option contains a link, e-mail address, phone,
	// account or card number, or amount of money found neither in a trusted
	// passage nor in the request.
	FlagUntrustedDetail = "untrusted-detail"
	// FlagStalePassage: the option cites a stale or flagged passage the agent
	// allowed with Options.AllowStale.
	FlagStalePassage = "cites-stale-passage"
	// FlagAsksForSecret: the option asks the customer for a password, a full
	// card number, a PIN or a one-time code. Always flagged, whatever the
	// passages say.
	FlagAsksForSecret = "asks-for-secret"
	// FlagInternalInReply: a reply sentence is supported only by an internal
	// (staff) passage: staff text must not be sent to the customer.
	FlagInternalInReply = "internal-text-in-reply"
)

// Customer is who the request is from.
type Customer struct {
	Name    string `json:"name"`
	Contact string `json:"contact"`
	Notes   string `json:"notes"`
	// PreferredName is what the customer asked to be called, when known;
	// the greeting uses it instead of the first word of Name.
	PreferredName string `json:"preferredName,omitempty"`
	// Language is the customer's preferred language ("en", "ru", "th", …)
	// when known; empty means: detect it from the messages.
	Language string `json:"language,omitempty"`
	// Tone is "formal", "informal" or "" (unknown); Title ("Ms", "Dr") is
	// used by a formal greeting. See tone.go.
	Tone  string `json:"tone,omitempty"`
	Title string `json:"title,omitempty"`
}

// Message is one message of the conversation.
type Message struct {
	Author string    `json:"author"` // AuthorCustomer or AuthorAgent
	At     time.Time `json:"at"`
	Text   string    `json:"text"`
}

// Request is the support request suggestions are made for.
type Request struct {
	Subject  string    `json:"subject"`
	Customer Customer  `json:"customer"`
	Messages []Message `json:"messages"`
	// History is the customer's earlier requests (same contact), newest
	// first; see memory.go.
	History []PastRequest `json:"history,omitempty"`
	// AgentName is the name of the agent who will send the reply; it may
	// sign the reply and is never an unverified claim.
	AgentName string `json:"agentName,omitempty"`
}

// Passage is one retrieved piece of an article, as the engine sees it.
type Passage struct {
	ID             string   `json:"id"` // "<articleID>#<n>", e.g. "billing-refunds#2"
	ArticleID      string   `json:"articleId"`
	ArticleVersion int      `json:"articleVersion"`
	ArticleTitle   string   `json:"articleTitle"`
	Department     string   `json:"department"`
	Audience       string   `json:"audience"` // "internal" | "customer-facing" (knowledge.Audience)
	Headings       []string `json:"headings"`
	Text           string   `json:"text"`
	// Stale: the article's review-by date has passed. Flagged: an agent
	// reported the article as outdated or wrong. Either keeps the passage out
	// of prompts and extractive options unless Options.AllowStale.
	Stale   bool `json:"stale"`
	Flagged bool `json:"flagged"`
	// Language is the article's language ("en", "ru", "th"; empty: unknown).
	Language string `json:"language,omitempty"`
	// Score is the retriever's fused score for the passage, normalised per
	// query (the best hit scores 1); Weak is the retriever's own "possibly
	// related" verdict. Both only rank and inform; the not-in-KB decision is
	// Relevance's (relevance.go).
	Score float64 `json:"score,omitempty"`
	Weak  bool    `json:"weak,omitempty"`
}

// Citation ties an option to one passage. Quote is the passage text the
// citation rests on (the whole passage text).
type Citation struct {
	PassageID      string `json:"passageId"`
	ArticleID      string `json:"articleId"`
	ArticleVersion int    `json:"articleVersion"`
	Quote          string `json:"quote"`
}

// SentenceCheck is the grounding verdict for one sentence of a reply.
// PassageIDs are the cited passages that share content words with it, best
// first.
type SentenceCheck struct {
	Text       string   `json:"text"`
	Supported  bool     `json:"supported"`
	PassageIDs []string `json:"passageIds"`
}

// Option is one suggested way to handle the request.
type Option struct {
	Title string `json:"title"`
	// Label says what the option does (LabelResolve, LabelNextStep,
	// LabelAskFact, LabelClarify); Purpose is the same in a sentence for
	// the agent.
	Label     string          `json:"label"`
	Purpose   string          `json:"purpose"`
	Reply     string          `json:"reply"` // draft reply to the customer
	Steps     []string        `json:"steps"` // internal steps for the agent
	Citations []Citation      `json:"citations"`
	Sentences []SentenceCheck `json:"sentences"`
	// TitleChecks and StepChecks are the grounding verdicts for the title
	// and the steps (steps may rest on internal passages too).
	TitleChecks []SentenceCheck `json:"titleChecks"`
	StepChecks  []SentenceCheck `json:"stepChecks"`
	// Paragraphs are the reply's paragraphs with the passages each rests
	// on and the customer's question it answers (-1: greeting, closing or
	// memory of earlier requests).
	Paragraphs []Paragraph `json:"paragraphs"`
	// Gaps are placeholders the agent must fill in the reply before it can
	// be sent: the UI disables Send while any remains (see SendBlocked).
	Gaps []Gap `json:"gaps"`
	// Unanswered are the indexes (into Suggestion.Questions) of answered
	// questions this option cites none of the passages of: it does not
	// cover them.
	Unanswered []int    `json:"unanswered"`
	Flags      []string `json:"flags"`
	Kind       string   `json:"kind"` // KindLLM, KindExtractive or KindNotInKB
}

// Paragraph is one paragraph of a reply.
type Paragraph struct {
	Text       string   `json:"text"`
	Question   int      `json:"question"` // index into Suggestion.Questions; -1: none
	PassageIDs []string `json:"passageIds"`
}

// Verified reports whether every sentence of the title, reply and steps is
// supported and nothing was flagged. A not-in-KB option is never verified:
// no article stands behind it.
func (o Option) Verified() bool {
	if len(o.Flags) > 0 || o.Kind == KindNotInKB {
		return false
	}
	for _, list := range [][]SentenceCheck{o.Sentences, o.TitleChecks, o.StepChecks} {
		for _, s := range list {
			if !s.Supported {
				return false
			}
		}
	}
	return true
}

// SendBlocked reports whether the reply still holds a gap to fill.
func (o Option) SendBlocked() bool { return len(o.Gaps) > 0 }

// Suggestion is the result of one Suggest call: what the ledger records.
type Suggestion struct {
	Options    []Option `json:"options"`
	Provider   string   `json:"provider"`
	Model      string   `json:"model"`
	PromptHash string   `json:"promptHash"` // hex sha256 of the exact prompt sent; empty when none was sent
	// PassageIDs are the passages given to the model (or used for extractive
	// options), in prompt order.
	PassageIDs []string `json:"passageIds"`
	// Passages are the same passages with their article versions, for the
	// ledger.
	Passages           []PassageRef `json:"passages"`
	ClarifyingQuestion string       `json:"clarifyingQuestion"`
	NotInKB            bool         `json:"notInKb"`
	// Questions are the distinct questions or problems found in the
	// customer's messages, with whether the knowledge base answers each.
	Questions []QuestionResult `json:"questions"`
	// PossiblyRelated are the closest articles when the knowledge base does
	// not answer (or does not answer every question): shown as "possibly
	// related", never as answers.
	PossiblyRelated []RelatedArticle `json:"possiblyRelated"`
	// Repaired: the first answer was invalid and the repair attempt succeeded.
	Repaired bool `json:"repaired"`
}

// PassageRef names a passage and the article version it was taken from.
type PassageRef struct {
	PassageID      string `json:"passageId"`
	ArticleID      string `json:"articleId"`
	ArticleVersion int    `json:"articleVersion"`
}

func passageRefs(ps []Passage) []PassageRef {
	out := make([]PassageRef, 0, len(ps))
	for _, p := range ps {
		out = append(out, PassageRef{PassageID: p.ID, ArticleID: p.ArticleID, ArticleVersion: p.ArticleVersion})
	}
	return out
}

// Options tune one Suggest call.
type Options struct {
	// AllowStale lets stale and flagged passages into the prompt (the agent's
	// override). Options citing them are flagged FlagStalePassage.
	AllowStale bool
	// MaxPassages caps the passages put in the prompt (default 8).
	MaxPassages int
}

// DefaultMaxPassages is how many passages go into a prompt by default.
const DefaultMaxPassages = 8

// PassageMeta is what PassagesFromHits needs to know about an article beyond
// the search hit.
type PassageMeta struct {
	Stale   bool
	Flagged bool
}

// PassagesFromHits flattens search results into passages in ranking order
// (each article's passages in their hit order). meta may be nil; it is asked
// about each article id.
func PassagesFromHits(hits []search.ArticleHit, meta func(articleID string) PassageMeta) []Passage {
	var out []Passage
	for _, h := range hits {
		var m PassageMeta
		if meta != nil {
			m = meta(h.ArticleID)
		}
		for _, p := range h.Passages {
			out = append(out, Passage{
				ID:             p.PassageID,
				ArticleID:      h.ArticleID,
				ArticleVersion: h.Version,
				ArticleTitle:   h.Title,
				Department:     h.Department,
				Audience:       h.Audience,
				Headings:       append([]string(nil), p.Headings...),
				Text:           p.Text,
				Stale:          m.Stale,
				Flagged:        m.Flagged,
				Language:       h.Language,
				Score:          p.Score,
				Weak:           h.Weak,
			})
		}
	}
	return out
}
