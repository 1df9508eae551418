package assist

import (
	"regexp"
	"strings"

	"concierge/knowledge/assist/textscan"
)

// Placeholders: template slots an article or a model left in a reply —
// "REF-…", "[date]", "$X", "<name>", "XXX", "TODO", "{{amount}}", "____".
// A reply never goes out with one: fillPlaceholders fills those the request
// answers (the customer's name, a reference, amount or date the customer
// gave, when there is exactly one) and returns the rest as gaps the agent
// must fill before sending.

// Gap is a placeholder left in a reply.
type Gap struct {
	Placeholder string `json:"placeholder"` // as it appears in the reply
	Hint        string `json:"hint"`        // what to put there, for the agent
}

var placeholderRE = regexp.MustCompile(`\b[A-Z]{2,6}-(?:…|\.{2,}|X{2,}|x{2,}|_{2,}|\?+|#+|N{2,})|\[[^\[\]\n]{1,40}\]|\$\s?X{1,3}\b|[€£]\s?X{1,3}\b|\bX{3,}\b|\b(?:TODO|TBD|FIXME)\b|<[A-Za-z][A-Za-z _-]{1,30}>|\{\{?[^{}\n]{1,30}\}?\}|_{3,}`)

// checkboxRE: "[ ]" and "[x]" are task-list boxes, not placeholders.
var checkboxRE = regexp.MustCompile(`^\[[ xX]?\]$`)

// FindPlaceholders returns the placeholders in text, in order.
func FindPlaceholders(text string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllString(text, -1) {
		if checkboxRE.MatchString(m) {
			continue
		}
		out = append(out, m)
	}
	return out
}

var (
	refRE  = regexp.MustCompile(`\b([A-Z]{2,6})-[A-Z0-9]{3,}\b`)
	dateRE = regexp.MustCompile(`(?i)\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b(?: \d{4})?|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?\b(?:,? \d{4})?|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b`)
)

// requestFacts are the values a placeholder may be filled with.
type requestFacts struct {
	name    string
	refs    map[string][]string // prefix → distinct references
	amounts []string
	dates   []string
}

func factsOf(req Request) requestFacts {
	f := requestFacts{name: DisplayName(req.Customer), refs: map[string][]string{}}
	text := req.Subject
	for _, m := range req.Messages {
		if m.Author != AuthorAgent {
			text += "\n" + m.Text
		}
	}
	text = textscan.StripHidden(text)
	for _, m := range refRE.FindAllStringSubmatch(text, -1) {
		if !containsString(f.refs[m[1]], m[0]) {
			f.refs[m[1]] = append(f.refs[m[1]], m[0])
		}
	}
	for _, m := range moneyRE.FindAllString(text, -1) {
		if m = strings.TrimSpace(m); !containsString(f.amounts, m) {
			f.amounts = append(f.amounts, m)
		}
	}
	for _, m := range dateRE.FindAllString(text, -1) {
		if !containsString(f.dates, m) {
			f.dates = append(f.dates, m)
		}
	}
	return f
}

// fill returns the value for placeholder ph, or "".
func (f requestFacts) fill(ph string) string {
	lower := strings.ToLower(ph)
	one := func(vs []string) string {
		if len(vs) == 1 {
			return vs[0]
		}
		return ""
	}
	switch {
	case strings.Contains(lower, "follow"):
		return "" // the agent decides when to follow up
	case strings.Contains(lower, "name"):
		return f.name
	case strings.Contains(lower, "date") || strings.Contains(lower, "day"):
		return one(f.dates)
	case strings.Contains(lower, "amount") || strings.HasPrefix(ph, "$") || strings.HasPrefix(ph, "€") || strings.HasPrefix(ph, "£"):
		return one(f.amounts)
	}
	if m := regexp.MustCompile(`^([A-Z]{2,6})-`).FindStringSubmatch(ph); m != nil {
		return one(f.refs[m[1]])
	}
	return ""
}

// gapHint says what the agent should put in place of ph.
func gapHint(ph string) string {
	lower := strings.ToLower(ph)
	switch {
	case strings.Contains(lower, "follow"):
		return "the date you will get back to the customer"
	case strings.Contains(lower, "date") || strings.Contains(lower, "day"):
		return "the date"
	case strings.Contains(lower, "name"):
		return "the name"
	case strings.Contains(lower, "amount") || strings.ContainsAny(ph, "$€£"):
		return "the amount"
	case refRE.MatchString(strings.ReplaceAll(ph, "…", "XXX")) || strings.Contains(ph, "-"):
		return "the reference number"
	}
	return "the missing detail, or remove it"
}

// fillPlaceholders fills the placeholders of text from the request and
// returns the new text, the values used and the gaps left.
func fillPlaceholders(text string, f requestFacts) (string, []string, []Gap) {
	var used []string
	var gaps []Gap
	seen := map[string]bool{}
	out := placeholderRE.ReplaceAllStringFunc(text, func(ph string) string {
		if checkboxRE.MatchString(ph) {
			return ph
		}
		if v := f.fill(ph); v != "" {
			used = append(used, v)
			return v
		}
		if !seen[ph] {
			seen[ph] = true
			gaps = append(gaps, Gap{Placeholder: ph, Hint: gapHint(ph)})
		}
		return ph
	})
	return out, used, gaps
}
