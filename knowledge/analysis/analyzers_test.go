package analysis

import (
	"reflect"
	"testing"
)

func TestAnalyzers(t *testing.T) {
	cases := []struct {
		analyzer, text string
		want           []string
	}{
		{English, "The customer's refunds are Pending!", []string{"the", "custom", "refund", "are", "pend"}},
		{English, "Cancelled subscriptions renewing", []string{"cancel", "subscript", "renew"}},
		{English, "refunds возврата", []string{"refund", "возврат"}},
		{EnglishPlain, "Cancelled refunds", []string{"cancelled", "refunds"}},
		{Russian, "Возврат денег клиентам", []string{"возврат", "денег", "клиент"}},
		{RussianPlain, "Возврат денег", []string{"возврат", "денег"}},
		{Thai, "คืนเงิน", []string{"คื", "คืน", "ืน", "ืนเ", "นเ", "นเง", "เง", "เงิ", "งิ", "งิน", "ิน"}},
		{Thai, "รหัส OTP ไม่มา", []string{"รห", "รหั", "หั", "หัส", "ัส", "otp", "ไม", "ไม่", "ม่", "ม่ม", "่ม", "่มา", "มา"}},
		{English, "refund คืน now", []string{"refund", "คื", "คืน", "ืน", "now"}},
		{Thai, "refunds คืน", []string{"refund", "คื", "คืน", "ืน"}},
		{Generic, "Rückerstattung Ｆｕｌｌ", []string{"rückerstattung", "full"}},
	}
	for _, c := range cases {
		got, err := Terms(c.analyzer, c.text)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s(%q) = %q, want %q", c.analyzer, c.text, got, c.want)
		}
	}
}

func TestThaiOffsetsAndPositions(t *testing.T) {
	tok := NewMixedTokenizer()
	in := []byte("ab ไทย cd")
	ts := tok.Tokenize(in)
	if len(ts) != 4 {
		t.Fatalf("got %d tokens: %v", len(ts), ts)
	}
	for i, tk := range ts {
		if tk.Position != i+1 {
			t.Errorf("token %d position %d", i, tk.Position)
		}
		if string(in[tk.Start:tk.End]) != string(tk.Term) {
			t.Errorf("token %q offsets %d..%d give %q", tk.Term, tk.Start, tk.End, in[tk.Start:tk.End])
		}
	}
	if got := tok.Tokenize([]byte("ก")); len(got) != 1 || string(got[0].Term) != "ก" {
		t.Errorf("single Thai char: %v", got)
	}
}

func TestForLanguage(t *testing.T) {
	if ForLanguage("ru") != Russian || ForLanguage("th") != Thai || ForLanguage("en") != English || ForLanguage("de") != Generic {
		t.Fatal("ForLanguage mapping wrong")
	}
}
