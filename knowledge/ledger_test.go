package knowledge

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// naiveLevenshtein is the textbook full-matrix recursion, used as an oracle.
func naiveLevenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
		}
	}
	return d[len(ra)][len(rb)]
}

func TestEditDistanceKnownValues(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"flaw", "lawn", 2},
		{"same", "same", 0},
		{"héllo", "hello", 1}, // runes, not bytes
		{"สวัสดี", "สวัสด", 1},
		{"Dear customer, your refund", "Dear Ada, your refund", 8},
	}
	for _, tc := range tests {
		if got := EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := EditDistance(tc.b, tc.a); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d (symmetry)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestEditDistanceMatchesOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcé ")
	word := func() string {
		n := rng.IntN(12)
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	for range 2000 {
		a, b := word(), word()
		if got, want := EditDistance(a, b), naiveLevenshtein(a, b); got != want {
			t.Fatalf("EditDistance(%q, %q) = %d, oracle says %d", a, b, got, want)
		}
	}
}

func TestEditDistanceLongInputs(t *testing.T) {
	// A long reply with a small edit in the middle stays exact, thanks to
	// prefix and suffix stripping.
	long := strings.Repeat("The refund reaches your card within five working days. ", 2000)
	edited := long[:50000] + "XYZ" + long[50003:]
	if got := EditDistance(long, edited); got != 3 {
		t.Errorf("small edit in a long text: distance %d, want 3", got)
	}
	// Entirely different long texts: bounded work, an upper bound that is
	// at least the length difference and at most the longer length.
	a := strings.Repeat("a", MaxEditDistanceRunes*3)
	b := strings.Repeat("b", MaxEditDistanceRunes*2)
	got := EditDistance(a, b)
	if got != len(a) {
		t.Errorf("EditDistance of disjoint texts = %d, want %d", got, len(a))
	}
}

func validEntry() LedgerEntry {
	return LedgerEntry{
		RequestID: "req-1",
		Agent:     " Sam ",
		Provider:  "none",
		Passages: []LedgerPassage{
			{PassageID: "refunds#0", ArticleID: "refunds", ArticleVersion: 2},
			{PassageID: "vpn#1", ArticleID: "vpn", ArticleVersion: 1},
		},
		Options: []LedgerOption{
			{Index: 0, Title: "Refund", Reply: "Your refund is on its way.", Kind: "extractive", Citations: []string{"refunds#0"}},
			{Index: 1, Title: "Ask", Reply: "Which appointment?", Kind: "extractive", Citations: []string{}},
		},
	}
}

func TestLedgerEntryValidation(t *testing.T) {
	e, err := validEntry().Normalized()
	if err != nil {
		t.Fatal(err)
	}
	if e.Agent != "Sam" {
		t.Errorf("agent not trimmed: %q", e.Agent)
	}
	tests := []struct {
		name   string
		change func(*LedgerEntry)
		want   string
	}{
		{"no agent", func(e *LedgerEntry) { e.Agent = "" }, "no agent"},
		{"no provider", func(e *LedgerEntry) { e.Provider = " " }, "no provider"},
		{"no options", func(e *LedgerEntry) { e.Options = nil }, "no options"},
		{"unknown citation", func(e *LedgerEntry) { e.Options[0].Citations = []string{"ghost#3"} }, `cites passage "ghost#3"`},
		{"duplicate index", func(e *LedgerEntry) { e.Options[1].Index = 0 }, "two options have index 0"},
		{"negative index", func(e *LedgerEntry) { e.Options[1].Index = -1 }, "indexes start at 0"},
		{"passage without version", func(e *LedgerEntry) { e.Passages[0].ArticleVersion = 0 }, "article version 0"},
		{"duplicate passage", func(e *LedgerEntry) { e.Passages[1].PassageID = "refunds#0" }, "listed twice"},
		{"bad utf8 reply", func(e *LedgerEntry) { e.Options[0].Reply = "\xc3" }, "reply is not valid UTF-8"},
		{"bad set id", func(e *LedgerEntry) { e.SetID = "a b" }, "set id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := validEntry()
			e.Options = append([]LedgerOption(nil), e.Options...)
			e.Passages = append([]LedgerPassage(nil), e.Passages...)
			tc.change(&e)
			_, err := e.Normalized()
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrInvalid mentioning %q", err, tc.want)
			}
		})
	}
}

func TestLedgerEventValidation(t *testing.T) {
	set, _ := validEntry().Normalized()
	set.SetID = "sug-1"
	ok := []LedgerEvent{
		{Agent: "Sam", Type: EventShown, OptionIndex: WholeSet},
		{Agent: "Sam", Type: EventInserted, OptionIndex: 1},
		{Agent: "Sam", Type: EventDiscarded, OptionIndex: WholeSet, Reason: ReasonOutdated, Comment: "old fees"},
		{Agent: "Sam", Type: EventSent, OptionIndex: 0, FinalText: "Your refund is on its way."},
	}
	for _, ev := range ok {
		if _, err := ev.NormalizedFor(set); err != nil {
			t.Errorf("%+v: %v", ev, err)
		}
	}
	bad := []struct {
		ev   LedgerEvent
		want string
	}{
		{LedgerEvent{Agent: "Sam", Type: "liked"}, `event type "liked"`},
		{LedgerEvent{Type: EventShown, OptionIndex: WholeSet}, "no agent"},
		{LedgerEvent{Agent: "Sam", Type: EventInserted, OptionIndex: WholeSet}, "must name the option"},
		{LedgerEvent{Agent: "Sam", Type: EventInserted, OptionIndex: 7}, "has no option 7"},
		{LedgerEvent{Agent: "Sam", Type: EventDiscarded, OptionIndex: 0}, "say why"},
		{LedgerEvent{Agent: "Sam", Type: EventDiscarded, OptionIndex: 0, Reason: "boring"}, `discard reason "boring"`},
		{LedgerEvent{Agent: "Sam", Type: EventSent, OptionIndex: 0, Reason: ReasonTone}, "only discarded events take a reason"},
		{LedgerEvent{Agent: "Sam", Type: EventEdited, OptionIndex: 0, EditDistance: -1}, "negative"},
	}
	for _, tc := range bad {
		_, err := tc.ev.NormalizedFor(set)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want ErrInvalid mentioning %q", tc.ev, err, tc.want)
		}
	}
}

func TestLedgerEventComputesEditDistance(t *testing.T) {
	set, _ := validEntry().Normalized()
	ev, err := LedgerEvent{Agent: "Sam", Type: EventEdited, OptionIndex: 0, FinalText: "Your refund is on the way."}.NormalizedFor(set)
	if err != nil {
		t.Fatal(err)
	}
	if want := EditDistance("Your refund is on its way.", "Your refund is on the way."); ev.EditDistance != want || want == 0 {
		t.Errorf("EditDistance = %d, want %d", ev.EditDistance, want)
	}
	ev, _ = LedgerEvent{Agent: "Sam", Type: EventEdited, OptionIndex: 0, FinalText: "x", EditDistance: 99}.NormalizedFor(set)
	if ev.EditDistance != 99 {
		t.Errorf("a caller-supplied distance was replaced: %d", ev.EditDistance)
	}
}
