package search

import (
	"strings"
	"testing"
)

func TestKeywordsKeepContentWordsOnce(t *testing.T) {
	got := Keywords("Hello, I was charged TWICE for my visit and the visit was cancelled. Charged twice!", 40)
	if got != "charged twice visit cancelled" {
		t.Fatalf("keywords = %q", got)
	}
	if got := Keywords("Здравствуйте, мне нужно перенести прием на другой день", 40); got != "нужно перенести прием другой день" {
		t.Fatalf("russian keywords = %q", got)
	}
	if got := Keywords("ผลตรวจเลือดไม่แสดงในแอป MyHealth", 40); !strings.Contains(got, "myhealth") || !strings.Contains(got, "ผลตรวจ") {
		t.Fatalf("thai keywords = %q", got)
	}
	long := strings.Repeat("alpha beta gamma delta ", 10) + strings.Repeat("w", 3)
	if n := len(strings.Fields(Keywords(long+" "+strings.Repeat("x y z ", 5), 3))); n != 3 {
		t.Fatalf("cap not applied: %d words", n)
	}
}
