package followup

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Promise is a commitment found in a reply: the sentence, the words that
// give the time, and the time Concierge proposes for the reminder.
type Promise struct {
	Text   string    `json:"text"`   // the sentence making the promise
	Phrase string    `json:"phrase"` // the time words, e.g. "on Friday"
	Due    time.Time `json:"due"`
}

// How promises are read (documented in README, "Follow-ups"):
//
//   - A sentence is a promise when it holds a commitment by the agent
//     ("I will", "I'll", "we will", "we'll", "I am going to", "you will
//     hear/receive", "expect") and a time expression. Sentences are split
//     at . ! ? and line breaks.
//   - Time expressions in any language: ISO dates (2026-12-03, optionally
//     with a time 2026-12-03 14:30) and numeric dates read day first
//     (03.12.2026, 3/12/2026, 3.12.); these are taken without a commitment
//     word, since the words around them may be in any language.
//   - English words: "today", "tonight", "this afternoon", "tomorrow",
//     "the day after tomorrow", weekday names ("on Friday", "by Friday",
//     "next Monday": the next such day after today), "next week" (its
//     Monday), "end of the week" (Friday), "within/in N
//     minutes/hours/days/weeks" (also "a day", "an hour", "two days"…,
//     "N business/working days" skip weekends), month-day dates ("3
//     December", "December 3rd").
//   - A clock time in the same sentence ("at 3pm", "at 15:30", "before 10
//     am") sets the hour; otherwise a day is due at 09:00 (so that the
//     agent is reminded on the morning of the promised day), "today" at
//     16:00 (or in an hour when that has passed), "end of the week" at
//     17:00, and "within N hours/days" exactly N hours/days from now.
//   - Times are in the location given (the agent's), the first time
//     expression of a sentence counts, and times not after now are
//     dropped.
var (
	commitRE   = regexp.MustCompile(`(?i)\b(i will|i'll|i’ll|we will|we'll|we’ll|i am going to|i'm going to|we are going to|you will (hear|receive|get)|you'll (hear|receive|get)|expect|i shall|we shall|i promise|will (call|email|e-mail|write|contact|update|get back))\b`)
	isoRE      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?\b`)
	numDateRE  = regexp.MustCompile(`\b(\d{1,2})[./](\d{1,2})[./](\d{4})?\b`)
	withinRE   = regexp.MustCompile(`(?i)\b(within|in)\s+(?:the\s+next\s+)?(\d+|a|an|one|two|three|four|five|six|seven|ten|twenty-four|48|72)\s+(business\s+|working\s+)?(minutes?|hours?|days?|weeks?)\b`)
	weekdayRE  = regexp.MustCompile(`(?i)\b(?:(next|this|on|by|until|before|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)
	relDayRE   = regexp.MustCompile(`(?i)\b(the day after tomorrow|tomorrow|today|tonight|this afternoon|this evening|later today|end of (?:the |this )?week|next week)\b`)
	monthDayRE = regexp.MustCompile(`(?i)\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)|(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2})(?:st|nd|rd|th)?)\b`)
	clockRE    = regexp.MustCompile(`(?i)\b(?:at|by|before|around|until)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?`)
	sentenceRE = regexp.MustCompile(`[^.!?\n]+[.!?]*`)
)

var numberWords = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "ten": 10, "twenty-four": 24}

var months = map[string]time.Month{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12}

var weekdays = map[string]time.Weekday{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}

// DetectPromises returns the promises in text (a reply the agent sent or
// is about to send), in order, with the proposed reminder times in loc
// (UTC when nil) relative to now.
func DetectPromises(text string, now time.Time, loc *time.Location) []Promise {
	if loc == nil {
		loc = time.UTC
	}
	now = now.In(loc)
	out := []Promise{}
	// Dates like 3.12.2026 contain dots: split sentences with the numeric
	// dates protected.
	protected := numDateRE.ReplaceAllStringFunc(text, func(s string) string { return strings.ReplaceAll(s, ".", "\x00") })
	for _, raw := range sentenceRE.FindAllString(protected, -1) {
		s := strings.TrimSpace(strings.ReplaceAll(raw, "\x00", "."))
		if s == "" || len(s) > 1000 {
			continue
		}
		if p, ok := promiseIn(s, now, loc); ok && p.Due.After(now) {
			out = append(out, p)
		}
	}
	return out
}

func promiseIn(s string, now time.Time, loc *time.Location) (Promise, bool) {
	// Language-neutral dates first: no commitment word needed.
	if m := isoRE.FindStringSubmatchIndex(s); m != nil {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		d, _ := strconv.Atoi(s[m[6]:m[7]])
		h, mi := 9, 0
		if m[8] >= 0 {
			h, _ = strconv.Atoi(s[m[8]:m[9]])
			mi, _ = strconv.Atoi(s[m[10]:m[11]])
		}
		if due, ok := date(y, mo, d, h, mi, loc); ok {
			return Promise{Text: s, Phrase: s[m[0]:m[1]], Due: due}, true
		}
	}
	if m := numDateRE.FindStringSubmatchIndex(s); m != nil {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		y := now.Year()
		if m[6] >= 0 {
			y, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		h, mi := clock(s, 9, 0)
		if due, ok := date(y, mo, d, h, mi, loc); ok {
			if m[6] < 0 && !due.After(now) {
				due = due.AddDate(1, 0, 0)
			}
			return Promise{Text: s, Phrase: s[m[0]:m[1]], Due: due}, true
		}
	}
	if !commitRE.MatchString(s) {
		return Promise{}, false
	}
	type found struct {
		at     int
		phrase string
		due    time.Time
	}
	var best *found
	consider := func(at int, phrase string, due time.Time) {
		if best == nil || at < best.at {
			best = &found{at, phrase, due}
		}
	}
	dayAt := func(d time.Time, defH, defM int) time.Time {
		h, mi := clock(s, defH, defM)
		return time.Date(d.Year(), d.Month(), d.Day(), h, mi, 0, 0, loc)
	}
	if m := withinRE.FindStringSubmatchIndex(s); m != nil {
		nword := strings.ToLower(s[m[4]:m[5]])
		n, err := strconv.Atoi(nword)
		if err != nil {
			n = numberWords[nword]
		}
		business := m[6] >= 0
		unit := strings.TrimSuffix(strings.ToLower(s[m[8]:m[9]]), "s")
		var due time.Time
		switch unit {
		case "minute":
			due = now.Add(time.Duration(n) * time.Minute)
		case "hour":
			due = now.Add(time.Duration(n) * time.Hour)
		case "day":
			if business {
				due = addBusinessDays(now, n)
			} else {
				due = now.AddDate(0, 0, n)
			}
		case "week":
			due = now.AddDate(0, 0, 7*n)
		}
		if n > 0 {
			consider(m[0], s[m[0]:m[1]], due)
		}
	}
	if m := relDayRE.FindStringSubmatchIndex(s); m != nil {
		w := strings.ToLower(s[m[2]:m[3]])
		var due time.Time
		switch {
		case w == "tomorrow":
			due = dayAt(now.AddDate(0, 0, 1), 9, 0)
		case w == "the day after tomorrow":
			due = dayAt(now.AddDate(0, 0, 2), 9, 0)
		case w == "next week":
			due = dayAt(nextWeekday(now, time.Monday), 9, 0)
		case strings.HasPrefix(w, "end of"):
			fri := now
			if now.Weekday() != time.Friday {
				fri = nextWeekday(now, time.Friday)
			}
			due = dayAt(fri, 17, 0)
		default: // today, tonight, this afternoon…
			due = dayAt(now, 16, 0)
			if w == "tonight" || w == "this evening" {
				due = dayAt(now, 19, 0)
			}
			if !due.After(now) {
				due = now.Add(time.Hour)
			}
		}
		consider(m[0], s[m[0]:m[1]], due)
	}
	if m := weekdayRE.FindStringSubmatchIndex(s); m != nil {
		wd := weekdays[strings.ToLower(s[m[4]:m[5]])]
		d := nextWeekday(now, wd)
		if m[2] >= 0 && strings.EqualFold(s[m[2]:m[3]], "next") && d.Sub(now) < 2*24*time.Hour && wd != time.Monday {
			// "next Friday" said on Thursday means the Friday after.
			d = d.AddDate(0, 0, 7)
		}
		consider(m[0], s[m[0]:m[1]], dayAt(d, 9, 0))
	}
	if m := monthDayRE.FindStringSubmatchIndex(s); m != nil {
		var d int
		var mo time.Month
		if m[2] >= 0 {
			d, _ = strconv.Atoi(s[m[2]:m[3]])
			mo = months[strings.ToLower(s[m[4]:m[5]])]
		} else {
			mo = months[strings.ToLower(s[m[6]:m[7]])]
			d, _ = strconv.Atoi(s[m[8]:m[9]])
		}
		h, mi := clock(s, 9, 0)
		if due, ok := date(now.Year(), int(mo), d, h, mi, loc); ok {
			if !due.After(now) {
				due = due.AddDate(1, 0, 0)
			}
			consider(m[0], s[m[0]:m[1]], due)
		}
	}
	if best == nil {
		return Promise{}, false
	}
	return Promise{Text: s, Phrase: strings.TrimSpace(best.phrase), Due: best.due}, true
}

// clock returns the clock time written in s ("at 3pm", "by 15:30"), or the
// defaults.
func clock(s string, defH, defM int) (int, int) {
	for _, m := range clockRE.FindAllStringSubmatch(s, -1) {
		h, _ := strconv.Atoi(m[1])
		mi := 0
		if m[2] != "" {
			mi, _ = strconv.Atoi(m[2])
		}
		ampm := strings.ToLower(strings.ReplaceAll(m[3], ".", ""))
		if m[2] == "" && ampm == "" {
			continue // "by 3" is not a time
		}
		switch ampm {
		case "pm":
			if h < 12 {
				h += 12
			}
		case "am":
			if h == 12 {
				h = 0
			}
		}
		if h < 24 && mi < 60 {
			return h, mi
		}
	}
	return defH, defM
}

func date(y, mo, d, h, mi int, loc *time.Location) (time.Time, bool) {
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || y < 2000 || y > 2200 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, 0, 0, loc)
	if t.Day() != d { // 31 February
		return time.Time{}, false
	}
	return t, true
}

// nextWeekday returns the next day after now that is wd (a week later when
// today is wd).
func nextWeekday(now time.Time, wd time.Weekday) time.Time {
	n := (int(wd) - int(now.Weekday()) + 7) % 7
	if n == 0 {
		n = 7
	}
	return now.AddDate(0, 0, n)
}

func addBusinessDays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			n--
		}
	}
	return t
}
