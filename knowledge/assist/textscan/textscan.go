package textscan

import (
	"regexp"
	"strings"
	"unicode"
)

// Package textscan finds text that reads as instructions to an AI, or hides
// something from a human reader, in article text (and in anything else
// that will reach a prompt or a customer). It depends on nothing but the
// standard library, so the editor, the importer and the suggestion engine
// can all call it.
//
// Article text is data. Scan finds text that reads as instructions to
// an AI, or hides something from a human reader; the editor's attention
// list and import/save call it, the suggestion engine calls it on every passage. A
// passage with any signal is "marked": it may go into a prompt (as data,
// stripped of hidden characters) but never grounds a verified sentence,
// and extractive drafts never quote it.

// Signal kinds.
const (
	Override    = "override"     // "ignore previous instructions", "from now on"
	AddressesAI = "addresses-ai" // imperatives or notes addressed to an assistant
	RoleMarker  = "role-marker"  // "system:", chat-template tokens, delimiter tags
	Secrets     = "secrets"      // asks to reveal keys/prompts or to collect passwords, codes, card numbers
	Money       = "money"        // tells the customer to move money somewhere
	Tracking    = "tracking-link"
	Hidden      = "hidden-unicode"
	Encoded     = "encoded-blob"
)

// Signal is one finding of ScanText.
type Signal struct {
	Kind    string `json:"kind"`
	Reason  string `json:"reason"`  // for the editor, e.g. "tells the model to ignore its instructions"
	Excerpt string `json:"excerpt"` // the matching text (hidden characters shown as U+XXXX), at most 80 runes
}

type signalRule struct {
	kind, reason string
	keywords     []string // lower-case prefilter; nil: always run
	re           *regexp.Regexp
}

const neg = `(?:never|not|n't|no one|nobody|do not|don't)`

// SecretObject is someone's password, PIN, card number or code: "your
// password", "their PIN", "the code they received", "the full card
// number". A code sent *to* someone ("send a one-time code to the email on
// file") is not one.
const SecretObject = `(?:\b(?:your|their|his|her|the (?:customer|patient|caller|user)'s)\s+(?:[\w-]+\s+){0,2}(?:password|passcode|pin|card number|cvv|cvc|security code|one[- ]time (?:code|password)|verification code|2fa code|otp|login code|sign[- ]in code|code)\b|\bthe (?:[\w-]+\s+){0,2}code (?:we|you|they|he|she) (?:just )?(?:sent|received|got)|\bfull (?:card|credit card) number)`

var signalRules = []signalRule{
	{Override, "tells the model to ignore its instructions", []string{"ignore", "disregard", "forget", "override", "bypass", "skip"},
		regexp.MustCompile(`(?i)\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.\n]{0,40}\b(?:previous|prior|above|earlier|all|any|your|the|system|other|preceding)\b[^.\n]{0,30}\b(?:instructions?|prompts?|rules?|directions?|guidelines?|messages?|context|policies|polic(?:y|ies)|constraints?)`)},
	{Override, "changes the rules from here on", []string{"from now on", "new rule", "new instruction", "instead of the above", "updated instruction", "real instruction"},
		regexp.MustCompile(`(?i)\bfrom now on\b|\bnew (?:rules?|instructions?|task)\b|\binstead of the above\b|\b(?:updated|real|actual|true) instructions?\b`)},
	{AddressesAI, "addresses the AI model", []string{"you are now", "pretend", "as an ai", "language model", " ai", "assistant", "model", "chatbot", "llm", "gpt", "bot"},
		regexp.MustCompile(`(?i)\b(?:you are now|pretend (?:to be|you are)|act as (?:an? )?(?:ai|assistant|different)|as an ai\b|(?:large )?language model|dear (?:ai|assistant|model|bot)|(?:note|message|instructions?) (?:to|for) (?:the )?(?:ai|assistants?|models?|bots?|llms?|chatbots?|gpt)|(?:ai|assistant|model|chatbot|llm|gpt|bot)s?\s*[,:]?\s*(?:you )?(?:must|should|will|shall|always|never|please|now|reading this)\b|\bif you are an? (?:ai|assistant|language model|llm|bot)\b|\b(?:ai|llm|gpt|chatbot) (?:assistants?|models?|systems?) (?:must|should|will|reading))`)},
	{AddressesAI, "tells the writer of the reply what to put in it", []string{"reply", "response", "answer", "draft", "append", "output", "include", "add "},
		regexp.MustCompile(`(?i)\b(?:in|at the end of|to|into) (?:your|every|each|the) (?:reply|replies|response|responses|answer|answers|output|draft)\b[^.\n]{0,60}\b(?:include|add|append|say|write|mention|insert|tell|put)\b|\b(?:include|add|append|insert|always (?:say|write|mention)|when (?:you )?(?:write|draft|reply|answer|respond)\b)[^.\n]{0,60}\b(?:in|to|at the end of|into) (?:your|every|each|the|any) (?:reply|replies|response|responses|answer|answers|output|draft|message)s?\b`)},
	{RoleMarker, "contains a chat role prefix", []string{"system", "assistant", "developer", "user", "human"},
		regexp.MustCompile(`(?im)^\W{0,4}(?:system|assistant|developer|user|human)\s*(?:message|prompt)?\s*[:>\]]|\[(?:system|assistant|developer)\]|\((?:system|assistant|developer)\)|\bsystem prompt\b`)},
	{RoleMarker, "contains chat template tokens", []string{"<|", "inst]", "<<", "###", "begin", "end of"},
		regexp.MustCompile(`(?i)<\|[a-z_]+\|>|\[/?INST\]|<</?SYS>>|###\s*(?:system|instruction|assistant|user)|\b(?:BEGIN|END) (?:SYSTEM|INSTRUCTIONS?|PROMPT)\b|\bend of (?:passage|document|context|knowledge base)\b`)},
	{RoleMarker, "contains delimiter tags", []string{"<"},
		regexp.MustCompile(`(?i)</?\s*(?:passage|passages|request|system|instructions?|assistant|user|tool|context|document)\b[^>]*>|<!--`)},
	{Secrets, "asks to reveal secrets", []string{"prompt", "reveal", "print", "output", "repeat", "leak", "disclose", "show", "share"},
		regexp.MustCompile(`(?i)\b(?:reveal|print|output|repeat|leak|disclose|show|share|dump)\b[^.\n]{0,40}\b(?:api[ -]?keys?|system prompt|(?:your|the|hidden) instructions|secrets?|credentials|tokens?|environment variables|config(?:uration)?)\b`)},
	{Secrets, "asks for a password, code or card number", []string{"password", "passcode", "pin", "card", "cvv", "cvc", "code", "otp", "security"},
		regexp.MustCompile(`(?i)\b(?:ask|send|share|give|provide|email|e-mail|text|collect|request|read out|reply with|tell us|submit|obtain|note down|write down)\b[^.!?\n]{0,50}?` + SecretObject)},
	{Money, "tells the customer to move money or buy vouchers", []string{"wire", "transfer", "gift card", "bitcoin", "crypto", "pay", "western union", "iban"},
		regexp.MustCompile(`(?i)\b(?:wire|transfer|send|pay|deposit)\b[^.\n]{0,40}\b(?:to (?:iban|account|wallet|the following|this)|via (?:gift cards?|bitcoin|crypto|western union)|in (?:gift cards?|bitcoin|crypto))|\bgift cards?\b[^.\n]{0,30}\b(?:codes?|numbers?|pay)|\b(?:bitcoin|btc|crypto) (?:wallet|address)`)},
	{Tracking, "links with tracking or redirect parameters", []string{"?", "&"},
		regexp.MustCompile(`(?i)(?:https?://|www\.)\S*[?&](?:utm_[a-z]+|fbclid|gclid|mc_eid|mc_cid|ref|redirect|redirect_uri|url|next|token|session|sid|track(?:ing)?|click(?:id)?|aff(?:iliate)?|q|data|d|u)=`)},
	{Encoded, "contains an encoded (base64) blob", nil,
		regexp.MustCompile(`[A-Za-z0-9+/]{40,}={0,2}|[A-Za-z0-9+/]{16,}={1,2}(?:\s|$)`)},
}

// Scan returns the signals found in text (article title, headings and
// body, or any piece of them), at most one per reason, or nil.
func Scan(text string) []Signal {
	var out []Signal
	if h := hiddenRunes(text); len(h) > 0 {
		out = append(out, Signal{Kind: Hidden, Reason: "contains hidden characters (tag, zero-width or bidi controls)", Excerpt: strings.Join(h, " ")})
	}
	clean := StripHidden(text)
	lower := strings.ToLower(clean)
	for _, r := range signalRules {
		if r.keywords != nil && !containsAny(lower, r.keywords) {
			continue
		}
		loc := r.re.FindStringIndex(clean)
		if loc == nil {
			continue
		}
		m := clean[loc[0]:loc[1]]
		if r.kind == Secrets && !AcceptableSecretMatch(clean[max(0, loc[0]-30):loc[1]]) {
			if loc = nextSecretMatch(r.re, clean); loc == nil {
				continue
			}
			m = clean[loc[0]:loc[1]]
		}
		if r.kind == Encoded && !looksEncoded(strings.TrimRight(strings.TrimSpace(m), "=")) {
			continue
		}
		out = append(out, Signal{Kind: r.kind, Reason: r.reason, Excerpt: clipRunes(strings.TrimSpace(m), 80)})
	}
	return out
}

var negRE = regexp.MustCompile(`(?i)\b` + neg + `\b|n't\b`)

// Negated reports whether a request for a secret is a prohibition ("Do not
// ask for the full card number", "never share your password").
func Negated(m string) bool { return negRE.MatchString(m) }

// accountActionRE: resetting or changing a password is not handing it over.
var accountActionRE = regexp.MustCompile(`(?i)\b(?:reset|change|update|forgot|forgotten|create|choose|new|set up|recover)\b`)

// AcceptableSecretMatch reports whether a secrets match really asks for
// one: not a prohibition, not an account action on it.
func AcceptableSecretMatch(m string) bool { return !Negated(m) && !accountActionRE.MatchString(m) }

func nextSecretMatch(re *regexp.Regexp, s string) []int {
	for _, loc := range re.FindAllStringIndex(s, -1) {
		if AcceptableSecretMatch(s[max(0, loc[0]-30):loc[1]]) {
			return loc
		}
	}
	return nil
}

// looksEncoded: a run of base64 alphabet with upper and lower case letters
// and digits mixed (words, numbers and paths are not).
func looksEncoded(s string) bool {
	var up, lo, dig int
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			up++
		case r >= 'a' && r <= 'z':
			lo++
		case r >= '0' && r <= '9':
			dig++
		}
	}
	return up >= 3 && lo >= 3 && dig >= 1 || up >= 4 && lo >= 4 && len(s) >= 24
}

// IsHidden reports whether r is invisible in a rendered article: Unicode
// tag characters, zero-width characters, bidi controls and other format
// characters, variation selectors.
func IsHidden(r rune) bool {
	switch {
	case r >= 0xE0000 && r <= 0xE007F, // tags
		r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

func hiddenRunes(s string) []string {
	var out []string
	seen := map[rune]bool{}
	for _, r := range s {
		if IsHidden(r) && !seen[r] {
			seen[r] = true
			out = append(out, "U+"+strings.ToUpper(strings.TrimLeft(hex32(r), "0")))
			if len(out) == 8 {
				break
			}
		}
	}
	return out
}

func hex32(r rune) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = digits[r&0xF]
		r >>= 4
	}
	return string(b)
}

// StripHidden removes hidden characters (see isHidden) from s. Prompts,
// greetings and grounding only ever see stripped text.
func StripHidden(s string) string {
	if strings.IndexFunc(s, IsHidden) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsHidden(r) {
			return -1
		}
		return r
	}, s)
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// clipRunes cuts s to at most n runes, marking the cut with "…".
func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
