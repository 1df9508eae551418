// Package procedure reads the steps an article declares for handling a
// request, and turns them into a plan with due times.
//
// The convention (documented in README, "Procedures"): a heading whose text
// is "Procedure" (any level, optionally "Procedure: <name>"), followed by a
// Markdown task list, one step per item, each with its expected duration in
// parentheses at the end:
//
//	## Procedure: Replace a lost card
//
//	- [ ] Verify the customer's identity (15m)
//	- [ ] Block the old card (5m)
//	- [ ] Order the new card (1d)
//	- [ ] Confirm delivery with the customer (3d)
//
// Durations are a number and a unit — m (minutes), h (hours), d (days of 24
// hours), w (weeks) — possibly combined ("1h30m"). A step without a
// duration has no due time of its own. "- [x]" items count as steps too
// (the article's own check marks mean nothing for a request). The list ends
// at the next heading or at the first line that is neither an item, a
// continuation nor blank. Only the first procedure of an article is read.
package procedure

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"concierge/knowledge"
)

// Limits of a procedure.
const (
	MaxSteps        = 100
	MaxStepTitleLen = 300
	MaxStepDuration = 90 * 24 * time.Hour
)

// ErrNoProcedure: the article declares no procedure.
var ErrNoProcedure = errors.New(`the article declares no procedure: add a "## Procedure" heading followed by a task list such as "- [ ] Verify identity (15m)"`)

// Step is one declared step.
type Step struct {
	Title    string        `json:"title"`
	Duration time.Duration `json:"duration"` // 0: none given
}

// Procedure is what an article declares.
type Procedure struct {
	Name  string `json:"name"` // from "Procedure: <name>", or ""
	Steps []Step `json:"steps"`
}

var (
	headingRE  = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	procHeadRE = regexp.MustCompile(`(?i)^procedure\b\s*(?::\s*(.*))?$`)
	itemRE     = regexp.MustCompile(`^\s{0,3}[-*+]\s+\[[ xX]\]\s+(.*)$`)
	durationRE = regexp.MustCompile(`\(\s*((?:\d{1,4}\s*[mhdw]\s*)+)\)\s*$`)
	partRE     = regexp.MustCompile(`(\d{1,4})\s*([mhdw])`)
)

// Parse reads the first procedure of an article body. ErrNoProcedure when
// there is none (or it has no steps).
func Parse(body string) (Procedure, error) {
	if !utf8.ValidString(body) {
		return Procedure{}, ErrNoProcedure
	}
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	var (
		p       Procedure
		in      bool
		fenced  bool
		started bool
	)
	for _, line := range lines {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			fenced = !fenced
			if in && started {
				break
			}
			continue
		}
		if fenced {
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil {
			if in {
				break
			}
			if h := procHeadRE.FindStringSubmatch(strings.TrimSpace(m[2])); h != nil {
				in, p.Name = true, cleanTitle(h[1])
			}
			continue
		}
		if !in {
			continue
		}
		if m := itemRE.FindStringSubmatch(line); m != nil {
			started = true
			if len(p.Steps) >= MaxSteps {
				break
			}
			text := m[1]
			var d time.Duration
			if dm := durationRE.FindStringSubmatchIndex(text); dm != nil {
				d = parseDuration(text[dm[2]:dm[3]])
				text = text[:dm[0]]
			}
			title := cleanTitle(text)
			if title == "" {
				continue
			}
			p.Steps = append(p.Steps, Step{Title: title, Duration: d})
			continue
		}
		if trim == "" || !started {
			continue
		}
		if strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "\t") {
			continue // continuation of an item
		}
		break
	}
	if len(p.Steps) == 0 {
		return Procedure{}, ErrNoProcedure
	}
	return p, nil
}

func parseDuration(s string) time.Duration {
	var d time.Duration
	for _, m := range partRE.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.Atoi(m[1])
		unit := map[string]time.Duration{"m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[2]]
		d += time.Duration(n) * unit
		if d > MaxStepDuration {
			return MaxStepDuration
		}
	}
	return d
}

// cleanTitle keeps a step's words: inline markup removed, on one line, at
// most MaxStepTitleLen runes.
func cleanTitle(s string) string {
	s = strings.NewReplacer("**", "", "__", "", "`", "", "<", "", ">", "").Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > MaxStepTitleLen {
		s = string(r[:MaxStepTitleLen])
	}
	return s
}

// Plan builds a request's plan from the procedure of article a, started
// at start: each step is due at start plus the durations up to it; a step
// without a duration is due with the step before it (or has no due time
// when no step before it has one).
func Plan(a knowledge.Article, p Procedure, start time.Time) knowledge.Plan {
	title := p.Name
	if title == "" {
		title = a.Title
	}
	plan := knowledge.Plan{ArticleID: a.ID, ArticleVersion: a.Version, Title: title, StartedAt: start.UTC(),
		Steps: make([]knowledge.PlanStep, len(p.Steps))}
	at := start.UTC()
	any := false
	for i, s := range p.Steps {
		at = at.Add(s.Duration)
		any = any || s.Duration > 0
		plan.Steps[i] = knowledge.PlanStep{Title: s.Title, Minutes: int(s.Duration / time.Minute)}
		if any {
			plan.Steps[i].Due = at
		}
	}
	return plan
}
