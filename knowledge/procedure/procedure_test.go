package procedure

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"concierge/knowledge"
)

const lostCard = `# Lost or stolen card

Customers who lost a card call us first.

## Procedure: Replace a lost card

- [ ] Verify the customer's **identity** (15m)
- [ ] Block the old card (5m)
  Use the card console, not the web form.
- [x] Order the new card (1d)
- [ ] Tell the customer when it arrives
- [ ] Confirm delivery with the customer (1h30m)

## Notes

- [ ] Not a step: another section (10m)
`

func TestParse(t *testing.T) {
	p, err := Parse(lostCard)
	if err != nil {
		t.Fatal(err)
	}
	want := []Step{
		{"Verify the customer's identity", 15 * time.Minute},
		{"Block the old card", 5 * time.Minute},
		{"Order the new card", 24 * time.Hour},
		{"Tell the customer when it arrives", 0},
		{"Confirm delivery with the customer", 90 * time.Minute},
	}
	if p.Name != "Replace a lost card" || len(p.Steps) != len(want) {
		t.Fatalf("parsed %+v", p)
	}
	for i, s := range want {
		if p.Steps[i] != s {
			t.Errorf("step %d = %+v, want %+v", i+1, p.Steps[i], s)
		}
	}
}

func TestParseVariants(t *testing.T) {
	cases := map[string]int{
		"### Procedure\n* [ ] One (2h)\n+ [ ] Two (1w)\n":                   2,
		"## procedure\r\n- [ ] Windows line ends (3d)\r\n":                  1,
		"Text\n\n## Steps\n- [ ] Not under a procedure heading (1h)\n":      0,
		"## Procedure\n\n```\n- [ ] inside code (1h)\n```\n":                0,
		"## Procedure\nJust prose, no task list.\n":                         0,
		"## Procedure\n- [ ] First (1h)\nplain paragraph\n- [ ] After (1h)": 1,
	}
	for body, n := range cases {
		p, err := Parse(body)
		if n == 0 {
			if !errors.Is(err, ErrNoProcedure) {
				t.Errorf("%q: %+v, %v; want ErrNoProcedure", body, p, err)
			}
			continue
		}
		if err != nil || len(p.Steps) != n {
			t.Errorf("%q: %d steps (%v), want %d", body, len(p.Steps), err, n)
		}
	}
	p, _ := Parse("## Procedure\n- [ ] Long wait (9999d)\n")
	if p.Steps[0].Duration != MaxStepDuration {
		t.Errorf("a huge duration is capped: %v", p.Steps[0].Duration)
	}
	p, _ = Parse("## Procedure\n- [ ] <script>alert(1)</script> Check `id` (5m)\n")
	if strings.ContainsAny(p.Steps[0].Title, "<>`") {
		t.Errorf("markup kept in a step title: %q", p.Steps[0].Title)
	}
}

func TestPlanDueTimes(t *testing.T) {
	p, err := Parse(lostCard)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	plan := Plan(knowledge.Article{ID: "cards-lost", Title: "Lost or stolen card", Version: 4}, p, start)
	if plan.Title != "Replace a lost card" || plan.ArticleID != "cards-lost" || plan.ArticleVersion != 4 || len(plan.Steps) != 5 {
		t.Fatalf("plan %+v", plan)
	}
	wants := []time.Duration{15 * time.Minute, 20 * time.Minute, 24*time.Hour + 20*time.Minute, 24*time.Hour + 20*time.Minute, 25*time.Hour + 50*time.Minute}
	for i, w := range wants {
		if got := plan.Steps[i].Due.Sub(start); got != w {
			t.Errorf("step %d due after %v, want %v", i+1, got, w)
		}
	}
	if plan.Steps[2].Minutes != 24*60 || plan.Steps[3].Minutes != 0 {
		t.Errorf("minutes: %+v", plan.Steps)
	}
	noDurations, _ := Parse("## Procedure\n- [ ] A\n- [ ] B (1h)\n")
	pl := Plan(knowledge.Article{ID: "x"}, noDurations, start)
	if !pl.Steps[0].Due.IsZero() || !pl.Steps[1].Due.Equal(start.Add(time.Hour)) {
		t.Errorf("a first step without a duration has no due time: %+v", pl.Steps)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(lostCard)
	f.Add("## Procedure\n- [ ] a (1h30m)\n")
	f.Add("## Procedure: x\n- [x] (5m)\n  cont\n\n- [ ] b\n# next")
	f.Fuzz(func(t *testing.T, body string) {
		p, err := Parse(body)
		if err != nil {
			if !errors.Is(err, ErrNoProcedure) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(p.Steps) == 0 || len(p.Steps) > MaxSteps {
			t.Fatalf("%d steps", len(p.Steps))
		}
		for _, s := range p.Steps {
			if s.Title == "" || !utf8.ValidString(s.Title) || utf8.RuneCountInString(s.Title) > MaxStepTitleLen ||
				s.Duration < 0 || s.Duration > MaxStepDuration || strings.ContainsAny(s.Title, "\n<>`") {
				t.Fatalf("bad step %+v", s)
			}
		}
		plan := Plan(knowledge.Article{ID: "a"}, p, time.Unix(0, 0))
		if len(plan.Steps) != len(p.Steps) {
			t.Fatal("plan lost steps")
		}
	})
}
