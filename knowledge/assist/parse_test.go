package assist

import (
	"errors"
	"strings"
	"testing"
)

const validJSON = `{"options":[{"title":"Refund now","reply":"We will refund you.","steps":["Issue refund"],"citations":["a#1"]},` +
	`{"title":"Ask","reply":"Which charge?","steps":[],"citations":[]}],"not_in_kb":false,"clarifying_question":""}`

func TestParseAnswerTolerates(t *testing.T) {
	for name, in := range map[string]string{
		"plain":      validJSON,
		"fence":      "```json\n" + validJSON + "\n```",
		"prose":      "Here are your options:\n" + validJSON + "\nHope this helps!",
		"fence+text": "Sure.\n```json\n" + validJSON + "\n```\nDone.",
	} {
		a, err := parseAnswer(in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(a.Options) != 2 || a.Options[0].Citations[0] != "a#1" {
			t.Errorf("%s: parsed %+v", name, a)
		}
	}
}

func TestParseAnswerRejects(t *testing.T) {
	opt := func(reply string) string {
		return `{"title":"T","reply":"` + reply + `","steps":[],"citations":[]}`
	}
	for name, c := range map[string]struct{ in, want string }{
		"empty":                      {"  ", "empty"},
		"no json":                    {"I cannot help with that.", "no JSON object"},
		"truncated":                  {`{"options":[{"title":"x"`, "invalid"},
		"unknown field":              {`{"options":[],"answer":"x"}`, "invalid"},
		"wrong type":                 {`{"options":[{"title":"T","reply":"R","steps":"do it","citations":[]}]}`, "invalid"},
		"one option":                 {`{"options":[` + opt("a") + `]}`, "has 1 entries"},
		"four options":               {`{"options":[` + opt("a") + "," + opt("b") + "," + opt("c") + "," + opt("d") + `]}`, "has 4 entries"},
		"empty reply":                {`{"options":[` + opt("a") + "," + opt(" ") + `]}`, "empty \"reply\""},
		"duplicate":                  {`{"options":[` + opt("Same  text") + "," + opt("same text") + `]}`, "same reply"},
		"two objects":                {validJSON + "\n" + validJSON, "more than one"},
		"not_in_kb without question": {`{"options":[],"not_in_kb":true}`, "clarifying_question"},
	} {
		_, err := parseAnswer(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error = %v, want it to mention %q", name, err, c.want)
		}
	}
	if _, err := parseAnswer(""); !errors.Is(err, errEmpty) {
		t.Errorf("empty: %v", err)
	}
}

func TestParseAnswerNotInKB(t *testing.T) {
	a, err := parseAnswer(`{"options":[],"not_in_kb":true,"clarifying_question":"Which plan are you on?"}`)
	if err != nil || !a.NotInKB || a.ClarifyingQuestion != "Which plan are you on?" {
		t.Fatalf("%+v %v", a, err)
	}
}
