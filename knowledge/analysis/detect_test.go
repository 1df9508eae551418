package analysis

import "testing"

func TestDetect(t *testing.T) {
	cases := []struct{ text, want string }{
		{"How do I get a refund for a cancelled visit?", LangEnglish},
		{"The Panthers defense gave up just 308 points, ranking sixth in the league, while also leading the NFL in interceptions.", LangEnglish},
		{"Защита Пэнтерс уступила всего 308 очков, заняв шестое место в лиге, а также лидировала в НФЛ по перехватам.", LangRussian},
		{"ทีมรับของแพนเธอร์สถอดใจที่คะแนน 308 ได้อันดับที่หกของลีก", LangThai},
		{"รหัส OTP ไม่มา", LangThai},
		{"возврат денег", LangRussian},
		// German running text: Latin script, but not the English profile.
		{"Die Verteidigung der Panthers gab nur 308 Punkte ab und belegte damit den sechsten Platz in der Liga, während sie die NFL mit 24 Interceptions anführte.", LangUnknown},
		{"1234 !!", LangUnknown},
		// Mixed: a Russian article quoting English product names.
		{"Как вернуть деньги за подписку Premium Plan, если оплата прошла через App Store и приложение не открывается?", LangRussian},
	}
	for _, c := range cases {
		if got := Detect(c.text); got != c.want {
			t.Errorf("Detect(%q) = %q, want %q (shares %v)", c.text, got, c.want, Shares(c.text))
		}
	}
}

func TestSharesMixed(t *testing.T) {
	sh := Shares("Refund policy: возврат денег в течение 14 дней")
	if len(sh) != 2 {
		t.Fatalf("want two languages, got %v", sh)
	}
	var sum float64
	for _, s := range sh {
		sum += s.Share
	}
	if sum < 0.999 || sum > 1.001 || sh[0].Share < sh[1].Share {
		t.Errorf("shares %v do not sum to 1 in order", sh)
	}
}

func TestStemWordByScript(t *testing.T) {
	for in, want := range map[string]string{"refunds": "refund", "возврата": "возврат", "คืน": "คืน", "2024": "2024"} {
		if got := StemWord(in); got != want {
			t.Errorf("StemWord(%q) = %q, want %q", in, got, want)
		}
	}
}
